import Foundation
import Testing
import TendCore
import TendServices
import TendTestSupport

/// An mbox written by Python's `mailbox` module with the fixtures' mail gives the touches the IMAP sync gives.
@Suite struct MboxCaptureTests {
    static var script: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("mail/write_mbox.py")
    }

    /// The fixtures as an mbox from Python's mailbox module.
    static func pythonMbox() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tend-mbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("eml"), withIntermediateDirectories: true)
        for (i, m) in MailFixtures.messages.enumerated() {
            try Data(m.raw.utf8).write(to: dir.appendingPathComponent(String(format: "eml/%03d.eml", i)))
        }
        let out = dir.appendingPathComponent("All.mbox")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", script.path, dir.appendingPathComponent("eml").path, out.path]
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw TestSupportError("python3 could not write the mbox") }
        return out
    }

    @Test func pythonsMboxGivesTheSameTouchesAsTheMailbox() async throws {
        let mbox = try Self.pythonMbox()
        defer { try? FileManager.default.removeItem(at: mbox.deletingLastPathComponent()) }
        try await withTending { t in
            _ = try await t.updateSettings { $0.timeZone = "UTC" }
            for p in MailFixtures.people {
                _ = try await t.addPerson(Profile(displayName: p.name, emails: [p.email]), tier: Tier(rawValue: p.tier)!, on: day("2026-10-01"))
            }
            // José's new job is congratulated by mail; Ben's layoff is not answered by a photo, until that touch is corrected.
            let win = try await t.recordMoment("José Martínez", kind: .win(.newJob), on: day("2026-11-25"))
            let layoff = try await t.recordMoment("Ben Okafor", kind: .struggle(.layoff), on: day("2026-11-15"))
            let data = try [UInt8](Data(contentsOf: mbox))
            // In small uneven chunks, so that lines and messages fall across them.
            func reading() -> () throws -> [UInt8]? {
                var offset = 0
                return {
                    guard offset < data.count else { return nil }
                    let end = min(data.count, offset + 777)
                    defer { offset = end }
                    return Array(data[offset..<end])
                }
            }
            var dry = try await MailCapturer(tending: t, source: "mbox", extraAddresses: [MailFixtures.me], dryRun: true, now: MailboxSyncTests.now)
            let preview = try await dry.captureMbox(batch: 4, read: reading())
            #expect(preview.touches == 6 && preview.messages == 20 && preview.moments == 1, "\(preview.summary)")
            #expect(try await MailboxSyncTests.captured(t).isEmpty, "a dry run writes nothing")
            #expect(try await t.moment(win.id)?.state == .open, "a dry run answers nothing")

            var capturer = try await MailCapturer(tending: t, source: "mbox", extraAddresses: [MailFixtures.me], now: MailboxSyncTests.now)
            let report = try await capturer.captureMbox(batch: 4, read: reading())
            #expect(report == preview)
            #expect(try await MailboxSyncTests.captured(t) == MailboxSyncTests.expected)
            let answered = try #require(try await t.moment(win.id))
            #expect(answered.state == .answered && answered.answeredOn == day("2026-11-26"))
            #expect(try await t.moment(layoff.id)?.state == .open)
            let photos = try #require(try await t.captured(today: MailboxSyncTests.today, days: 60).touches
                .first { $0.touch.note == "Photos from the weekend" })
            _ = try await t.reviewCaptured(photos.touch.id, intent: .support)
            let supported = try #require(try await t.moment(layoff.id))
            #expect(supported.state == .answered && supported.answeredOn == day("2026-11-21"))

            var again = try await MailCapturer(tending: t, source: "mbox", extraAddresses: [MailFixtures.me], now: MailboxSyncTests.now)
            let second = try await again.captureMbox(read: reading())
            #expect(second.touches == 0 && second.alreadyRead == 13, "\(second.summary)")
        }
    }

    @Test func aFileThatIsNotAnMboxIsRefusedBeforeAnythingIsWritten() async throws {
        try await withTending { t in
            var capturer = try await MailCapturer(tending: t, source: "mbox", extraAddresses: [MailFixtures.me], now: MailboxSyncTests.now)
            var given = false
            await #expect(throws: TendError.self) {
                try await capturer.captureMbox(read: {
                    defer { given = true }
                    return given ? nil : Array("BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n".utf8)
                })
            }
            await #expect(throws: TendError.self, "no address of yours") {
                _ = try await MailCapturer(tending: t, source: "mbox", now: MailboxSyncTests.now)
            }
        }
    }
}
