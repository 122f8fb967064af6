import Foundation
import TendCore
import TendInterop
import TendServices
import TendForms
import TendMail

/// Every parser of outside input, as the fuzzer calls it. A target returns normally for any input;
/// a crash or a hang is a finding (RELIABILITY.md).
enum FuzzTarget: String, CaseIterable {
    /// A vCard file as `tend import` reads it, each contact then written back in 4.0 and 3.0 and read again.
    case vcard
    /// A CSV file: the table, then LinkedIn's, Google's or a generic layout.
    case csv
    /// Any file `tend import` is given, its kind found from the bytes.
    case `import`
    /// A JSON backup, decoded and checked as a restore does.
    case backup
    /// A multipart form body: the first line is the Content-Type, the rest the body.
    case multipart
    /// An `application/x-www-form-urlencoded` body.
    case form
    /// What an SMTP server sends: replies, line by line, in pieces as they arrive.
    case smtp
    /// Phone numbers as cards and forms hold them: the first line is the default country, the rest a number
    /// each line, made E.164 and into send links.
    case phone
    /// A feed or a web page as a poll fetches it: read as RSS, Atom or JSON Feed, or searched for its feeds;
    /// every entry's title and summary then read as news.
    case feed
    /// A card a CardDAV client PUTs: read, given changed fields, merged with another write, converted to each version;
    /// what was applied must read back as what was asked for.
    case card
    /// A WebDAV request body (PROPFIND, PROPPATCH, REPORT): read safely, and a dead property written out again must read back.
    case dav
    /// What an IMAP server sends: framed into responses (literals and all) in two reads, each parsed, FETCH data read
    /// as mail capture reads it (issue 16).
    case imap
    /// An mbox file in uneven chunks: its messages' headers parsed and read by capture's rules.
    case mbox
    /// A Monica export: read, every contact's profile checked as an import checks it, every date put on a day.
    case monica
    /// A WhatsApp chat's text (issue 17): read with and without a name, who is who worked out; its days in order,
    /// every sender of a day one of the chat's.
    case whatsapp
    /// Telegram Desktop's result.json (issue 17): read, who is who worked out.
    case telegram
    /// A zip archive as a chat export comes (issue 17): its directory read and every entry unpacked within a limit
    /// and checked; the bytes also inflated as raw DEFLATE.
    case zip
    /// An iCalendar file (issue 17): read, every event's occurrences over fifty years expanded in two zones (each within the
    /// window, in order), and each occurrence read for its channel and its day.
    case ics

    func run(_ data: Data) {
        switch self {
        case .ics:
            guard let file = try? CalendarFile.read(data) else { return }
            for zone in ["UTC", "Pacific/Kiritimati"].compactMap(TimeZone.init(identifier:)) {
                let (from, through): (Int64, Int64) = (946_684_800, 2_524_608_000)
                guard let occurrences = try? file.occurrences(from: from, through: through, zone: zone, perSeries: 2000, limit: 20_000) else { continue }
                var last = Int64.min
                for o in occurrences.prefix(5000) {
                    let t = o.start.instant(floating: zone)
                    precondition(t >= from && t <= through, "an occurrence outside the window")
                    precondition(t >= last, "occurrences out of order")
                    last = t
                    _ = o.day(in: zone)
                    _ = CalendarCapture.channel(location: o.event.location, texts: [o.event.description] + o.event.links)
                }
            }
        case .whatsapp:
            let text = String(decoding: data, as: UTF8.self)
            for title in [nil, "Ana Lima"] as [String?] {
                guard let chat = try? WhatsAppChat.read(text, title: title) else { continue }
                precondition(Swift.zip(chat.days, chat.days.dropFirst()).allSatisfy { $0.day <= $1.day }, "days out of order")
                precondition(chat.days.allSatisfy { chat.senders.indices.contains($0.sender) && $0.firstText.count <= 200 }, "a day of no sender")
                precondition(chat.days.reduce(0) { $0 + $1.messages } == chat.messages, "messages lost between days and senders")
                let export = ChatExport(app: .whatsapp, chats: [chat, chat])
                _ = export.own(names: [])
                _ = export.own(names: [chat.senders.first?.name ?? "x"])
                for d in chat.days { _ = MailCapture.proposedIntent(subject: d.firstText) }
            }
            _ = WhatsAppChat.title(fromFileName: String(text.prefix(300)))
            _ = WhatsAppChat.looksLike(Substring(text.prefix(2048)))
        case .telegram:
            guard let export = try? TelegramExport.read(data) else { return }
            _ = export.own(names: [])
            for c in export.chats { precondition(c.days.allSatisfy { c.senders.indices.contains($0.sender) }, "a day of no sender") }
        case .zip:
            let bytes = [UInt8](data)
            if let archive = try? ZipArchive(bytes) {
                for e in archive.entries.prefix(50) {
                    if let out = try? archive.data(of: e, limit: 1 << 20) { precondition(out.count <= 1 << 20, "unpacked past the limit") }
                }
            }
            if let out = try? Inflate.inflate(bytes, limit: 1 << 20) { precondition(out.count <= 1 << 20, "inflated past the limit") }
            _ = try? ChatFiles.read(data, format: .auto, filename: "WhatsApp Chat - Ana.zip")
        case .monica:
            guard case .monica(let export)? = try? ImportFile.read(data, format: .monica) else { return }
            for c in export.contacts { _ = try? c.contact.profile.validated() }
            let zone = TimeZone(identifier: "Pacific/Kiritimati")!
            for t in export.touches { _ = t.when.day(in: zone) }
            for m in export.lifeEvents { _ = m.when.day(in: zone) }
        case .vcard:
            guard case .contacts(let read, _)? = try? ImportFile.read(data, format: .vcard) else { return }
            for contact in read.contacts.prefix(20) {
                let person = Person(id: PersonID(1), profile: contact.profile, tier: .familiar, addedOn: Day(year: 2026, month: 1, day: 1)!)
                for version in [VCardWriter.Version.v4, .v3] {
                    _ = VCardReader.read(VCardWriter.write(.init(person: person), version: version))
                }
            }
        case .csv:
            _ = try? ImportFile.read(data, format: .csv)
            _ = try? ImportFile.read(data, format: .linkedin)
            _ = try? ImportFile.read(data, format: .google)
        case .import:
            _ = try? ImportFile.read(data, format: .auto)
        case .backup:
            guard let backup = try? Backup.decode(data) else { return }
            _ = try? backup.check()
            _ = try? backup.encoded()
        case .multipart:
            let bytes = [UInt8](data)
            let end = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            let contentType = String(decoding: bytes[..<end], as: UTF8.self)
            _ = MultipartReading.read(contentType: contentType, body: Array(bytes[min(end + 1, bytes.endIndex)...]))
        case .form:
            _ = MultipartReading.readURLEncoded([UInt8](data))
        case .imap:
            let bytes = [UInt8](data)
            guard let first = bytes.first else { return }
            let cut = Int(first) % (bytes.count + 1)
            var buffer: [UInt8] = []
            for piece in [bytes[..<cut], bytes[cut...]] {
                buffer += piece
                while let n = try? IMAPParser.frameLength(buffer), n > 0 {
                    precondition(n <= buffer.count, "a frame longer than what was read")
                    if let r = try? IMAPParser.parse(Array(buffer[..<n])), let fetched = IMAPFetched(r) {
                        _ = MailHeaders.header(fetched.headerFields)
                        _ = fetched.envelope?.subject.map(MailHeaders.decodeWords)
                        _ = fetched.envelope?.from.map { MailHeaders.decodeWords($0.name) }
                    }
                    buffer.removeFirst(n)
                }
            }
            _ = ModifiedUTF7.decode(String(decoding: bytes.prefix(200), as: UTF8.self))
        case .mbox:
            let bytes = [UInt8](data)
            var reader = MboxReader()
            var messages: [MboxReader.Message] = []
            var i = 0, step = 1
            do {
                while i < bytes.count {
                    let end = min(bytes.count, i + step)
                    messages += try reader.feed(bytes[i..<end])
                    i = end
                    step = step * 3 % 97 + 1
                }
                messages += try reader.finish()
            } catch { return }
            for m in messages {
                precondition(m.header.count <= MboxReader.maximumHeader, "a header over the limit was kept")
                let h = MailHeaders.header(m.header)
                _ = h.key
                _ = MailCapture.read(h, me: ["me@example.com"], maxRecipients: 20)
                _ = MailCapture.proposedIntent(subject: h.subject)
            }
        case .smtp:
            // Once whole, once split where the first byte says (a reply arriving in two reads).
            var whole = SMTPReplyParser()
            _ = try? whole.replies(in: [UInt8](data))
            let bytes = [UInt8](data)
            guard let first = bytes.first else { return }
            let cut = Int(first) % (bytes.count + 1)
            var split = SMTPReplyParser()
            if let (_, consumed) = try? split.replies(in: Array(bytes[..<cut])) {
                _ = try? split.replies(in: Array(bytes[consumed...]))
            }
        case .feed:
            if let feed = try? FeedReader.read(data, url: "https://fuzz.example/a/feed.xml") {
                for entry in feed.entries {
                    _ = entry.key
                    _ = NewsReading.kind(title: entry.title, summary: entry.summary, about: .company)
                }
            } else {
                _ = FeedReader.discover(html: data, url: "https://fuzz.example/a/")
            }
        case .card:
            let text = String(decoding: data.prefix(200_000), as: UTF8.self)
            guard case .person(let profile, _) = CardPatch.read(text) else {
                _ = CardPatch.converted(text, to: "4.0")
                return
            }
            var changed = profile
            changed.emails = Array(changed.emails.dropFirst()) + ["fuzz@example.com"]
            changed.phones = changed.phones.reversed()
            changed.company = changed.company == nil ? "Fuzz & Co; Ltd" : nil
            changed.title = changed.title.map { $0 + " II" }
            // (A city taken out of the first address lets a second address's city show: not asked of the patch.)
            if changed.city == nil { changed.city = "Zürich" }
            changed.notes = changed.notes.isEmpty ? "a, b; c\\n" : ""
            changed.birthday = changed.birthday == nil ? Birthday(month: 2, day: 29, year: nil) : nil
            changed.links = [Link(label: "Fuzz", url: "https://fuzz.example/x")]
            guard let want = try? changed.validated() else { return }
            let patched = CardPatch.apply(want, to: text)
            _ = CardPatch.merge(theirs: profile, base: want, into: changed)
            if case .person(let again, _) = CardPatch.read(patched), CardPatch.Fields(again) != CardPatch.Fields(want),
               CardPatch.Fields(profile) != CardPatch.Fields(want) {
                // Applying what Tend knows must make the card say it (a reading the fuzzer finds otherwise is a finding).
                if ProcessInfo.processInfo.environment["TEND_FUZZ_STRICT"] != nil {
                    let a = Mirror(reflecting: CardPatch.Fields(again)).children.map { "\($0.label!)=\($0.value)" }
                    let w = Mirror(reflecting: CardPatch.Fields(want)).children.map { "\($0.label!)=\($0.value)" }
                    fatalError("applied fields do not read back: \(Swift.zip(a, w).filter { $0 != $1 })")
                }
            }
            for version in ["3.0", "4.0"] { _ = CardPatch.read(CardPatch.converted(patched, to: version)) }
            _ = CardPatch.settingUID("fuzz-uid", in: text)
        case .dav:
            guard let root = try? SafeXML.parseUTF8(data) else { return }
            var stack = [root]
            while let node = stack.popLast() {
                let xml = node.serialized()
                guard let again = try? SafeXML.parseUTF8(Data(xml.utf8)), again.name == node.name, again.namespace == node.namespace else {
                    fatalError("a serialized element does not read back: \(xml.prefix(200))")
                }
                stack += node.children.prefix(50)
            }
        case .phone:
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard let country = lines.first else { return }
            let phones = Array(lines.dropFirst().prefix(20))
            for raw in phones {
                // What comes back must be E.164, and stay itself when read again.
                guard let number = PhoneNumber.e164(raw, defaultCountry: country) else { continue }
                let digits = number.dropFirst()
                guard number.first == "+", (7...15).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                      PhoneNumber.e164(number, defaultCountry: nil) == number else {
                    fatalError("\(raw) made \(number)")
                }
            }
            let person = Person(id: PersonID(1), profile: Profile(displayName: "Fuzz", emails: ["a@example.com"], phones: phones,
                                                                  links: phones.map { Link(label: "t", url: $0) }),
                                addedOn: Day(year: 2026, month: 1, day: 1)!)
            _ = SendLink.Contact(person, defaultCountry: country)?.links(subject: country, draft: phones.joined())
        }
    }
}

#if FUZZING
/// The target `TEND_FUZZ_TARGET` names, read once.
let selectedTarget: FuzzTarget = {
    guard let name = ProcessInfo.processInfo.environment["TEND_FUZZ_TARGET"], let target = FuzzTarget(rawValue: name) else {
        FileHandle.standardError.write(Data("set TEND_FUZZ_TARGET to one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
        exit(2)
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    selectedTarget.run(Data(bytes: start, count: count))
    return 0
}
#else
/// Without the fuzzer: runs saved inputs through a target (`tend-fuzz vcard crash-1 crash-2`), to
/// replay a finding.
@main struct Replay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            print("usage: tend-fuzz TARGET FILE... (targets: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")))")
            exit(2)
        }
        var count = 0
        for file in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: file) else {
                print("cannot read \(file)")
                exit(1)
            }
            target.run(data)
            count += 1
        }
        print("\(count) inputs through \(name), no crash")
    }
}
#endif
