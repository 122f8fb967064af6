/// Draft messages that sound like a person: several wordings per kind, using what Tend knows (the moment's
/// note, the partner's name, the company, the city, how you met), chosen by person and day so the same words
/// don't come back every time. A missing field only narrows the choice; no wording has a gap in it.
enum Drafts {
    /// A number fixed by the person and the day (not `Hasher`, which changes between runs).
    static func seed(_ id: PersonID, _ day: Day) -> UInt64 {
        var x = UInt64(bitPattern: id.rawValue) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(bitPattern: Int64(day.ordinal)) &* 0xBF58_476D_1CE4_E5B9
        x ^= x >> 31
        x = x &* 0x94D0_49BB_1331_11EB
        return x ^ (x >> 29)
    }

    static func pick(_ options: [String], _ seed: UInt64) -> String {
        options[Int(seed % UInt64(options.count))]
    }

    static func birthday(name: String, seed: UInt64) -> String {
        pick([
            "Happy birthday, \(name)! I hope the year ahead is a great one — let's celebrate soon.",
            "Happy birthday, \(name)! Thinking of you today — I hope it's a lovely one.",
            "Happy birthday, \(name)! Wishing you a wonderful year; let's get together to celebrate.",
        ], seed)
    }

    /// Whether a touch's note reads as the topic of a conversation a draft can mention: short, one line, typed by
    /// the user (not the "Keep up: …" line marking a suggestion done writes) and not about them in the third person
    /// ("asked her about the move" cannot be said back to her).
    static func isTopic(_ note: String) -> Bool {
        let n = note.trimmed
        guard (3...48).contains(n.count), !n.contains("\n"), !n.hasSuffix("?") else { return false }
        if Suggestion.Kind.allCases.contains(where: { n.hasPrefix($0.title + ":") }) { return false }
        let words = Set(n.lowercased().split { !$0.isLetter }.map(String.init))
        return words.isDisjoint(with: ["he", "she", "him", "her", "his", "hers", "they", "them", "their", "theirs"])
    }

    /// Keep-up drafts, among the first `Agenda.linkedSuggestions`, redrafted with the person's last need-free note.
    static func mentioningLastNotes(_ suggestions: [Suggestion], notes: [PersonID: String], people: [Person], on day: Day) -> [Suggestion] {
        guard !notes.isEmpty else { return suggestions }
        let byID = Dictionary(people.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var out = suggestions
        for i in out.indices.prefix(Agenda.linkedSuggestions) where out[i].kind == .keepUp {
            guard let note = notes[out[i].personID], let p = byID[out[i].personID] else { continue }
            out[i].draft = keepUp(name: p.profile.greetingName, person: p, lastNote: note, seed: seed(p.id, day))
        }
        return out
    }

    static func keepUp(name: String, person p: Person, lastNote: String? = nil, seed: UInt64) -> String {
        var options = [
            "Hi \(name), you crossed my mind today — how have you been? I'd love to catch up.",
            "Hi \(name), it's been a while! What's new with you? Would love to hear how things are going.",
            "Hi \(name), I was just thinking of you. How are things? Coffee or a call soon?",
        ]
        if let c = p.profile.company { options.append("Hi \(name), how are things at \(c)? It's been too long — I'd love to hear what you're up to.") }
        if let city = p.profile.city { options.append("Hi \(name), how's life in \(city)? I'd love to catch up when you have a moment.") }
        if let met = p.profile.howWeMet { options.append("Hi \(name), I was thinking back to how we met (\(met)) — how have you been?") }
        if let topic = lastNote?.trimmed, isTopic(topic) {
            // What they last talked about is the most personal thing Tend knows: it is always the draft when there is one.
            let t = topic.prefix(1).lowercased() + topic.dropFirst()
            return pick([
                "Hi \(name), I've been thinking about our last catch-up (\(t)) — how have things been since?",
                "Hi \(name), how did things go after we last spoke (\(t))? Would love to catch up.",
            ], seed)
        }
        return pick(options, seed)
    }

    static func followUp(name: String, seed: UInt64) -> String {
        pick([
            "Hi \(name), I've been thinking of you — how are things going since we last spoke? Anything I can do?",
            "Hi \(name), just checking in — how are you doing these days? I'm around if you'd like to talk.",
            "Hi \(name), how have the last few weeks been? Still happy to help however I can.",
        ], seed)
    }

    static func askForInput(name: String, seed: UInt64) -> String {
        pick([
            "Hi \(name), I'd really value your take on something I'm working on — could I send you a short question?",
            "Hi \(name), you're the person whose judgement I'd trust on this — could I run something by you?",
        ], seed)
    }

    static func celebrate(news: String, about: Moment.Subject, name: String, subject: String, note: String, seed: UInt64) -> String {
        switch about {
        case .themself:
            var options = [
                "Congratulations on \(news), \(name)! So well deserved — I'd love to hear how it came about.",
                "\(name), I just heard about \(news) — congratulations! Let's celebrate soon.",
                "Huge congratulations on \(news), \(name)! You must be thrilled.",
            ]
            if !note.isEmpty, note.count <= 60 { options.append("\(name), I saw the news (\(note)) — congratulations, that's wonderful!") }
            return pick(options, seed)
        case .partner:
            return pick([
                "Hi \(name) — I heard about \(news) for \(subject). Please pass on my congratulations!",
                "Hi \(name), what great news about \(news) for \(subject)! Congratulations to you both.",
            ], seed)
        case .company:
            return pick([
                "Hi \(name) — congratulations to you and everyone at \(subject) on \(news)!",
                "Hi \(name), I saw the news from \(subject) — congratulations on \(news)! You must all be proud.",
            ], seed)
        }
    }
}
