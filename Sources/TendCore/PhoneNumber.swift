/// Phone numbers in E.164 (`+4915112345678`), from what people type and what cards hold:
/// international (`+44 20 7946 0958`, `0044 …`, `+44 (0)20 …`), or national in the account's default
/// country (`030 1234567` in Germany, `(415) 555-0134` in the US). Nil when it cannot be made one,
/// so a send button is left out rather than broken.
public enum PhoneNumber {
    /// A country's calling code and the trunk prefix its national numbers start with.
    struct Plan {
        var code: String
        var trunk: String?
    }

    /// ISO 3166-1 alpha-2 codes of the countries Tend knows, with their numbering plans.
    static let plans: [String: Plan] = {
        var t: [String: Plan] = [:]
        for c in ["US", "CA", "PR", "JM", "TT", "BS", "BB", "DO"] { t[c] = Plan(code: "1", trunk: "1") }
        let zero: [(String, String)] = [
            ("GB", "44"), ("IE", "353"), ("FR", "33"), ("DE", "49"), ("AT", "43"), ("CH", "41"), ("NL", "31"), ("BE", "32"),
            ("LU", "352"), ("PT", "351"), ("SE", "46"), ("FI", "358"), ("PL", "48"), ("CZ", "420"), ("SK", "421"),
            ("HU", "36"), ("RO", "40"), ("BG", "359"), ("HR", "385"), ("SI", "386"), ("RS", "381"), ("TR", "90"), ("UA", "380"),
            ("IL", "972"), ("EG", "20"), ("ZA", "27"), ("NG", "234"), ("KE", "254"), ("GH", "233"), ("MA", "212"),
            ("IN", "91"), ("PK", "92"), ("BD", "880"), ("LK", "94"), ("ID", "62"), ("MY", "60"), ("TH", "66"), ("VN", "84"),
            ("PH", "63"), ("JP", "81"), ("KR", "82"), ("CN", "86"), ("TW", "886"), ("AU", "61"), ("NZ", "64"),
            ("AR", "54"), ("BR", "55"), ("CO", "57"), ("PE", "51"), ("VE", "58"), ("AE", "971"), ("SA", "966"), ("IR", "98"),
        ]
        for (c, code) in zero { t[c] = Plan(code: code, trunk: "0") }
        // No trunk prefix: the leading digits are part of the number.
        let none: [(String, String)] = [
            ("IT", "39"), ("ES", "34"), ("NO", "47"), ("DK", "45"), ("GR", "30"), ("IS", "354"), ("EE", "372"), ("LV", "371"),
            ("MT", "356"), ("CY", "357"), ("SG", "65"), ("HK", "852"), ("MX", "52"), ("CL", "56"), ("UY", "598"),
            ("QA", "974"), ("KW", "965"), ("PA", "507"), ("CR", "506"),
        ]
        for (c, code) in none { t[c] = Plan(code: code, trunk: nil) }
        t["RU"] = Plan(code: "7", trunk: "8")
        t["KZ"] = Plan(code: "7", trunk: "8")
        t["LT"] = Plan(code: "370", trunk: "8")
        t["BY"] = Plan(code: "375", trunk: "8")
        return t
    }()

    /// The country codes Tend can use as a default, sorted.
    public static var countries: [String] { plans.keys.sorted() }

    /// Whether `country` (ISO 3166-1 alpha-2, any case) is one Tend knows.
    public static func isKnown(country: String) -> Bool { plans[country.uppercased()] != nil }

    /// The number in E.164, or nil when it is not a phone number or needs a country that is not given.
    public static func e164(_ raw: String, defaultCountry: String?) -> String? {
        var s = raw.trimmed
        if s.lowercased().hasPrefix("tel:") { s = String(s.dropFirst(4)) }
        // An extension or parameters cannot be dialled from a link: drop them.
        for marker in [";", ",", "#", "ext", "x", "X"] {
            if let r = s.range(of: marker) { s = String(s[..<r.lowerBound]) }
        }
        s = s.replacingOccurrences(of: "(0)", with: "")
        var digits = ""
        var plus = false
        for ch in s {
            if ch == "+" {
                guard digits.isEmpty, !plus else { return nil }
                plus = true
                continue
            }
            if let d = ch.wholeNumberValue, ch.isASCII { digits.append(String(d)); continue }
            // Separators people type; a letter or a second "+" means it is not a number.
            guard " -./()\u{00A0}\u{202F}".contains(ch) else { return nil }
        }
        let plan = defaultCountry.flatMap { plans[$0.uppercased()] }
        var international: String
        if plus {
            international = digits
        } else if digits.hasPrefix("00") {
            international = String(digits.dropFirst(2))
        } else if plan?.code == "1", digits.hasPrefix("011") {
            international = String(digits.dropFirst(3))
        } else {
            guard let plan else { return nil }
            var national = Substring(digits)
            if plan.code == "1" {
                if national.count == 11, national.hasPrefix("1") { national = national.dropFirst() }
                guard national.count == 10 else { return nil }
            } else if let trunk = plan.trunk, national.hasPrefix(trunk) {
                national = national.dropFirst(trunk.count)
            }
            guard national.count >= 4 else { return nil }
            international = plan.code + national
        }
        guard (7...15).contains(international.count), international.first != "0" else { return nil }
        return "+" + international
    }
}
