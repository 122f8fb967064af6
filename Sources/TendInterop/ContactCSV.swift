import TendCore

/// A Tend field a CSV column can fill.
public enum ContactField: String, CaseIterable, Sendable {
    case name, givenName = "given-name", middleName = "middle-name", familyName = "family-name", nickname
    case email, phone, company, title, city, birthday, anniversary
    case metOn = "met-on", howWeMet = "how-we-met", notes, tags, url, linkedin

    /// Column headings that mean the field without a mapping ("E-mail Address" is an email).
    static let synonyms: [String: ContactField] = [
        "fullname": .name, "displayname": .name, "firstname": .givenName, "givenname": .givenName,
        "lastname": .familyName, "surname": .familyName, "familyname": .familyName, "middlename": .middleName,
        "emailaddress": .email, "mail": .email, "mobile": .phone, "mobilephone": .phone, "phonenumber": .phone,
        "telephone": .phone, "organization": .company, "organisation": .company, "employer": .company,
        "jobtitle": .title, "position": .title, "town": .city, "dateofbirth": .birthday, "dob": .birthday,
        "note": .notes, "labels": .tags, "tag": .tags, "website": .url, "linkedinurl": .linkedin,
    ]

    /// The field a heading names by itself, if any.
    static func guess(_ heading: String) -> ContactField? {
        let key = fold(heading)
        return allCases.first { fold($0.rawValue) == key } ?? synonyms[key]
    }

    static func fold(_ s: String) -> String {
        String(s.lowercased().filter { $0.isLetter || $0.isNumber })
    }
}

/// Which CSV this is, and so how its columns are read.
public enum CSVKind: Hashable, Sendable {
    /// LinkedIn's `Connections.csv`.
    case linkedIn
    /// Google Contacts' export, old ("Given Name", "Group Membership") or new ("First Name", "Labels").
    case google
    /// Any other CSV: each listed heading fills a field.
    case mapped([String: ContactField])
}

/// Reads contacts from CSV exports.
public enum ContactCSV {
    static let linkedInHeading = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]

    /// Which kind of CSV `table` is and the index of its heading row; nil when no heading is recognised.
    /// A `mapping` (heading → field) makes any CSV a mapped one.
    public static func detect(_ table: CSVTable, mapping: [String: ContactField]? = nil) -> (kind: CSVKind, heading: Int)? {
        // LinkedIn writes a "Notes:" preamble before its heading.
        for (i, row) in table.rows.prefix(10).enumerated() {
            let cells = row.fields.map { $0.trimmed }
            if cells.count >= 3, cells.prefix(2) == ["First Name", "Last Name"], cells.contains("Connected On") {
                return (.linkedIn, i)
            }
        }
        guard let heading = table.rows.first else { return nil }
        let cells = Set(heading.fields.map { $0.trimmed })
        if let mapping {
            return (.mapped(mapping), 0)
        }
        if cells.contains("Group Membership") && cells.contains("Given Name")
            || cells.contains("Labels") && cells.contains("First Name") && cells.contains("E-mail 1 - Value") {
            return (.google, 0)
        }
        var guessed: [String: ContactField] = [:]
        for cell in cells { if let f = ContactField.guess(cell) { guessed[cell] = f } }
        let fields = Set(guessed.values)
        if fields.contains(.name) || fields.contains(.givenName) || fields.contains(.familyName) {
            return (.mapped(guessed), 0)
        }
        return nil
    }

    /// Parses `"Full Name=name,E-mail=email"` into a mapping.
    public static func mapping(_ text: String) throws(ValidationError) -> [String: ContactField] {
        var out: [String: ContactField] = [:]
        for pair in text.split(separator: ",") {
            guard let eq = pair.lastIndex(of: "=") else {
                throw ValidationError(field: "map", message: "'\(pair)' is not COLUMN=FIELD")
            }
            let column = pair[..<eq].trimmed
            let word = pair[pair.index(after: eq)...].trimmed.lowercased()
            guard let field = ContactField(rawValue: word) else {
                throw ValidationError(field: "map", message: "unknown field '\(word)' in --map; fields are \(ContactField.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            out[column] = field
        }
        guard !out.isEmpty else { throw ValidationError(field: "map", message: "--map needs at least one COLUMN=FIELD") }
        return out
    }

    /// Reads every row after the heading.
    public static func read(_ table: CSVTable, kind: CSVKind, heading: Int) -> ReadContacts {
        let header = table.rows[heading].fields.map { $0.trimmed }
        var result = ReadContacts()
        if case .mapped(let mapping) = kind {
            let missing = mapping.keys.filter { !header.contains($0) }.sorted()
            if !missing.isEmpty {
                result.problems.append(ImportProblem(line: table.rows[heading].line,
                    message: "no column named \(missing.map { "'\($0)'" }.joined(separator: ", ")); the columns are \(header.map { "'\($0)'" }.joined(separator: ", "))"))
                return result
            }
        }
        for row in table.rows.dropFirst(heading + 1) {
            if row.fields.allSatisfy({ $0.trimmed.isEmpty }) { continue }
            guard row.fields.count <= header.count || row.fields.dropFirst(header.count).allSatisfy(\.isEmpty) else {
                result.problems.append(ImportProblem(line: row.line, message: "\(row.fields.count) fields where the heading has \(header.count)"))
                continue
            }
            var cells: [String: String] = [:]
            for (i, h) in header.enumerated() where i < row.fields.count {
                let v = row.fields[i].trimmed
                if !v.isEmpty { cells[h] = v }
            }
            let outcome: Result<Profile, ImportProblem>
            var related: [RelatedName] = []
            switch kind {
            case .linkedIn: outcome = linkedIn(cells, line: row.line)
            case .google:
                outcome = google(cells, header: header, line: row.line)
                related = googleRelations(cells, header: header)
            case .mapped(let mapping): outcome = mapped(cells, mapping: mapping, line: row.line)
            }
            switch outcome {
            case .success(var profile):
                if profile.displayName.isEmpty {
                    let problem = ImportProblem(line: row.line, name: profile.emails.first, message: "this row has no name")
                    // LinkedIn leaves the names of some members out; that is not a broken file.
                    if kind == .linkedIn { result.ignored.append(problem) } else { result.problems.append(problem) }
                    continue
                }
                do throws(ValidationError) {
                    profile = try profile.validated()
                    result.contacts.append(ImportedContact(line: row.line, profile: profile, related: related))
                } catch {
                    result.problems.append(ImportProblem(line: row.line, name: profile.displayName, message: error.message))
                }
            case .failure(let problem):
                result.problems.append(problem)
            }
        }
        return result
    }

    static func joinName(_ parts: String?...) -> String {
        parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    static func linkedIn(_ c: [String: String], line: Int) -> Result<Profile, ImportProblem> {
        var p = Profile(displayName: joinName(c["First Name"], c["Last Name"]),
                        givenName: c["First Name"], familyName: c["Last Name"])
        p.emails = c["Email Address"].map { [$0] } ?? []
        p.company = c["Company"]
        p.title = c["Position"]
        if let url = c["URL"] { p.links = [Link(label: "LinkedIn", url: url)] }
        if let connected = c["Connected On"] {
            guard let day = ContactDate.day(connected) else {
                return .failure(ImportProblem(line: line, name: p.displayName, message: "'Connected On' is not a date: '\(connected)'"))
            }
            p.metOn = day
            p.howWeMet = "Connected on LinkedIn"
        }
        return .success(p)
    }

    /// Google writes several values in one cell, separated by " ::: ".
    static func values(_ cell: String?) -> [String] {
        guard let cell else { return [] }
        return cell.components(separatedBy: ":::").map { $0.trimmed }.filter { !$0.isEmpty }
    }

    static func google(_ c: [String: String], header: [String], line: Int) -> Result<Profile, ImportProblem> {
        let given = c["First Name"] ?? c["Given Name"], middle = c["Middle Name"] ?? c["Additional Name"]
        let family = c["Last Name"] ?? c["Family Name"]
        var p = Profile(displayName: c["Name"] ?? joinName(c["Name Prefix"], given, middle, family, c["Name Suffix"]),
                        givenName: given, familyName: family, nickname: c["Nickname"])
        p.company = c["Organization Name"] ?? c["Organization 1 - Name"]
        p.title = c["Organization Title"] ?? c["Organization 1 - Title"]
        p.notes = c["Notes"] ?? ""
        p.tags = values(c["Labels"] ?? c["Group Membership"]).map { $0.hasPrefix("* ") ? String($0.dropFirst(2)) : $0 }
            .filter { !VCardReader.googleSystemGroups.contains($0.lowercased()) }
        if let b = c["Birthday"] {
            guard let birthday = ContactDate.birthday(b) else {
                return .failure(ImportProblem(line: line, name: p.displayName, message: "'Birthday' is not a date: '\(b)'"))
            }
            p.birthday = birthday
        }
        // Numbered columns: "E-mail 1 - Value", "Phone 2 - Value", "Website 1 - Label" …
        for h in header {
            guard let cell = c[h] else { continue }
            if h.hasPrefix("E-mail "), h.hasSuffix(" - Value") { p.emails += values(cell) }
            else if h.hasPrefix("Phone "), h.hasSuffix(" - Value") { p.phones += values(cell) }
            else if h.hasPrefix("Address "), h.hasSuffix(" - City"), p.city == nil { p.city = values(cell).first }
            else if h.hasPrefix("Website "), h.hasSuffix(" - Value") {
                let label = c[h.replacingOccurrences(of: " - Value", with: " - Label")] ?? c[h.replacingOccurrences(of: " - Value", with: " - Type")]
                for url in values(cell) {
                    let named = label.map { $0.hasPrefix("* ") ? String($0.dropFirst(2)) : $0 }.map(VCardReader.serviceName)
                    VCardReader.addLink(&p, url: url, label: ContactKey.linkedIn(url) != nil ? "LinkedIn" : named ?? VCardReader.linkLabel(types: [], url: url))
                }
            } else if h.hasPrefix("Event "), h.hasSuffix(" - Value") {
                let label = c[h.replacingOccurrences(of: " - Value", with: " - Label")] ?? c[h.replacingOccurrences(of: " - Value", with: " - Type")]
                if label?.lowercased().contains("anniversary") == true, let a = ContactDate.birthday(cell) { p.anniversary = a }
            }
        }
        return .success(p)
    }

    /// "Relation 1 - Label: Spouse", "Relation 1 - Value: Arjun Raman".
    static func googleRelations(_ c: [String: String], header: [String]) -> [RelatedName] {
        header.filter { $0.hasPrefix("Relation ") && $0.hasSuffix(" - Value") }.compactMap { h in
            let label = c[h.replacingOccurrences(of: " - Value", with: " - Label")] ?? c[h.replacingOccurrences(of: " - Value", with: " - Type")]
            guard let name = values(c[h]).first, let kind = label.flatMap({ RelatedName.kind($0.hasPrefix("* ") ? String($0.dropFirst(2)) : $0) }) else { return nil }
            return RelatedName(kind: kind, name: name)
        }
    }

    static func mapped(_ c: [String: String], mapping: [String: ContactField], line: Int) -> Result<Profile, ImportProblem> {
        var fields: [ContactField: [String]] = [:]
        for (column, field) in mapping.sorted(by: { $0.key < $1.key }) {
            if let v = c[column] { fields[field, default: []].append(v) }
        }
        func one(_ f: ContactField) -> String? { fields[f]?.first }
        var p = Profile(displayName: one(.name) ?? joinName(one(.givenName), one(.middleName), one(.familyName)),
                        givenName: one(.givenName), familyName: one(.familyName), nickname: one(.nickname))
        p.emails = (fields[.email] ?? []).flatMap { $0.split(whereSeparator: { $0 == ";" || $0 == "," || $0 == " " }).map(String.init) }
        p.phones = (fields[.phone] ?? []).flatMap { $0.split(separator: ";").map(String.init) }
        p.company = one(.company)
        p.title = one(.title)
        p.city = one(.city)
        p.howWeMet = one(.howWeMet)
        p.notes = (fields[.notes] ?? []).joined(separator: "\n\n")
        p.tags = (fields[.tags] ?? []).flatMap { $0.split(whereSeparator: { $0 == "," || $0 == ";" }).map(String.init) }
        for url in fields[.url] ?? [] { VCardReader.addLink(&p, url: url, label: VCardReader.linkLabel(types: [], url: url)) }
        for url in fields[.linkedin] ?? [] { VCardReader.addLink(&p, url: url, label: "LinkedIn") }
        for (field, path) in [(ContactField.birthday, \Profile.birthday), (.anniversary, \Profile.anniversary)] {
            if let text = one(field) {
                guard let date = ContactDate.birthday(text) else {
                    return .failure(ImportProblem(line: line, name: p.displayName, message: "'\(text)' in the \(field.rawValue) column is not a date"))
                }
                p[keyPath: path] = date
            }
        }
        if let text = one(.metOn) {
            guard let day = ContactDate.day(text) else {
                return .failure(ImportProblem(line: line, name: p.displayName, message: "'\(text)' in the met-on column is not a date"))
            }
            p.metOn = day
        }
        return .success(p)
    }
}

/// Dates as CSV exports write them.
public enum ContactDate {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// `2024-03-12`, `12 Mar 2024` (LinkedIn), `12-Mar-24` (older LinkedIn), `12 March 2024`.
    public static func day(_ text: String) -> Day? {
        let t = text.trimmed
        if let d = Day(t) { return d }
        let parts = t.split(whereSeparator: { $0 == " " || $0 == "-" })
        guard parts.count == 3, let d = Int(parts[0]), var y = Int(parts[2]),
              let m = months.firstIndex(of: String(parts[1].prefix(3)).lowercased()) else { return nil }
        if parts[2].count == 2 { y += 2000 }
        return Day(year: y, month: m + 1, day: d)
    }

    /// A birthday with or without its year: anything `day` reads, and `--04-12`, `0412`-style vCard forms.
    public static func birthday(_ text: String) -> Birthday? {
        let t = text.trimmed
        if let b = VCardDate.parse(t) { return b }
        if let d = day(t) { return Birthday(month: d.month, day: d.day, year: d.year) }
        return Birthday(t)
    }
}
