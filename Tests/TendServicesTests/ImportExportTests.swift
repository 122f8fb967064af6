import Foundation
import Testing
import TendCore
import TendInterop
import TendServices
import TendSQLite
import TendStore
import TendTestSupport

@Suite struct ImportExportTests {
    static let today = day("2026-11-28")

    static func vcards(_ text: String) -> ReadContacts { VCardReader.read(text) }

    static let network = """
        BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nN:Lima;Ana;;;\r\nEMAIL:ana@example.com\r\nTEL:+351 912 345 678\r\nBDAY:--0412\r\nitem1.X-ABRELATEDNAMES:Ben Lima\r\nitem1.X-ABLabel:_$!<Spouse>!$_\r\nEND:VCARD\r
        BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ben Lima\r\nEMAIL:ben@example.com\r\nX-SOCIALPROFILE;type=linkedin:https://linkedin.com/in/benlima\r\nEND:VCARD\r
        BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Chen Wei\r\nNOTE:Met at the climbing gym\r\nRELATED;TYPE=friend;VALUE=text:Nobody Known\r\nRELATED;TYPE=parent;VALUE=text:Old Chen\r\nEND:VCARD\r

        """

    @Test func importingTwiceAddsNobody() async throws {
        try await withTending { t in
            let first = try await t.importContacts(Self.vcards(Self.network), format: "vcard", options: ImportOptions(), on: Self.today)
            #expect(first.added.map(\.name) == ["Ana Lima", "Ben Lima", "Chen Wei"])
            #expect(first.relations == 1)
            let relations = try await t.database.read(account: t.account) { try await $0.people.allRelations() }
            #expect(relations.count == 2) // partner both ways

            let second = try await t.importContacts(Self.vcards(Self.network), format: "vcard", options: ImportOptions(), on: Self.today)
            #expect(second.added.isEmpty)
            #expect(second.updated.isEmpty)
            #expect(second.unchanged.count == 3)
            #expect(second.relations == 0)
            #expect(try await t.counts().people == 3)
        }
    }

    @Test func matchesByEmailPhoneLinkedInThenName() async throws {
        try await withTending { t in
            try await t.addPerson(Profile(displayName: "Ana Lima", emails: ["ANA@example.com"]), tier: .intimate, on: Self.today)
            try await t.addPerson(Profile(displayName: "Benjamin Lima", links: [Link(label: "LinkedIn", url: "https://www.linkedin.com/in/benlima/")]),
                                  tier: .familiar, on: Self.today)
            try await t.addPerson(Profile(displayName: "Chen Wei", company: "Rock Co"), tier: .familiar, on: Self.today)
            try await t.addPerson(Profile(displayName: "Dee", phones: ["0912 345 678"]), tier: .familiar, on: Self.today)
            let text = Self.network + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dee Dee\r\nTEL:+351 912 345 678\r\nEND:VCARD\r\n"
            let r = try await t.importContacts(Self.vcards(text), format: "vcard", options: ImportOptions(), on: Self.today)
            #expect(r.added.isEmpty)
            #expect(r.merged.map(\.matchedBy) == ["email", "LinkedIn profile", "name", "phone"])
            #expect(r.merged.map(\.into) == ["Ana Lima", "Benjamin Lima", "Chen Wei", "Dee"])
            let ana = try await t.person("Ana Lima")
            // The network's own values win; what it lacked is filled in; the tier is untouched.
            #expect(ana.profile.emails == ["ANA@example.com"])
            #expect(ana.profile.phones == ["+351 912 345 678"])
            #expect(ana.profile.birthday == Birthday(month: 4, day: 12))
            #expect(ana.tier == .intimate)
            let chen = try await t.person("Chen Wei")
            #expect(chen.profile.notes == "Met at the climbing gym" && chen.profile.company == "Rock Co")
            // Relations to people not in the network are kept on the card for export.
            // A friend is no relation Tend has, so the line is kept as written; a parent not in the network
            // is kept as RELATED, and the report says Chen's card changed.
            #expect(chen.profile.cardExtras == ["RELATED;TYPE=friend;VALUE=text:Nobody Known", "RELATED;TYPE=parent;VALUE=text:Old Chen"])
            #expect(r.merged.first { $0.into == "Chen Wei" }?.changed == ["notes", "other vCard properties"])
            let again = try await t.importContacts(Self.vcards(text), format: "vcard", options: ImportOptions(), on: Self.today)
            #expect(again.updated.isEmpty && again.added.isEmpty, "a second import changes nothing")
            #expect(try await t.counts().people == 4)
        }
    }

    @Test func duplicatesInsideOneFileBecomeOnePerson() async throws {
        try await withTending { t in
            let text = "BEGIN:VCARD\nFN:Ana Lima\nEMAIL:ana@example.com\nEND:VCARD\nBEGIN:VCARD\nFN:Ana L.\nEMAIL:Ana@Example.com\nTEL:555 0100 99\nEND:VCARD\n"
            let r = try await t.importContacts(Self.vcards(text), format: "vcard", options: ImportOptions(), on: Self.today)
            #expect(r.added.map(\.name) == ["Ana Lima"])
            #expect(r.merged.first?.into == "Ana Lima (added from line 1)")
            #expect(try await t.person("Ana Lima").profile.phones == ["555 0100 99"])
        }
    }

    @Test func anAmbiguousNameAddsRatherThanGuesses() async throws {
        try await withTending { t in
            try await t.add("Sam Lee", company: "One")
            try await t.add("Sam Lee", company: "Two")
            let r = try await t.importContacts(Self.vcards("BEGIN:VCARD\nFN:Sam Lee\nEND:VCARD\n"), format: "vcard", options: ImportOptions(), on: Self.today)
            #expect(r.added.count == 1)
        }
    }

    @Test func dryRunWritesNothing() async throws {
        try await withTending { t in
            let r = try await t.importContacts(Self.vcards(Self.network), format: "vcard", options: ImportOptions(dryRun: true), on: Self.today)
            #expect(r.added.count == 3 && r.dryRun)
            #expect(r.summary == "Would add 3 people, would update 0, 0 already up to date, 1 relation, skipped 0.")
            #expect(try await t.counts().people == 0)
        }
    }

    @Test func allOrNothingUnlessSkipping() async throws {
        try await withTending { t in
            let text = Self.network + "BEGIN:VCARD\nVERSION:3.0\nEMAIL:x@example.com\nEND:VCARD\n"
            await #expect(throws: TendError.importProblems(["line 24 (x@example.com): this vCard has no name (no FN or N)"])) {
                try await t.importContacts(Self.vcards(text), format: "vcard", options: ImportOptions(), on: Self.today)
            }
            #expect(try await t.counts().people == 0)
            let r = try await t.importContacts(Self.vcards(text), format: "vcard", options: ImportOptions(skipInvalid: true), on: Self.today)
            #expect(r.added.count == 3)
            #expect(r.skipped.map(\.line) == [24])
        }
    }

    @Test func tierAndTagsForEveryone() async throws {
        try await withTending { t in
            _ = try await t.importContacts(Self.vcards(Self.network), format: "vcard",
                                           options: ImportOptions(tier: .unfamiliar, tags: ["From-Phone"]), on: Self.today)
            let ana = try await t.person("Ana Lima")
            #expect(ana.tier == .unfamiliar && ana.profile.tags == ["from-phone"])
        }
    }

    @Test func exportImportExportIsIdentical() async throws {
        try await withTending { t in
            let corpus = try ["iphone.vcf", "android-2.1.vcf", "outlook-2003.vcf", "evolution.vcf", "thunderbird.vcf", "rfc6350.vcf", "apple-contacts.vcf"]
                .map { name -> ReadContacts in
                    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                        .appendingPathComponent("TendInteropTests/Fixtures/\(name)")
                    guard case .contacts(let read, _) = try ImportFile.read(try Data(contentsOf: url)) else { throw TendError.importFile(name) }
                    return read
                }
            for read in corpus { _ = try await t.importContacts(read, format: "vcard", options: ImportOptions(), on: Self.today) }
            for version in VCardWriter.Version.allCases {
                let first = try await t.vCards(version: version).text
                try await withTending { fresh in
                    let again = try await fresh.importContacts(VCardReader.read(first), format: "vcard", options: ImportOptions(), on: Self.today)
                    #expect(again.skipped.isEmpty)
                    let second = try await fresh.vCards(version: version).text
                    #expect(second == first, "vCard \(version.rawValue)")
                }
            }
        }
    }

    @Test func vCardSelection() async throws {
        try await withTending { t in
            try await t.add("Ana", .intimate, tags: ["climbing"])
            try await t.add("Ben", .familiar)
            try await t.add("Cai", .familiar, tags: ["climbing"])
            #expect(try await t.vCards(ExportSelection(tier: .intimate)).count == 1)
            #expect(try await t.vCards(ExportSelection(tag: "climbing")).count == 2)
            #expect(try await t.vCards(ExportSelection(people: ["Ben", "Cai"])).count == 2)
            await #expect(throws: TendError.noSuchPerson("Zed")) { try await t.vCards(ExportSelection(people: ["Zed"])) }
        }
    }

    @Test func calendarHoldsBirthdaysAndUpcomingDates() async throws {
        try await withTending { t in
            try await t.add("Ana", .intimate, birthday: "1990-04-12", on: "2026-11-01")
            try await t.add("Ben", .unfamiliar, birthday: "--02-29", on: "2026-11-01")
            let ics = try await t.calendar(on: Self.today, now: Date(timeIntervalSince1970: 1_795_000_000))
            #expect(ics.contains("SUMMARY:Ana's birthday (born 1990)"))
            #expect(ics.contains("RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"))
            // Intimate cadence is 45 days: added 1 November, due 16 December.
            #expect(ics.contains("DTSTART;VALUE=DATE:20261216\r\nDTEND;VALUE=DATE:20261217\r\nSUMMARY:Keep up with Ana"))
            #expect(ics.contains("DTSTAMP:20261118T"))
        }
    }

    @Test func calendarFeedTokens() async throws {
        try await withTending { t in
            #expect(try await t.calendarFeed() == nil)
            let first = try await t.renewCalendarFeed()
            #expect(first.count == 43)
            #expect(try await t.database.accessTokens.account(calendarFeed: first) == t.account)
            let second = try await t.renewCalendarFeed()
            #expect(second != first)
            #expect(try await t.database.accessTokens.account(calendarFeed: first) == nil)
            try await t.revokeCalendarFeed()
            #expect(try await t.database.accessTokens.account(calendarFeed: second) == nil)
            #expect(try await t.calendarFeed() == nil)
        }
    }

    @Test func backupKeepsAnniversariesAndCardExtras() async throws {
        try await withTending { t in
            _ = try await t.importContacts(Self.vcards("BEGIN:VCARD\nVERSION:4.0\nFN:Ana\nANNIVERSARY:20100101\nX-FOO:bar\nEND:VCARD\n"),
                                           format: "vcard", options: ImportOptions(), on: Self.today)
            let backup = try await t.backup()
            #expect(backup.people[0].person.profile.anniversary == Birthday(month: 1, day: 1, year: 2010))
            #expect(backup.people[0].person.profile.cardExtras == ["X-FOO:bar"])
            try await withTending { fresh in
                try await fresh.restore(try Backup.decode(try backup.encoded()))
                #expect(try await fresh.backup().encoded() == (try backup.encoded()))
            }
        }
    }
}

@Suite struct ImportNameMatchTests {
    @Test func sameNameWithDifferentProfilesIsTwoPeople() async throws {
        try await withTending { t in
            try await t.addPerson(Profile(displayName: "Ana Lima", emails: ["ana@one.example"]), tier: .familiar, on: ImportExportTests.today)
            let csv = """
                First Name,Last Name,URL,Email Address,Company,Position,Connected On
                Ana,Lima,https://www.linkedin.com/in/ana-lima-1,,A,B,12 Mar 2024
                Ana,Lima,https://www.linkedin.com/in/ana-lima-2,,A,B,12 Mar 2024
                Ana,Lima,https://www.linkedin.com/in/ana-lima-2,,A,B,12 Mar 2024
                """
            guard case .contacts(let read, _) = try ImportFile.read(Data(csv.utf8)) else { Issue.record(); return }
            let r = try await t.importContacts(read, format: "linkedin", options: ImportOptions(), on: ImportExportTests.today)
            // The first matches the Ana already there by name (she has no profile to disagree);
            // the second has another profile than the first, so is someone else; the third is the second.
            #expect(r.merged.map(\.matchedBy) == ["name", "LinkedIn profile"])
            #expect(r.added.map(\.line) == [3])
            let emailed = "BEGIN:VCARD\nFN:Ana Lima\nEMAIL:ana@two.example\nX-SOCIALPROFILE;type=linkedin:https://www.linkedin.com/in/ana-lima-3\nEND:VCARD\n"
            let other = try await t.importContacts(VCardReader.read(emailed), format: "vcard", options: ImportOptions(), on: ImportExportTests.today)
            #expect(other.added.count == 1, "a third Ana, with her own email and profile")
            #expect(try await t.counts().people == 3)
        }
    }
}
