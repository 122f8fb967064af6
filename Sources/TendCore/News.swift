import Foundation

/// A moment Tend noticed on its own (a job change in an import, a post in a feed), waiting in the News
/// inbox for the user to confirm it, change its kind, or dismiss it.
public struct Proposal: Hashable, Sendable, Codable, Identifiable {
    public var id: ProposalID
    public var personID: PersonID
    /// The moment it becomes when confirmed.
    public var kind: Moment.Kind
    public var about: Moment.Subject
    /// The day it happened, as far as Tend can tell (the import's day, the post's date).
    public var on: Day
    /// What was noticed, in words ("was Product Lead at Lumen, now Head of Product at Quill").
    public var note: String
    /// Where it came from ("LinkedIn import", a feed's address).
    public var source: String
    /// The post it is about, when there is one.
    public var link: String?
    /// For a job change: the company and title confirming it records on the person.
    public var job: Position?
    public var state: State
    /// When it was confirmed or dismissed.
    public var decidedOn: Day?
    /// What makes it the same news again: one proposal per person and key, so a dismissed one never comes back.
    public var key: String

    public init(id: ProposalID, personID: PersonID, kind: Moment.Kind, about: Moment.Subject = .themself, on: Day,
                note: String, source: String, link: String? = nil, job: Position? = nil, state: State = .pending,
                decidedOn: Day? = nil, key: String) {
        self.id = id
        self.personID = personID
        self.kind = kind
        self.about = about
        self.on = on
        self.note = note
        self.source = source
        self.link = link
        self.job = job
        self.state = state
        self.decidedOn = decidedOn
        self.key = key
    }

    public enum State: String, Vocabulary {
        case pending, confirmed, dismissed
        public static let vocabularyName = "news state"
    }
}

/// A company and a title, either of which may be unknown.
public struct Position: Hashable, Sendable, Codable, CustomStringConvertible {
    public var company: String?
    public var title: String?

    public init(company: String?, title: String?) {
        self.company = company?.trimmed.nilIfEmpty
        self.title = title?.trimmed.nilIfEmpty
    }

    public init(_ profile: Profile) { self.init(company: profile.company, title: profile.title) }

    /// "Head of Product at Quill", "Head of Product", "at Quill".
    public var description: String {
        switch (title, company) {
        case let (t?, c?): "\(t) at \(c)"
        case let (t?, nil): t
        case let (nil, c?): "at \(c)"
        case (nil, nil): "no job known"
        }
    }
}

/// A change of company or title between what Tend knew and what an import (or a phone) now says.
public struct JobChange: Hashable, Sendable {
    public var from: Position
    public var to: Position
    /// A new job (another company), a promotion (the same company, a more senior title), or another win
    /// for a new role at the same level.
    public var kind: Moment.Kind

    /// The change from `old` to `new`, or nil when nothing changed or `new` only fills in what was unknown:
    /// a company where there was none is not news.
    public static func between(_ old: Position, _ new: Position) -> JobChange? {
        if let a = old.company, let b = new.company, fold(a) != fold(b) {
            return JobChange(from: old, to: new, kind: .win(.newJob))
        }
        guard let a = old.title, let b = new.title, fold(a) != fold(b) else { return nil }
        let kind: Moment.Kind = Seniority.rank(b) > Seniority.rank(a) ? .win(.promotion) : .win(.other)
        // The company did not change: say it once, with whichever side knows it.
        let company = new.company ?? old.company
        return JobChange(from: Position(company: company, title: a), to: Position(company: company, title: b), kind: kind)
    }

    /// "was Product Lead at Lumen, now Head of Product at Quill"; a promotion: "promoted from Engineer to
    /// Senior Engineer at Lumen".
    public var note: String {
        switch kind {
        case .win(.promotion):
            "promoted from \(from.title ?? "") to \(to.description)"
        case .win(.other):
            "new role: \(to.description) (was \(from.title ?? ""))"
        default:
            "was \(from.description), now \(to.description)"
        }
    }

    /// One key per change, so the same change read again (the same export, a later one that still says it)
    /// is the same proposal.
    public var key: String {
        "job:" + fold(to.company ?? "") + "|" + fold(to.title ?? "")
    }
}

/// How senior a job title reads, from an intern (0) to the C-level (9), in English and a few other common
/// languages. A title with no seniority word ("Product Manager", "Engineer") is 2; the most senior word wins.
public enum Seniority {
    /// Words and phrases by rank, lower case and without accents (titles are folded before they are read).
    static let ranks: [(rank: Int, words: [String])] = [
        (0, ["intern", "internship", "trainee", "apprentice", "working student", "praktikant", "praktikantin", "werkstudent",
             "werkstudentin", "auszubildender", "stagiaire", "alternant", "becario", "becaria", "practicante", "estagiario",
             "estagiaria", "stagista", "tirocinante"]),
        (1, ["junior", "jr", "entry level", "graduate", "assistant", "assistent", "assistentin", "asistente", "assistente"]),
        (3, ["senior", "sr", "experienced", "erfahren", "confirme", "confirmee"]),
        (4, ["staff", "principal", "distinguished", "expert", "experte", "expertin", "specialist lead"]),
        (5, ["lead", "team lead", "tech lead", "manager", "teamleiter", "teamleiterin", "gruppenleiter", "gruppenleiterin",
             "responsable", "responsabile", "gerente", "coordinator", "supervisor", "encargado", "encargada"]),
        (6, ["head", "head of", "leiter", "leiterin", "abteilungsleiter", "abteilungsleiterin", "bereichsleiter",
             "bereichsleiterin", "chef", "jefe", "jefa", "capo", "senior manager", "general manager"]),
        (7, ["director", "direktor", "direktorin", "directeur", "directrice", "directora", "diretor", "diretora",
             "direttore", "direttrice", "senior director", "prokurist", "prokuristin"]),
        (8, ["vp", "vice president", "vice-president", "svp", "evp", "avp", "vizeprasident", "vizeprasidentin",
             "vicepresidente", "vice-presidente"]),
        (9, ["ceo", "cto", "cfo", "coo", "cpo", "cmo", "cio", "ciso", "cro", "chief", "founder", "co-founder", "cofounder",
             "president", "managing director", "geschaftsfuhrer", "geschaftsfuhrerin", "vorstand", "inhaber",
             "inhaberin", "pdg", "dg", "directeur general", "directrice generale", "director general", "directora general",
             "presidente", "fondateur", "fondatrice", "fundador", "fundadora", "fondatore", "amministratore delegato"]),
    ]

    /// Every phrase with its rank, longest first: "vice president" is read before "president".
    private static let phrases: [(words: [String], rank: Int)] = ranks
        .flatMap { r in r.words.map { (words: $0.split(separator: " ").map(String.init), rank: r.rank) } }
        .sorted { $0.words.count > $1.words.count }

    /// The rank of a title: the highest of its seniority words or phrases, else 2. A word inside a longer
    /// phrase counts only as that phrase: a "Vice President" is not a president, a "Senior Manager" is one rank.
    public static func rank(_ title: String) -> Int {
        let words = fold(title).split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "." && $0 != "-" })
            .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: ".")) }
            .filter { !$0.isEmpty }
        var used = [Bool](repeating: false, count: words.count)
        var best: Int?
        for (phrase, rank) in phrases where phrase.count <= words.count {
            for start in 0...(words.count - phrase.count) {
                let range = start..<(start + phrase.count)
                guard !used[range].contains(true), Array(words[range]) == phrase else { continue }
                for i in range { used[i] = true }
                best = max(best ?? rank, rank)
            }
        }
        return best ?? 2
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

/// Whether a post reads as a win or a struggle, from its title (and summary): the words news is written in.
/// A struggle's words are read first: "layoffs after the funding round" is not a win.
public enum NewsReading {
    /// Phrases (lower case, accents folded, whole words) and what they mean; the first that matches decides.
    static let struggles: [(phrase: String, person: Moment.Struggle, company: Moment.Struggle)] = [
        ("laid off", .layoff, .companyTrouble), ("lays off", .layoff, .companyTrouble), ("layoffs", .layoff, .companyTrouble),
        ("layoff", .layoff, .companyTrouble), ("redundancies", .layoff, .companyTrouble), ("job cuts", .layoff, .companyTrouble),
        ("shuts down", .setback, .companyTrouble), ("shutting down", .setback, .companyTrouble), ("shut down", .setback, .companyTrouble),
        ("closes", .setback, .companyTrouble), ("closing", .setback, .companyTrouble), ("closure", .setback, .companyTrouble),
        ("cuts", .setback, .companyTrouble), ("recall", .setback, .companyTrouble), ("recalls", .setback, .companyTrouble),
        ("outage", .setback, .companyTrouble), ("lawsuit", .setback, .companyTrouble), ("sued", .setback, .companyTrouble),
        ("bankruptcy", .setback, .companyTrouble), ("bankrupt", .setback, .companyTrouble), ("insolvency", .setback, .companyTrouble),
        ("data breach", .setback, .companyTrouble), ("entlassungen", .layoff, .companyTrouble), ("licenciements", .layoff, .companyTrouble),
        ("despidos", .layoff, .companyTrouble),
    ]

    static let wins: [(phrase: String, kind: Moment.Win)] = [
        ("acquired by", .other), ("acquires", .other), ("acquisition", .other),
        ("raised", .funding), ("raises", .funding), ("funding", .funding), ("series a", .funding), ("series b", .funding),
        ("series c", .funding), ("seed round", .funding), ("investment", .funding),
        ("promoted", .promotion), ("promotion", .promotion),
        ("joins", .newJob), ("joined", .newJob), ("joining", .newJob), ("new job", .newJob), ("new role", .newJob),
        ("award", .award), ("awarded", .award), ("awards", .award), ("wins", .award), ("won", .award), ("winner", .award), ("prize", .award),
        ("graduated", .graduation), ("graduation", .graduation),
        ("published", .publication), ("publishes", .publication), ("book", .publication), ("paper", .publication),
        ("launch", .launch), ("launches", .launch), ("launched", .launch), ("launching", .launch), ("introducing", .launch),
        ("announcing", .launch), ("release", .launch), ("released", .launch), ("releases", .launch), ("ships", .launch),
        ("now available", .launch), ("hiring", .other), ("milestone", .other), ("anniversary", .other),
    ]

    /// The phrases as words, worked out once: a poll reads every post of every feed.
    private static let struggleWords = struggles.map { (words: $0.phrase.split(separator: " ").map(String.init), person: $0.person, company: $0.company) }
    private static let winWords = wins.map { (words: $0.phrase.split(separator: " ").map(String.init), kind: $0.kind) }

    /// The moment a post proposes, or nil when it reads as neither. `about` says whose news it is: a company's
    /// layoffs are company trouble, a person's their layoff.
    public static func kind(title: String, summary: String = "", about: Moment.Subject) -> Moment.Kind? {
        for text in [title, summary] where !text.isEmpty {
            let words = fold(text).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
            guard !words.isEmpty else { continue }
            let present = Set(words)
            if let s = struggleWords.first(where: { present.contains($0.words[0]) && contains(words, $0.words) }) {
                return .struggle(about == .company ? s.company : s.person)
            }
            if let w = winWords.first(where: { present.contains($0.words[0]) && contains(words, $0.words) }) { return .win(w.kind) }
        }
        return nil
    }

    private static func contains(_ words: [String], _ wanted: [String]) -> Bool {
        if wanted.count == 1 { return true } // its one word is present
        guard wanted.count <= words.count else { return false }
        outer: for start in 0...(words.count - wanted.count) {
            for k in 0..<wanted.count where words[start + k] != wanted[k] { continue outer }
            return true
        }
        return false
    }
}
