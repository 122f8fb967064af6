import Foundation
import TendCore

/// The formats Tend imports.
public enum ImportFormat: String, CaseIterable, Sendable {
    case auto, vcard, linkedin, google, csv, backup, monica, whatsapp, telegram, ics
}

/// A file that cannot be imported at all, with a message that says why and what to do.
public struct ImportFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// What a file turned out to hold.
public enum ImportContent: Sendable {
    case contacts(ReadContacts, format: ImportFormat)
    /// A Tend JSON backup: restored, not merged.
    case backup(Data)
    /// A Monica 4.x JSON export: people merged, their activities, calls and life events added.
    case monica(MonicaExport)
    /// A WhatsApp or Telegram export: the days you wrote to people become touches.
    case chats(ChatExport)
    /// An iCalendar file: its past events with people become touches. `filename` names the calendar when it does not.
    case calendar(CalendarFile, filename: String?)
}

/// Reads an import file whatever it holds, or says in one line why it cannot.
public enum ImportFile {
    /// Files larger than this are refused before they are read.
    public static let maximumSize = 64 * 1024 * 1024

    /// - Parameters:
    ///   - data: The file's bytes.
    ///   - format: What the user says it is; `.auto` looks at the content.
    ///   - mapping: For a generic CSV: which column fills which field.
    ///   - filename: The file's name: a WhatsApp export's says whose chat it is.
    public static func read(_ data: Data, format: ImportFormat = .auto, mapping: [String: ContactField]? = nil,
                            filename: String? = nil) throws(ImportFileError) -> ImportContent {
        guard data.count <= maximumSize else {
            throw ImportFileError("the file is \(data.count / (1024 * 1024)) MB; Tend imports files up to \(maximumSize / (1024 * 1024)) MB — split it into smaller files")
        }
        if format == .ics || (format == .auto && CalendarFile.looksLikeCalendar(data.prefix(64))) {
            do throws(CalendarError) { return .calendar(try CalendarFile.read(data), filename: filename) } catch {
                throw ImportFileError(error.description)
            }
        }
        if let chats = try ChatFiles.read(data, format: format, filename: filename) { return .chats(chats) }
        // vCards are read line by line from the bytes: a 2.1 line may be in the charset it declares,
        // and one undecodable line costs one card, not the file.
        if format == .auto || format == .vcard, let bytes = try vCardBytes(data) {
            return .contacts(VCardReader.read(bytes: bytes), format: .vcard)
        }
        var text = try decode(data)
        // A byte-order mark (Excel's "CSV UTF-8", LinkedIn's export) is no part of the first line.
        if text.first == "\u{FEFF}" { text.removeFirst() }
        guard !text.trimmed.isEmpty else { throw ImportFileError("the file is empty") }
        let start = text.drop(while: \.isWhitespace)
        let looksLikeVCard = start.prefix(11).uppercased() == "BEGIN:VCARD"
        let looksLikeJSON = start.first == "{"

        let looksLikeMonica = looksLikeJSON && MonicaExport.looksLike(data)

        switch format {
        case .monica:
            guard looksLikeJSON else { throw ImportFileError("this is not a Monica export (a JSON file from Monica's Settings → Export)") }
            return .monica(try MonicaExport.read(data))
        case .auto where looksLikeMonica:
            return .monica(try MonicaExport.read(data))
        case .backup where looksLikeMonica:
            throw ImportFileError("this is a Monica export, not a Tend backup; import it with --format monica or --format auto")
        case .backup:
            guard looksLikeJSON else { throw ImportFileError("this is not a Tend backup (a JSON file written by `tend export --json`)") }
            return .backup(data)
        case .vcard:
            guard looksLikeVCard else { throw ImportFileError("this is not a vCard file: it does not start with BEGIN:VCARD") }
            return .contacts(VCardReader.read(text), format: .vcard)
        case .auto where looksLikeJSON:
            return .backup(data)
        case .auto where looksLikeVCard:
            return .contacts(VCardReader.read(text), format: .vcard)
        default:
            break
        }

        let table: CSVTable
        // The whole text, leading blank lines and all, so line numbers are the file's own.
        do { table = try CSVTable(text) } catch {
            if format == .auto { throw notRecognised }
            throw ImportFileError("line \(error.line): a quoted field is never closed")
        }
        guard let (kind, heading) = ContactCSV.detect(table, mapping: [.csv, .auto].contains(format) ? mapping : nil) else {
            switch format {
            case .linkedin: throw ImportFileError("this is not LinkedIn's Connections.csv: no heading 'First Name,Last Name,URL,Email Address,Company,Position,Connected On'")
            case .google: throw ImportFileError("this is not a Google Contacts CSV: no 'Given Name' and 'Group Membership', or 'First Name' and 'Labels', columns")
            case .csv: throw ImportFileError("this CSV has no name column; its columns are \(headings(table)). Say which is which with --map 'COLUMN=name,COLUMN=email' (fields: \(ContactField.allCases.map(\.rawValue).joined(separator: ", ")))")
            default: throw notRecognised
            }
        }
        let formatFound: ImportFormat = switch kind {
        case .linkedIn: .linkedin
        case .google: .google
        case .mapped: .csv
        }
        if format != .auto, format != formatFound, mapping == nil {
            throw ImportFileError("this looks like a \(formatFound.rawValue) file, not \(format.rawValue); import it with --format \(formatFound.rawValue) or --format auto")
        }
        return .contacts(ContactCSV.read(table, kind: kind, heading: heading), format: formatFound)
    }

    static let notRecognised = ImportFileError(
        "Tend cannot tell what this file holds: it reads vCards (.vcf), LinkedIn's Connections.csv, Google Contacts CSV, a CSV with a name column (or --map), Monica exports, WhatsApp chats (.txt, .zip), Telegram's result.json, calendars (.ics) and Tend backups (.json)")

    static func headings(_ table: CSVTable) -> String {
        (table.rows.first?.fields ?? []).prefix(20).map { "'\($0)'" }.joined(separator: ", ")
    }

    /// The bytes of a file that starts with BEGIN:VCARD (after a byte-order mark and blank space), as
    /// UTF-8 when it is UTF-16; nil for any other file.
    static func vCardBytes(_ data: Data) throws(ImportFileError) -> [UInt8]? {
        var bytes = [UInt8](data)
        if bytes.count >= 2, (bytes[0], bytes[1]) == (0xFF, 0xFE) || (bytes[0], bytes[1]) == (0xFE, 0xFF) {
            guard let s = String(data: data, encoding: .utf16) else { throw ImportFileError("the file says it is UTF-16 but is not") }
            bytes = Array((s.first == "\u{FEFF}" ? String(s.dropFirst()) : s).utf8)
        } else if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes.removeFirst(3)
        }
        if bytes.prefix(8192).contains(0) {
            throw ImportFileError("this is a binary file, not contacts: Tend reads vCards (.vcf), CSV and Tend backups (.json)")
        }
        let start = bytes.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }.prefix(11)
        guard String(decoding: start, as: UTF8.self).uppercased() == "BEGIN:VCARD" else { return nil }
        return bytes
    }

    /// UTF-8 (with or without a byte-order mark), or UTF-16 with one; binary data and invalid UTF-8
    /// are refused with the line they start on.
    static func decode(_ data: Data) throws(ImportFileError) -> String {
        let bytes = [UInt8](data)
        if bytes.count >= 2, (bytes[0], bytes[1]) == (0xFF, 0xFE) || (bytes[0], bytes[1]) == (0xFE, 0xFF) {
            guard let s = String(data: data, encoding: .utf16) else { throw ImportFileError("the file says it is UTF-16 but is not") }
            return s
        }
        if bytes.prefix(8192).contains(0) {
            throw ImportFileError("this is a binary file, not contacts: Tend reads vCards (.vcf), CSV and Tend backups (.json)")
        }
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        let line = firstInvalidUTF8Line(bytes)
        throw ImportFileError("line \(line) is not valid UTF-8; save the file as UTF-8 (in a spreadsheet: \"CSV UTF-8\") and import it again")
    }

    static func firstInvalidUTF8Line(_ bytes: [UInt8]) -> Int {
        var line = 1, start = 0
        for (i, b) in bytes.enumerated() where b == 0x0A {
            if String(validating: bytes[start..<i], as: UTF8.self) == nil { return line }
            line += 1
            start = i + 1
        }
        return line
    }
}
