import Foundation
import TendCore
import TendStore

/// Opaque page cursors: clients pass back `nextCursor` as it came.
enum Cursor {
    static func make(offset: Int) -> String { encode("o\(offset)") }

    static func make(day: Day, id: Int64) -> String { encode("\(day) \(id)") }

    static func offset(_ cursor: String) throws -> Int {
        // An offset this API gave out is far below 2³¹; a larger one would overflow the page arithmetic.
        guard let text = decode(cursor), text.hasPrefix("o"), let n = Int(text.dropFirst()), (0...Int(Int32.max)).contains(n) else {
            throw invalid
        }
        return n
    }

    static func position(_ cursor: String) throws -> ListQuery.Position {
        let parts = decode(cursor)?.split(separator: " ").map(String.init) ?? []
        guard parts.count == 2, let day = Day(parts[0]), let id = Int64(parts[1]), id >= 0 else { throw invalid }
        return ListQuery.Position(day: day, id: id)
    }

    static let invalid = APIProblem.badRequest("This cursor is not one this API gave out; start again without it.", field: "cursor")

    private static func encode(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    private static func decode(_ cursor: String) -> String? {
        var b = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b.count % 4 != 0 { b += "=" }
        return Data(base64Encoded: b).flatMap { String(data: $0, encoding: .utf8) }
    }
}
