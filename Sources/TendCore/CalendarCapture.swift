import Foundation

/// How calendar capture reads an event: what kind of touch it was and whether it counts.
public enum CalendarCapture {
    /// The hosts of the meeting services whose links make an event a video call.
    public static let meetingHosts = ["meet.google.com", "zoom.us", "zoomgov.com", "teams.microsoft.com", "teams.live.com",
                                      "whereby.com", "meet.jit.si", "jitsi", "8x8.vc"]

    /// Video when a text of the event (its location, description, links) holds a meeting link; a call when it holds
    /// a phone dial-in (a `tel:` link, a location that is a phone number, or "dial-in" with a number); else in person.
    public static func channel(location: String, texts: [String]) -> Channel {
        let all = [location] + texts
        if all.contains(where: hasMeetingLink) { return .video }
        if isPhoneNumber(location) { return .call }
        for t in all {
            let lower = t.lowercased()
            if lower.contains("tel:") { return .call }
            for phrase in ["dial-in", "dial in", "call in", "call-in", "conference call", "phone:"] {
                if let r = lower.range(of: phrase), lower[r.upperBound...].prefix(60).filter(\.isNumber).count >= 7 { return .call }
            }
        }
        return .inPerson
    }

    static func hasMeetingLink(_ text: String) -> Bool {
        let lower = text.lowercased()
        guard lower.contains(".") else { return false }
        for host in meetingHosts {
            var rest = lower[...]
            while let r = rest.range(of: host) {
                // As a host: after "//", ".", or the start of a word ("zoom.us/j/…" written bare).
                let before = r.lowerBound == lower.startIndex ? " " : lower[lower.index(before: r.lowerBound)]
                if before == "/" || before == "." || before == " " || before == "\n" || before == "<" || before == "(" || before == ":" { return true }
                rest = rest[r.upperBound...]
            }
        }
        return false
    }

    /// A location that is only a phone number: "+1 415 555 0100", "(020) 7946 0958".
    static func isPhoneNumber(_ text: String) -> Bool {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty, t.count <= 40 else { return false }
        let digits = t.filter(\.isNumber).count
        return digits >= 7 && t.allSatisfy { $0.isNumber || " +-().#,;/x".contains($0) }
    }
}
