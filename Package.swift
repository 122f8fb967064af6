// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Tend",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tend", targets: ["tend"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
    ],
    targets: [
        // Domain types and pure rules: Foundation only, no I/O, no clock.
        .target(name: "TendCore"),
        // The storage contract: repository protocols every backend implements.
        .target(name: "TendStore", dependencies: ["TendCore"]),
        // SQL shared by every SQLKit backend (SQLite now, PostgreSQL later).
        .target(name: "TendSQL", dependencies: [
            "TendStore",
            .product(name: "SQLKit", package: "sql-kit"),
        ]),
        // The embedded default: a SQLite file, its migrations and full-text search.
        .target(name: "TendSQLite", dependencies: [
            "TendSQL",
            .product(name: "SQLiteKit", package: "sqlite-kit"),
        ]),
        // Application services shared by the CLI (and later the server and API).
        .target(name: "TendServices", dependencies: ["TendCore", "TendStore"]),
        // The command line; `main` in `tend` only calls it.
        .target(name: "TendCLI", dependencies: [
            "TendServices",
            "TendSQLite",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "tend", dependencies: ["TendCLI"]),

        .testTarget(name: "TendCoreTests", dependencies: ["TendCore"]),
        .testTarget(name: "TendStoreTests", dependencies: ["TendStore", "TendSQLite"]),
        .testTarget(name: "TendServicesTests", dependencies: ["TendServices", "TendSQLite"]),
        .testTarget(name: "TendCLITests", dependencies: ["tend", "TendCore"]),
    ]
)
