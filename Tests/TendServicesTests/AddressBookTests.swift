import Foundation
import Testing
import TendCore
import TendInterop
import TendServices
import TendStore
import TendTestSupport

/// The address book behind CardDAV (issue 15): a card per person, what Tend knows applied to the card a phone
/// wrote, phones' cards matched to people by the import rules, tombstones for archived people, merges field by field.
@Suite struct AddressBookTests {
    static let today = day("2026-11-27")

    /// A phone's card, as iOS writes one: an Apple label, a photo, an address Tend has no field for.
    static func phoneCard(uid: String = "ana-uid", email: String = "ana@example.com", birthday: String? = nil, note: String? = nil) -> String {
        var lines = ["BEGIN:VCARD", "VERSION:3.0", "PRODID:-//Apple Inc.//iPhone OS 18.1//EN", "N:Lima;Ana;;;", "FN:Ana Lima",
                     "item1.EMAIL;type=INTERNET;type=pref:\(email)", "item1.X-ABLabel:_$!<Other>!$_",
                     "TEL;type=CELL;type=VOICE;type=pref:+55 11 91234-5678",
                     "item2.ADR;type=HOME;type=pref:;;Rua Augusta 100;São Paulo;SP;01305-000;Brazil",
                     "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/",
                     "X-SOCIAL-THING:keep me"]
        if let birthday { lines.append("BDAY:\(birthday)") }
        if let note { lines.append("NOTE:\(note)") }
        lines += ["UID:\(uid)", "END:VCARD"]
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    func withBook(_ backend: Backend, _ body: (Tending) async throws -> Void) async throws {
        try await withDatabase(backend) { db, account in
            try await body(Tending(database: db.database, account: account))
        }
    }

    @Test(arguments: Backend.available)
    func everyoneInTheNetworkHasACardAndAChangeInTendReachesIt(_ backend: Backend) async throws {
        try await withBook(backend) { t in
            let ana = try await t.add("Ana Lima", .meaningful, birthday: "1990-04-12", emails: ["ana@example.com"])
            let (book, cards) = try await t.cardEntries()
            #expect(cards.count == 1 && cards[0].person == ana.id && cards[0].href.hasSuffix(".vcf"))
            let card = try #require(try await t.card(href: cards[0].href))
            #expect(card.vcard.contains("FN:Ana Lima") && card.vcard.contains("BDAY:1990-04-12") && card.vcard.contains("UID:"))
            #expect(card.etag.hasPrefix("\"") && card.etag.count == 34, "a strong, quoted ETag")

            // Nothing changed: the same book, the same ETag, no new change.
            let again = try await t.cardEntries()
            #expect(again.book.counter == book.counter && again.cards[0].etag == cards[0].etag)

            // A touch changes the account but not the card.
            _ = try await t.editPerson(.id(ana.id), on: Self.today) { $0.cadenceDays = 30 }
            #expect(try await t.cardEntries().book.counter == book.counter, "a cadence is Tend's own: no card changes")

            _ = try await t.editPerson(.id(ana.id), on: Self.today) { $0.profile.emails.append("ana@work.example") }
            let changed = try #require(try await t.card(href: cards[0].href))
            #expect(changed.etag != card.etag && changed.vcard.contains("ana@work.example"))
            let since = try #require(try await t.cardChanges(since: book.counter))
            #expect(since.changes.map(\.href) == [cards[0].href] && since.book.counter > book.counter)
            #expect(try await t.cardChanges(since: since.book.counter + 1) == nil, "a token the book never gave is unknown")
        }
    }

    @Test(arguments: Backend.available)
    func aCardFromThePhoneIsKeptAsWrittenAndMatchedToThePersonAlreadyThere(_ backend: Backend) async throws {
        try await withBook(backend) { t in
            let ana = try await t.add("Ana Lima", .meaningful, emails: ["ANA@example.com"])
            let made = try await t.cardEntries().cards
            // The phone copies its own card of Ana into the book: matched by email, no second Ana.
            let written = try await t.putCard(href: "ABC-123.vcf", text: Self.phoneCard(), ifMatch: nil, ifNoneMatch: true, on: Self.today)
            #expect(written.created && written.person == ana.id)
            #expect(try await t.counts().people == 1)
            #expect(written.etag != nil, "what Tend stores is what the phone sent: its ETag comes back")
            let stored = try #require(try await t.card(href: "ABC-123.vcf"))
            #expect(stored.vcard == Self.phoneCard(), "kept byte for byte")
            // The card Tend had made for her goes, so the phone does not show her twice.
            #expect(try await t.cardEntries().cards.map(\.href) == ["ABC-123.vcf"])
            #expect(try await t.cardChanges(since: 0)?.changes.first { $0.href == made[0].href }?.deleted == true)
            let after = try await t.person(.id(ana.id))
            #expect(after.tier == .meaningful, "Tend's own fields are the phone's to leave alone")
            #expect(after.profile.phones == ["+55 11 91234-5678"])
            #expect(after.profile.cardExtras.contains { $0.hasPrefix("PHOTO") })

            // A second card the phone writes for her is the phone's second contact: mirrored, not merged.
            let twice = try await t.putCard(href: "DEF-456.vcf", text: Self.phoneCard(uid: "other-uid"), ifMatch: nil, ifNoneMatch: true, on: Self.today)
            #expect(twice.person != ana.id && twice.person != nil)
            #expect(try await t.counts().people == 2)
        }
    }

    @Test(arguments: Backend.available)
    func editsOnBothSidesToDifferentFieldsBothSurvive(_ backend: Backend) async throws {
        try await withBook(backend) { t in
            let w = try await t.putCard(href: "ana.vcf", text: Self.phoneCard(), ifMatch: nil, ifNoneMatch: true, on: Self.today)
            let id = try #require(w.person)
            // In Tend, a note; on the phone (which has not synced since), a birthday, sent unconditionally as Thunderbird does.
            _ = try await t.editPerson(.id(id), on: Self.today) { $0.profile.notes = "Met at PyCon" }
            let served = try #require(try await t.card(href: "ana.vcf"))
            #expect(served.vcard.contains("NOTE:Met at PyCon") && served.vcard.contains("X-SOCIAL-THING:keep me"))
            let second = try await t.putCard(href: "ana.vcf", text: Self.phoneCard(birthday: "1990-04-12"), ifMatch: nil, ifNoneMatch: false, on: Self.today)
            #expect(!second.created)
            let p = try await t.person(.id(id))
            #expect(p.profile.notes == "Met at PyCon", "Tend's edit survives")
            #expect(p.profile.birthday == Birthday("1990-04-12"), "the phone's edit lands")
            let card = try #require(try await t.card(href: "ana.vcf"))
            #expect(card.vcard.contains("NOTE:Met at PyCon") && card.vcard.contains("BDAY:1990-04-12"))
            #expect(card.vcard.contains("item2.ADR;type=HOME;type=pref:") && card.vcard.contains("PHOTO;ENCODING=b"))
            #expect(second.etag == nil, "Tend changed what the phone sent: no ETag, so the phone reads it again")

            // A stale If-Match is refused; the current one works.
            await #expect(throws: CardError.preconditionFailed("the card changed since it was read")) {
                _ = try await t.putCard(href: "ana.vcf", text: Self.phoneCard(), ifMatch: [served.etag], ifNoneMatch: false, on: Self.today)
            }
            _ = try await t.putCard(href: "ana.vcf", text: card.vcard, ifMatch: [card.etag], ifNoneMatch: false, on: Self.today)
            await #expect(throws: CardError.preconditionFailed("a card exists at this address already")) {
                _ = try await t.putCard(href: "ana.vcf", text: card.vcard, ifMatch: nil, ifNoneMatch: true, on: Self.today)
            }
        }
    }

    @Test(arguments: Backend.available)
    func archivingRemovesTheCardAndUnarchivingBringsItBack(_ backend: Backend) async throws {
        try await withBook(backend) { t in
            let ana = try await t.add("Ana Lima")
            let (book, cards) = try await t.cardEntries()
            _ = try await t.editPerson(.id(ana.id), on: Self.today) { $0.archived = true }
            #expect(try await t.cardEntries().cards.isEmpty)
            let gone = try #require(try await t.cardChanges(since: book.counter))
            #expect(gone.changes.map(\.href) == cards.map(\.href) && gone.changes[0].deleted, "a tombstone every client's sync sees")
            #expect(try await t.card(href: cards[0].href) == nil)

            _ = try await t.editPerson(.id(ana.id), on: Self.today) { $0.archived = false }
            let back = try #require(try await t.cardChanges(since: gone.book.counter))
            #expect(back.changes.map(\.href) == cards.map(\.href) && !back.changes[0].deleted, "the same href comes back")

            // A phone deleting the card archives the person; their history stays.
            try await t.deleteCard(href: cards[0].href, ifMatch: nil)
            #expect(try await t.person(.id(ana.id)).archived)
            await #expect(throws: CardError.noSuchCard(cards[0].href)) { try await t.deleteCard(href: cards[0].href, ifMatch: nil) }
        }
    }

    @Test(arguments: Backend.available)
    func groupsAreKeptAsCardsAndBadCardsAreRefusedWithNothingStored(_ backend: Backend) async throws {
        try await withBook(backend) { t in
            let group = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Climbing\r\nN:Climbing;;;;\r\nX-ADDRESSBOOKSERVER-KIND:group\r\nX-ADDRESSBOOKSERVER-MEMBER:urn:uuid:ana-uid\r\nUID:group-1\r\nEND:VCARD\r\n"
            let w = try await t.putCard(href: "group.vcf", text: group, ifMatch: nil, ifNoneMatch: true, on: Self.today)
            #expect(w.person == nil && w.etag != nil)
            #expect(try await t.counts().people == 0, "a group is never a person")
            #expect(try await t.card(href: "group.vcf")?.vcard == group)

            await #expect(throws: CardError.self) {
                _ = try await t.putCard(href: "x.vcf", text: "HAHA:YES", ifMatch: nil, ifNoneMatch: true, on: Self.today)
            }
            do {
                _ = try await t.putCard(href: "x.vcf", text: "BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:a@b.c\r\nUID:x\r\nEND:VCARD\r\n", ifMatch: nil,
                                        ifNoneMatch: true, on: Self.today)
                Issue.record("a card with no name is refused")
            } catch let CardError.invalidCard(why) {
                #expect(why.contains("no name"))
            }
            // Two cards cannot share a UID, and a card's UID cannot change.
            await #expect(throws: CardError.uidConflict(href: "group.vcf")) {
                _ = try await t.putCard(href: "other.vcf", text: group, ifMatch: nil, ifNoneMatch: true, on: Self.today)
            }
            await #expect(throws: CardError.uidConflict(href: nil)) {
                _ = try await t.putCard(href: "group.vcf", text: group.replacingOccurrences(of: "UID:group-1", with: "UID:group-2"),
                                        ifMatch: nil, ifNoneMatch: false, on: Self.today)
            }
            #expect(try await t.cardEntries().cards.map(\.href) == ["group.vcf"], "nothing half-written")
            #expect(try await t.counts().people == 0)
        }
    }

    /// Several devices syncing at once, through several `tend serve` processes on one database (each its own
    /// `Tending`, as each process is): every person still has exactly one card, every change number is given once,
    /// and two devices creating the same card race to one winner and one 412, never a store error.
    @Test(arguments: Backend.available)
    func devicesSyncingAtOnceThroughSeveralServersKeepOneCardEach(_ backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            let setup = Tending(database: db.database, account: account)
            var people: [PersonID] = []
            for i in 0..<30 { people.append(try await setup.add("Person \(i)", emails: ["p\(i)@example.com"]).id) }

            let first = people[0]
            // Every device's first sync at once, while the phone adds cards and Tend edits a person.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<6 {
                    group.addTask { _ = try await Tending(database: db.database, account: account).cardEntries() }
                }
                for i in 0..<3 {
                    group.addTask {
                        _ = try await Tending(database: db.database, account: account).putCard(
                            href: "phone-\(i).vcf", text: Self.phoneCard(uid: "phone-\(i)", email: "new\(i)@example.com"),
                            ifMatch: nil, ifNoneMatch: true, on: Self.today)
                    }
                }
                group.addTask {
                    _ = try await Tending(database: db.database, account: account).editPerson(.id(first), on: Self.today) {
                        $0.profile.emails.append("p0@work.example")
                    }
                }
                try await group.waitForAll()
            }
            let (book, cards) = try await setup.cardEntries()
            #expect(cards.count == 33)
            #expect(Set(cards.compactMap(\.person)).count == 33, "one card per person")
            #expect(try await setup.counts().people == 33)
            let changes = try #require(try await setup.cardChanges(since: 0)).changes
            #expect(Set(changes.map(\.href)).count == changes.count && changes.allSatisfy { !$0.deleted })
            #expect(try #require(try await setup.card(href: cards.first { $0.person == people[0] }!.href)).vcard.contains("p0@work.example"))

            // Two devices create the same card at the same moment.
            let results = await withTaskGroup(of: Result<Void, any Error>.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        do {
                            _ = try await Tending(database: db.database, account: account).putCard(
                                href: "same.vcf", text: Self.phoneCard(uid: "same-uid", email: "same@example.com"),
                                ifMatch: nil, ifNoneMatch: true, on: Self.today)
                            return .success(())
                        } catch { return .failure(error) }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let failures = results.compactMap { if case .failure(let e) = $0 { e } else { nil } }
            #expect(failures.count == 1)
            for e in failures {
                #expect(e as? CardError == .preconditionFailed("a card exists at this address already")
                        || e as? CardError == .uidConflict(href: "same.vcf"), "\(e)")
            }
            #expect(try await setup.counts().people == 34)
            #expect(try await setup.cardEntries().book.counter > book.counter)
        }
    }

    @Test func appPasswordsAreShownOnceKeptHashedAndRevocable() async throws {
        try await withDatabase(.sqlite) { db, account in
            let passwords = AppPasswords(store: db.database.accessTokens)
            let (secret, created) = try await passwords.create(for: account, name: "Ana's iPhone", at: fixedNow)
            #expect(secret.wholeMatch(of: /[a-z]{5}-[a-z]{5}-[a-z]{5}-[a-z]{5}/) != nil)
            #expect(try await passwords.authenticate(secret, at: fixedNow) == account)
            // As a phone's keyboard types it: a capital first letter, no dashes.
            #expect(try await passwords.authenticate(secret.replacingOccurrences(of: "-", with: "").capitalized, at: fixedNow) == account)
            #expect(try await passwords.authenticate("aaaaa-aaaaa-aaaaa-aaaaa", at: fixedNow) == nil)
            #expect(try await passwords.list(of: account).map(\.name) == ["Ana's iPhone"])
            #expect(try await passwords.list(of: account)[0].lastUsedAt == fixedNow)
            try await passwords.revoke(created.id, of: account)
            #expect(try await passwords.authenticate(secret, at: fixedNow) == nil)
            await #expect(throws: TendError.noSuchAppPassword(created.id)) { try await passwords.revoke(created.id, of: account) }
            await #expect(throws: TendError.self) { _ = try await passwords.create(for: account, name: "  ", at: fixedNow) }
        }
    }

    /// The real-world cards other projects collected (../shared/vcard-corpus), when they are there, PUT one by one as a
    /// phone would and read back: every card is kept or refused with a reason, and every line of a kept card comes back
    /// (a line of a field Tend keeps may be rewritten only when Tend's reading of it differs, and then says the same).
    @Test func realWorldCardsComeBackWithEveryProperty() async throws {
        var folder = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { folder.deleteLastPathComponent() }
        folder = folder.appendingPathComponent("shared/vcard-corpus")
        guard FileManager.default.fileExists(atPath: folder.path) else { return }
        let files = (FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []).filter { $0.hasSuffix(".vcf") }.sorted()
        let db = try await Backend.sqlite.open()
        var kept = 0, identical = 0, refused = 0
        do {
            for (n, file) in files.enumerated() {
                guard let text = String(data: try Data(contentsOf: folder.appendingPathComponent(file)), encoding: .utf8) else { continue }
                // A fresh account per file: files of different projects reuse UIDs.
                let t = Tending(database: db.database, account: try await db.account("corpus\(n)@example.com"))
                for (i, card) in Self.cards(in: text).enumerated() {
                    do {
                        _ = try await t.putCard(href: "\(i).vcf", text: card, ifMatch: nil, ifNoneMatch: true, on: Self.today)
                    } catch let e as CardError {
                        refused += 1
                        if ProcessInfo.processInfo.environment["TEND_SHOW_REFUSED"] != nil { print("REFUSED \(file) \(i): \(e)") }
                        #expect(!e.description.isEmpty)
                        continue
                    }
                    kept += 1
                    let served = try #require(try await t.card(href: "\(i).vcf"), "\(file) card \(i)")
                    if served.vcard == card { identical += 1; continue }
                    let back = Set(ContentLine.unfold(served.vcard).map(\.text))
                    let lost = ContentLine.unfold(card).map(\.text).filter { line in
                        guard !back.contains(line), let p = ContentLine.parse(line, line: 0) else { return false }
                        return !Self.modelled.contains(p.name)
                    }
                    #expect(lost.isEmpty, "\(file) card \(i) lost \(lost.prefix(3))")
                }
            }
        } catch {
            await db.close()
            throw error
        }
        await db.close()
        #expect(kept >= 170, "kept \(kept), byte for byte \(identical), refused \(refused)")
    }

    /// Properties whose lines Tend may write anew from its fields.
    static let modelled: Set<String> = ["FN", "N", "NICKNAME", "EMAIL", "TEL", "ORG", "TITLE", "BDAY", "ANNIVERSARY", "X-ANNIVERSARY",
                                        "X-EVOLUTION-ANNIVERSARY", "X-MS-ANNIVERSARY", "NOTE", "CATEGORIES", "X-CATEGORIES", "URL",
                                        "X-SOCIALPROFILE", "X-EVOLUTION-BLOG-URL", "ADR", "X-ABLABEL"]

    /// Each top-level vCard of a file, as its own text.
    static func cards(in text: String) -> [String] {
        var out: [String] = [], current: [String] = [], depth = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let l = String(line).trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            let upper = l.trimmingCharacters(in: .whitespaces).uppercased()
            if upper == "BEGIN:VCARD" { depth += 1 }
            if depth > 0 { current.append(l) }
            if upper == "END:VCARD", depth > 0 {
                depth -= 1
                if depth == 0 { out.append(current.joined(separator: "\r\n") + "\r\n"); current = [] }
            }
        }
        return out
    }
}
