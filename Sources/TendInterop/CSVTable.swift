/// A CSV file as rows of fields (RFC 4180, as spreadsheets write it): quoted fields may hold commas,
/// line breaks and doubled quotes; rows end in CRLF or LF. Each row knows the line it starts on.
///
/// Written here rather than taken from a package because imports must name the line a bad
/// record starts on, which neither CSV package on the mirror reports.
public struct CSVTable: Sendable {
    public struct Row: Sendable {
        public var line: Int
        public var fields: [String]
    }

    public var rows: [Row]

    /// A quoted field that never closes, with the line it opened on.
    public struct UnclosedQuote: Error, Sendable {
        public var line: Int
    }

    public init(_ text: String, separator: Character = ",") throws(UnclosedQuote) {
        rows = []
        var fields: [String] = [], field = "", inQuotes = false, quoteLine = 0
        var line = 1, rowLine = 1, fieldStarted = false
        var chars = text.makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending { pending = nil; return p }
            return chars.next()
        }
        func endRow() {
            fields.append(field)
            // A blank line is no row.
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Row(line: rowLine, fields: fields)) }
            fields = []; field = ""; fieldStarted = false
        }
        while let c = next() {
            let isBreak = c == "\n" || c == "\r\n" || c == "\r"
            if inQuotes {
                if c == "\"" {
                    if let after = next() {
                        if after == "\"" { field.append("\"") } else { inQuotes = false; pending = after }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if isBreak { line += 1; field.append("\n") } else { field.append(c) }
                }
                continue
            }
            if c == "\"" && !fieldStarted {
                inQuotes = true; fieldStarted = true; quoteLine = line
            } else if c == separator {
                fields.append(field); field = ""; fieldStarted = false
            } else if isBreak {
                endRow()
                line += 1
                rowLine = line
            } else {
                field.append(c); fieldStarted = true
            }
        }
        if inQuotes { throw UnclosedQuote(line: quoteLine) }
        if fieldStarted || !fields.isEmpty { endRow() }
    }
}
