import Foundation
import Testing
import TendTestSupport

/// The real `tend` binary, run as a new user would, against its own clean data directory.
struct CLI {
    let home: URL
    var db: String { home.appendingPathComponent("tend.sqlite").path }

    struct Result {
        var status: Int32
        var out: String
        var err: String
        var succeeded: Bool { status == 0 }
    }

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("tend-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: home) }

    /// The binary SwiftPM built beside this test bundle.
    static let binary: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tend")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent(".build/debug/tend")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return beside
    }()

    /// Runs `tend` with `arguments` (and `--db` unless `useDefaultDatabase`), in an environment
    /// whose data directory is this test's own.
    @discardableResult
    func run(_ arguments: [String], useDefaultDatabase: Bool = false, environment: [String: String] = [:]) throws -> Result {
        try start(arguments, useDefaultDatabase: useDefaultDatabase, environment: environment).wait()
    }

    /// A `tend` process under way.
    struct Running {
        let process: Process
        let out: FileHandle, err: FileHandle
        let outURL: URL, errURL: URL

        func wait() throws -> Result {
            process.waitUntilExit()
            try out.close()
            try err.close()
            defer { try? FileManager.default.removeItem(at: outURL); try? FileManager.default.removeItem(at: errURL) }
            return Result(status: process.terminationStatus,
                          out: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                          err: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
        }
    }

    /// Starts `tend` as `run` does, without waiting for it.
    func start(_ arguments: [String], useDefaultDatabase: Bool = true, environment: [String: String] = [:]) throws -> Running {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments + (useDefaultDatabase ? [] : ["--db", db])
        var env = ["HOME": home.path, "XDG_DATA_HOME": home.appendingPathComponent("data").path, "TZ": "UTC",
                   "PATH": "/usr/bin:/bin"]
        env.merge(environment) { $1 }
        process.environment = env
        let outURL = home.appendingPathComponent("out-\(UUID().uuidString)"), errURL = home.appendingPathComponent("err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Running(process: process, out: out, err: err, outURL: outURL, errURL: errURL)
    }

    /// Runs and requires success, returning standard output.
    @discardableResult
    func ok(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let r = try run(arguments)
        #expect(r.status == 0, "tend \(arguments.joined(separator: " ")) failed: \(r.err)", sourceLocation: sourceLocation)
        return r.out
    }

    /// Decodes a command's `--json` output.
    func json(_ arguments: [String]) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try ok(arguments + ["--json"]).utf8))
    }

    /// Everything a user could see of the database, to check a failed command changed nothing.
    func snapshot() throws -> String {
        try ok(["list", "--archived", "--json"]) + ok(["ledger", "--json", "--date", "2026-11-27"])
            + ok(["today", "--json", "--date", "2026-11-27"])
    }
}
