/// The daily agenda: who to reach out to on a day, and why, ranked.
///
/// The agenda is as long as the number of people the user reaches out to in a day (`Settings.agendaLength`).
/// When there is more to do than that, it chooses by who the person is to you before what the news is
/// (issue 19; the essay's rule: the meaningful network first, in good times and bad). Every suggestion has a
/// priority, and its score is 1000 × priority + its score within the priority:
///
/// 6. birthday today, of anyone (a day missed cannot be made up): 10 × tier rank
/// 5. news of an intimate or meaningful person: the day before a meeting on the calendar, mention an open win or
///    struggle then 950, support a struggle 900, reply to a message they wrote you that has
///    waited `replyAfterDays` 880, celebrate a win 800 (each + 10 × tier rank − days since it happened), follow up after support 700 + 10 × tier rank + days overdue (at most 50),
///    birthday heads-up 600 + 10 × tier rank − days to go
/// 4. keep up (or deepen) with an intimate or meaningful person past their slack — more than a twentieth of
///    the cadence overdue (1 day at 21, 2 at 45): keep-up 400 + 50 × tier rank + 10 × days overdue ÷ cadence
///    (at most 40); deepen as keep-up with the interval of the target tier, + 41 + lapses (at most 8)
/// 3. news of familiar and unfamiliar people: support, celebrate and follow up, scored as in 5
/// 2. keep up or deepen with an intimate or meaningful person within their slack, then deepen a familiar or
///    unfamiliar person the user means to move up (scored as in 4, so the closer tier goes first), and on a light
///    day a keep-up pulled forward before it falls due (300 + 50 × tier rank − days until due; see `LookAhead`)
/// 1. everything else: keep up with familiar and unfamiliar people, ask for their input 200 + 10 × tier rank
///    (at most one a day)
///
/// Ties break by the person's name, then their id. Each person appears once, with their highest suggestion;
/// what is done, dismissed or snoozed does not appear. A meeting on the calendar that comes before a keep-up or deepen
/// lapses past its slack takes its place: no suggestion before it.
public struct Agenda: Hashable, Sendable, Codable {
    public var day: Day
    /// Every suggestion for the day, ranked.
    public var suggestions: [Suggestion]
    /// How many to show before summarising the rest: the people the user reaches out to in a day.
    public var limit: Int
    /// Whether the closest people are kept within their cadence at this capacity.
    public var coverage: Coverage
    /// The country national phone numbers are read in, for the send links.
    public var defaultCountry: String?

    /// Where a suggestion stands when the day holds less than there is to do (see above).
    public enum Priority: Int, Comparable, Sendable, CaseIterable {
        case rest = 1, due, outerNews, closeLapsing, closeNews, birthday
        public static func < (a: Priority, b: Priority) -> Bool { a.rawValue < b.rawValue }
        /// The score's offset for the priority.
        var base: Int { rawValue * 1000 }
    }

    public var shown: ArraySlice<Suggestion> { suggestions.prefix(limit) }
    public var rest: ArraySlice<Suggestion> { suggestions.dropFirst(limit) }

    /// The agenda with keep-up drafts that mention the last conversation, from the notes of these people's last
    /// need-free touches (see `Drafts.isTopic`), on the first `linkedSuggestions`.
    public func withLastNotes(_ notes: [PersonID: String], people: [Person]) -> Agenda {
        var a = self
        a.suggestions = Drafts.mentioningLastNotes(suggestions, notes: notes, people: people, on: day)
        return a
    }

    /// How many suggestions carry their send links: more than any page shows (Today's "show all" is 100).
    public static let linkedSuggestions = 100

    /// The agenda with the send links of these people (their emails, phones and links loaded) on their
    /// suggestions among the first `linkedSuggestions`.
    public func withContacts(_ people: [Person]) -> Agenda {
        var a = self
        a.suggestions = SendLink.Contact.attach(people, to: suggestions, defaultCountry: defaultCountry)
        return a
    }

    /// One line about what is not shown: "and 12 more: 9 keep up, 3 deepen".
    public var restSummary: String? {
        guard !rest.isEmpty else { return nil }
        // Counted by position, not hashed: the rest can be thousands of suggestions, on every Today page.
        let kinds = Suggestion.Kind.allCases
        var counts = [Int](repeating: 0, count: kinds.count)
        for s in rest { counts[kinds.firstIndex(of: s.kind)!] += 1 }
        let parts = zip(kinds, counts).compactMap { k, n in n > 0 ? "\(n) \(k.title.lowercased())" : nil }
        return "and \(rest.count) more: \(parts.joined(separator: ", "))"
    }

    /// A person with what their touches say, as of the agenda's day.
    public struct Entry: Hashable, Sendable {
        public var person: Person
        public var touches: TouchSummary
        public init(person: Person, touches: TouchSummary) {
            self.person = person
            self.touches = touches
        }
    }

    /// Everything the rules look at. No clock: `today` is given.
    public struct Input: Sendable {
        public var today: Day
        public var settings: Settings
        public var people: [Entry]
        /// Moments of these people; the rules pick the ones that matter today.
        public var moments: [Moment]
        /// A partner's name per person, for "her partner's new job".
        public var partnerNames: [PersonID: String]
        /// What the user did with suggestions, by key.
        public var states: [String: SuggestionState]
        /// Whether a light day may pull forward keep-ups that the coming days have no room for.
        public var looksAhead: Bool
        /// The day each person last wrote to the user (mail capture), within the last month.
        public var lastWrote: [PersonID: Day]
        /// How long an intimate or meaningful person's message waits before the agenda suggests a reply.
        public var replyAfterDays: Int
        /// The day of each person's next meeting on a calendar, today or later.
        public var meetings: [PersonID: Day]

        public init(today: Day, settings: Settings, people: [Entry], moments: [Moment] = [],
                    partnerNames: [PersonID: String] = [:], states: [String: SuggestionState] = [:],
                    looksAhead: Bool = true, lastWrote: [PersonID: Day] = [:], replyAfterDays: Int = 3,
                    meetings: [PersonID: Day] = [:]) {
            self.meetings = meetings
            self.lastWrote = lastWrote
            self.replyAfterDays = replyAfterDays
            self.today = today
            self.settings = settings
            self.people = people
            self.moments = moments
            self.partnerNames = partnerNames
            self.states = states
            self.looksAhead = looksAhead
        }
    }

    /// The next step up the ladder from `from` towards `to`: what to do, and a draft to start with.
    public static func nextStep(from: Tier, to: Tier, name: String) -> (action: String, draft: String) {
        AgendaRules.nextStep(from: from, to: to, name: name)
    }

    /// Builds the agenda for `input.today`.
    public init(_ input: Input) {
        self.day = input.today
        self.limit = input.settings.agendaLength
        self.defaultCountry = input.settings.defaultCountry
        let rules = AgendaRules(input)
        self.suggestions = rules.ranked()
        self.coverage = Coverage(rules, shown: suggestions.prefix(input.settings.agendaLength), all: suggestions)
    }
}

/// The rules behind `Agenda`, one function a kind of suggestion.
struct AgendaRules {
    let input: Input
    typealias Input = Agenda.Input
    var today: Day { input.today }
    var settings: Settings { input.settings }

    init(_ input: Input) { self.input = input }

    func ranked() -> [Suggestion] {
        let entries = input.people.filter { !$0.person.archived }
        let byID = Dictionary(entries.map { ($0.person.id, $0) }, uniquingKeysWith: { a, _ in a })
        var all: [Suggestion] = []
        for e in entries {
            if let s = birthday(e) { all.append(s) }
            if let s = relationship(e) { all.append(s) }
            if let s = reply(e) { all.append(s) }
            if let s = beforeMeeting(e) { all.append(s) }
        }
        for m in input.moments {
            guard let e = byID[m.personID], let s = moment(m, e) else { continue }
            all.append(s)
        }
        if let s = askForInput(entries) { all.append(s) }

        let visible = all.filter(isVisible)
        var best: [PersonID: Suggestion] = [:]
        for s in visible where best[s.personID].map({ Self.precedes(s, $0) }) ?? true {
            best[s.personID] = s
        }
        var ranked = best.values.sorted(by: Self.precedes)
        if input.looksAhead {
            let early = LookAhead(rules: self, ranked: ranked, entries: entries).pulledForward()
            if !early.isEmpty {
                for s in early where best[s.personID].map({ Self.precedes(s, $0) }) ?? true { best[s.personID] = s }
                ranked = best.values.sorted(by: Self.precedes)
            }
        }
        // The people as given may have their contact details (a store's agenda adds them later: `withContacts`).
        let reachable = entries.map(\.person).filter { !$0.profile.emails.isEmpty || !$0.profile.phones.isEmpty || !$0.profile.links.isEmpty }
        return SendLink.Contact.attach(reachable, to: ranked, defaultCountry: settings.defaultCountry)
    }

    func isVisible(_ s: Suggestion) -> Bool { !(input.states[s.key]?.hides(on: today) ?? false) }

    /// Intimate and meaningful people: those the agenda protects first.
    static func isClose(_ p: Person) -> Bool { p.tier >= .intimate }

    /// How many days past the cadence a close person's keep-up waits behind other people's news.
    static func slack(_ interval: Int) -> Int { interval / 20 }

    static func precedes(_ a: Suggestion, _ b: Suggestion) -> Bool {
        if a.score != b.score { return a.score > b.score }
        if a.personName != b.personName { return a.personName < b.personName }
        if a.personID != b.personID { return a.personID < b.personID }
        return a.key < b.key
    }

    // MARK: Replies

    /// How long an unanswered message stays worth a reply on the agenda.
    static let replyWindowDays = 30

    /// An intimate or meaningful person wrote, nothing went back since, and it has waited `replyAfterDays`.
    func reply(_ e: Agenda.Entry) -> Suggestion? {
        let p = e.person
        guard Self.isClose(p), let wrote = input.lastWrote[p.id] else { return nil }
        let waited = wrote.days(until: today)
        guard waited >= input.replyAfterDays, waited <= Self.replyWindowDays else { return nil }
        if let last = e.touches.lastTouch, last >= wrote { return nil }
        let name = p.profile.greetingName
        return Suggestion(
            key: "reply:\(p.id):\(wrote)", kind: .reply, personID: p.id, personName: p.displayName,
            reason: "\(name) wrote to you \(waited) days ago (\(wrote.spelledOut)) and has had no answer",
            action: "Reply to \(name)",
            draft: "Hi \(name), sorry for the slow reply — ",
            score: Agenda.Priority.closeNews.base + 880 + 10 * p.tier.rank - waited)
    }

    // MARK: Birthdays

    func birthday(_ e: Agenda.Entry) -> Suggestion? {
        guard let b = e.person.profile.birthday else { return nil }
        let p = e.person
        let name = p.profile.greetingName
        let next = b.nextCelebration(onOrAfter: today)
        let daysToGo = today.days(until: next)
        let age = b.age(inYear: next.year)
        let leapNote = (b.month == 2 && b.day == 29 && next.day == 28) ? " (born on 29 February)" : ""
        let draft = Drafts.birthday(name: name, seed: Drafts.seed(p.id, today))
        if daysToGo == 0 {
            // A need-free touch on the day means it has been acknowledged already.
            if let last = e.touches.lastNeedFree, last >= today { return nil }
            let turning = age.map { "turns \($0) today" } ?? "birthday today"
            return Suggestion(
                key: "birthday:\(p.id):\(next.year)", kind: .birthday, personID: p.id, personName: p.displayName,
                reason: "\(turning)\(leapNote)", action: "Wish \(name) a happy birthday",
                draft: draft,
                score: Agenda.Priority.birthday.base + 10 * p.tier.rank)
        }
        guard p.tier >= .intimate, daysToGo <= settings.birthdayHeadsUpDays else { return nil }
        let when = daysToGo == 1 ? "tomorrow" : "in \(daysToGo) days"
        let turning = age.map { " (turns \($0))" } ?? ""
        return Suggestion(
            key: "heads-up:\(p.id):\(next.year)", kind: .birthdayHeadsUp, personID: p.id, personName: p.displayName,
            reason: "birthday \(when), on \(next.day) \(next.monthName)\(turning)\(leapNote)",
            action: "Plan something for \(name): a card, a call or a small gift",
            draft: draft,
            score: Agenda.Priority.closeNews.base + 600 + 10 * p.tier.rank - daysToGo)
    }

    // MARK: Moments

    func moment(_ m: Moment, _ e: Agenda.Entry) -> Suggestion? {
        let age = m.on.days(until: today)
        guard age >= 0 else { return nil }
        let p = e.person
        let name = p.profile.greetingName
        let whose = subject(m, name: name)
        let ago = age == 0 ? "today" : age == 1 ? "yesterday" : "\(age) days ago"
        let news = (Self.isClose(p) ? Agenda.Priority.closeNews : .outerNews).base
        let note = m.note.isEmpty ? "" : " — \(m.note)"
        switch (m.kind, m.state) {
        case (.win(let win), .open) where age <= settings.winFreshDays:
            return Suggestion(
                key: "celebrate:\(m.id)", kind: .celebrate, personID: p.id, personName: p.displayName, momentID: m.id,
                reason: "\(whose.label): \(win.words), \(ago)\(note)",
                action: "Congratulate \(whose.object) while it is fresh",
                draft: celebrationDraft(win, m, name: name, whose: whose),
                score: news + 800 + 10 * p.tier.rank - age)
        case (.struggle(let struggle), .open) where age <= settings.struggleFreshDays:
            return Suggestion(
                key: "support:\(m.id)", kind: .support, personID: p.id, personName: p.displayName, momentID: m.id,
                reason: "\(whose.label): \(struggle.words), \(ago)\(note)",
                action: supportAction(struggle, name: name),
                draft: supportDraft(struggle, m.about, name: name, whose: whose),
                score: news + 900 + 10 * p.tier.rank - age)
        case (.struggle(let struggle), .answered):
            guard let due = followUpDue(m), let answered = m.answeredOn else { return nil }
            let overdue = due.days(until: today)
            // A follow-up nobody took within two months has had its time.
            guard overdue >= 0, overdue <= 60 else { return nil }
            let supported = answered.days(until: today)
            return Suggestion(
                key: "follow-up:\(m.id)", kind: .followUp, personID: p.id, personName: p.displayName, momentID: m.id,
                reason: "you supported \(name) \(supported) days ago (\(whose.label == name ? "" : whose.label + ": ")\(struggle.words)); time to check in again",
                action: "Ask \(name) how things are going now",
                draft: Drafts.followUp(name: name, seed: Drafts.seed(p.id, today)),
                score: news + 700 + 10 * p.tier.rank + min(overdue, 50))
        default:
            return nil
        }
    }

    struct Whose {
        var label: String       // "Ana" / "Ana's partner Ben" / "Ana's company (Acme)"
        var object: String      // "Ana" / "Ana and Ben" / "Ana and the team"
        var subjectName: String // "you" / "Ben" / "Acme"
    }

    func subject(_ m: Moment, name: String) -> Whose {
        switch m.about {
        case .themself:
            return Whose(label: name, object: name, subjectName: "you")
        case .partner:
            if let partner = input.partnerNames[m.personID] {
                return Whose(label: "\(name)'s partner \(partner)", object: "\(name) and \(partner)", subjectName: partner)
            }
            return Whose(label: "\(name)'s partner", object: "\(name) and their partner", subjectName: "your partner")
        case .company:
            let company = input.people.first(where: { $0.person.id == m.personID })?.person.profile.company
            let c = company ?? "the company"
            return Whose(label: "\(name)'s company (\(c))", object: "\(name) and the team", subjectName: c)
        }
    }

    func celebrationDraft(_ win: Moment.Win, _ m: Moment, name: String, whose: Whose) -> String {
        let news: String
        switch win {
        case .newJob: news = "the new job"
        case .promotion: news = "the promotion"
        case .launch: news = "the launch"
        case .funding: news = "the funding round"
        case .award: news = "the award"
        case .graduation: news = "graduating"
        case .engagement: news = "the engagement"
        case .wedding: news = "the wedding"
        case .newBaby: news = "the new baby"
        case .newHome: news = "the new home"
        case .publication: news = "the publication"
        case .other: news = "the great news"
        }
        return Drafts.celebrate(news: news, about: m.about, name: name, subject: whose.subjectName, note: m.note,
                                seed: Drafts.seed(m.personID, today))
    }

    func supportAction(_ s: Moment.Struggle, name: String) -> String {
        switch s {
        case .layoff: "Offer \(name) an introduction to a recruiter or hiring manager, a role you know of, or a CV review"
        case .passedOver: "Offer \(name) time to talk it through, and to be a reference for what comes next"
        case .setback: "Offer \(name) time — a call or a coffee — and share a setback of your own"
        case .illness: "Offer \(name) practical help: a meal, an errand, some company"
        case .loss: "Send \(name) a personal note; offer presence rather than advice"
        case .breakup: "Invite \(name) out; offer time and a listening ear"
        case .companyTrouble: "Offer \(name) introductions to people who could help, or a reference if they move on"
        case .other: "Offer \(name) time, and ask how you can help"
        }
    }

    func supportDraft(_ s: Moment.Struggle, _ about: Moment.Subject, name: String, whose: Whose) -> String {
        if about != .themself {
            return "Hi \(name), I heard about \(whose.subjectName) — I'm sorry. If there's anything I can do, or anyone I can introduce you to, just say."
        }
        switch s {
        case .layoff:
            return "Hi \(name), I heard about the layoff — I'm sorry. I'd be glad to introduce you to people I know who are hiring, or to look over your CV. Coffee this week?"
        case .passedOver:
            return "Hi \(name), I heard the promotion went another way — that's frustrating, and not a verdict on your work. Want to talk it through over coffee?"
        case .loss:
            return "Dear \(name), I'm so sorry for your loss. I'm thinking of you, and I'm here whenever you want company."
        case .illness:
            return "Hi \(name), I'm sorry to hear you're unwell. Can I bring you anything, or take something off your plate this week?"
        default:
            return "Hi \(name), I heard things have been hard lately — I'm sorry. I'd love to help however I can; free for a call this week?"
        }
    }

    // MARK: Keep up and deepen

    /// When a person's next need-free touch falls due: the deepen interval when they have a target
    /// tier above their own, else their cadence; nil when they have neither.
    func nextTouchDue(_ e: Agenda.Entry) -> (day: Day, interval: Int, target: Tier?)? {
        let p = e.person
        let base = e.touches.lastNeedFree ?? p.addedOn
        if let target = p.targetTier, target > p.tier,
           let interval = [settings.cadence[target], settings.cadence(for: p)].compactMap({ $0 }).min() {
            return (base.adding(days: interval), interval, target)
        }
        guard let cadence = settings.cadence(for: p) else { return nil }
        return (base.adding(days: cadence), cadence, nil)
    }

    /// When a follow-up after support falls due, for a struggle that was supported and not yet followed up.
    func followUpDue(_ m: Moment) -> Day? {
        guard case .struggle = m.kind, m.state == .answered, m.followedUpOn == nil, let answered = m.answeredOn else { return nil }
        return answered.adding(days: settings.followUpDays)
    }

    func relationship(_ e: Agenda.Entry) -> Suggestion? {
        let p = e.person
        let name = p.profile.greetingName
        let base = e.touches.lastNeedFree ?? p.addedOn
        let since = base.days(until: today)
        let lastWords = e.touches.lastNeedFree == nil
            ? "no need-free touch yet (added \(since) days ago)"
            : "last need-free touch \(since) days ago"
        // The product's thesis: an ask does not keep a relationship up, so say when one was ignored.
        let askNote = e.touches.lastAsk.map { $0 > base ? "; your ask \($0.days(until: today)) days ago does not reset it" : "" } ?? ""

        guard let due = nextTouchDue(e), !meetingCovers(e, due: due) else { return nil }
        let close = Self.isClose(p)
        let seeing = input.meetings[p.id].flatMap { m in today.days(until: m) <= 7 ? "; you're seeing \(name) \(Self.when(m, from: today))" : nil } ?? ""
        if let target = due.target {
            let interval = due.interval
            let overdue = since - interval
            guard overdue >= 0 else { return nil }
            let priority: Agenda.Priority = close && overdue > Self.slack(interval) ? .closeLapsing : .due
            let step = Self.nextStep(from: p.tier, to: target, name: name)
            return Suggestion(
                key: "deepen:\(p.id):\(target.rawValue):\(base)", kind: .deepen, personID: p.id, personName: p.displayName,
                reason: "you want to move \(name) from \(p.tier.rawValue) to \(target.rawValue); \(lastWords)\(askNote)\(seeing)",
                action: step.action, draft: step.draft,
                // Moving a familiar or unfamiliar person up comes after close people's keep-ups within their slack:
                // ahead of them it moved everyone up at 7 a day, and the 19 new intimate people's keep-ups then
                // crowded out the outer tiers' wins (BENCHMARKS.md, the simulated year).
                score: priority.base + 400 + 50 * p.tier.rank + 41 + min(8, overdue / max(interval, 1)))
        }
        let cadence = due.interval
        let overdue = since - cadence
        guard overdue >= 0 else { return nil }
        let priority: Agenda.Priority = !close ? .rest : overdue > Self.slack(cadence) ? .closeLapsing : .due
        let cadenceWords = p.cadenceDays != nil ? "your cadence for \(name) is \(cadence) days"
                                                : "\(p.tier.rawValue) cadence is \(cadence) days"
        return Suggestion(
            key: "keep-up:\(p.id):\(base)", kind: .keepUp, personID: p.id, personName: p.displayName,
            reason: "\(lastWords); \(cadenceWords)\(askNote)\(seeing)",
            action: "Check in with \(name) — no agenda, just to see how they are",
            draft: Drafts.keepUp(name: name, person: p, seed: Drafts.seed(p.id, today)),
            score: priority.base + 400 + 50 * p.tier.rank + min(40, 10 * overdue / cadence))
    }

    // MARK: Meetings on the calendar

    /// Whether a meeting on the calendar keeps this person within their cadence's slack (see `slack`): it comes before
    /// the keep-up (or deepen) lapses, so none is needed before it.
    func meetingCovers(_ e: Agenda.Entry, due: (day: Day, interval: Int, target: Tier?)) -> Bool {
        guard let meeting = input.meetings[e.person.id], meeting >= today else { return false }
        return meeting <= due.day.adding(days: Self.slack(due.interval))
    }

    /// "today", "tomorrow", "on Friday" (within the week), "on 18 December".
    static func when(_ day: Day, from today: Day) -> String {
        switch today.days(until: day) {
        case 0: "today"
        case 1: "tomorrow"
        case 2...6: "on \(day.weekdayName)"
        default: "on \(day.day) \(day.monthName)"
        }
    }

    /// The day before a meeting with someone whose win or struggle is still open: mention it when you see them
    /// ("Ana's promotion: mention it on Friday"). It takes the place of congratulating or supporting by message.
    func beforeMeeting(_ e: Agenda.Entry) -> Suggestion? {
        let p = e.person
        guard let meeting = input.meetings[p.id], today.days(until: meeting) == 1 else { return nil }
        let open = input.moments.filter { m in
            guard m.personID == p.id, m.state == .open, case let age = m.on.days(until: today), age >= 0 else { return false }
            return m.kind.isWin ? age <= settings.winFreshDays : age <= settings.struggleFreshDays
        }
        // The struggle first, then the newest.
        guard let m = open.min(by: { a, b in
            if a.kind.isWin != b.kind.isWin { return !a.kind.isWin }
            if a.on != b.on { return a.on > b.on }
            return a.id < b.id
        }) else { return nil }
        let name = p.profile.greetingName
        let whose = subject(m, name: name)
        let age = m.on.days(until: today)
        let ago = age == 0 ? "today" : age == 1 ? "yesterday" : "\(age) days ago"
        let day = meeting.weekdayName
        let news = (Self.isClose(p) ? Agenda.Priority.closeNews : .outerNews).base
        let note = m.note.isEmpty ? "" : " — \(m.note)"
        let (action, draft): (String, String) = switch m.kind {
        case .win(let w):
            ("\(whose.label)'s \(w.words): mention it on \(day)",
             "Congratulate \(whose.object) on the \(w.words) in person, and ask how it came about and what it changes.")
        case .struggle(let st):
            ("\(whose.label)'s \(st.words): ask how things are on \(day)",
             "Ask \(name) how things are with the \(st.words), listen first, and offer what would help.")
        }
        return Suggestion(
            key: "before-meeting:\(m.id):\(meeting)", kind: .beforeMeeting, personID: p.id, personName: p.displayName, momentID: m.id,
            reason: "you're seeing \(name) tomorrow (\(day)); \(whose.label): \(m.kind.words), \(ago)\(note)",
            action: action, draft: draft,
            score: news + 950 + 10 * p.tier.rank - age)
    }

    /// A keep-up (or deepen) offered before it falls due, on a light day before a full week (`LookAhead`).
    /// Its key is the one it will have when due, so doing it early is doing it.
    func early(_ e: Agenda.Entry, dueIn: Int, interval: Int, target: Tier?) -> Suggestion? {
        let p = e.person
        let name = p.profile.greetingName
        let base = e.touches.lastNeedFree ?? p.addedOn
        let since = base.days(until: today)
        let lastWords = e.touches.lastNeedFree == nil ? "no need-free touch yet" : "last need-free touch \(since) days ago"
        let when = dueIn == 1 ? "tomorrow" : "in \(dueIn) days"
        let early = "due \(when), a little early — the rest of your week is full"
        let score = Agenda.Priority.due.base + 300 + 50 * p.tier.rank - dueIn
        if let target {
            let step = Self.nextStep(from: p.tier, to: target, name: name)
            return Suggestion(
                key: "deepen:\(p.id):\(target.rawValue):\(base)", kind: .deepen, personID: p.id, personName: p.displayName,
                reason: "you want to move \(name) from \(p.tier.rawValue) to \(target.rawValue); \(lastWords); \(early)",
                action: step.action, draft: step.draft, score: score)
        }
        return Suggestion(
            key: "keep-up:\(p.id):\(base)", kind: .keepUp, personID: p.id, personName: p.displayName,
            reason: "\(lastWords); \(early)",
            action: "Check in with \(name) — no agenda, just to see how they are",
            draft: Drafts.keepUp(name: name, person: p, seed: Drafts.seed(p.id, today)), score: score)
    }

    static func nextStep(from: Tier, to: Tier, name: String) -> (action: String, draft: String) {
        switch from {
        case .unfamiliar:
            return ("Reach out to \(name) about something specific you share, and say why you're glad to know them",
                    "Hi \(name), I came across something that made me think of you — how are things going on your side?")
        case .familiar:
            return ("Suggest a one-to-one with \(name): a coffee, a walk or a call, just the two of you",
                    "Hi \(name), it's been too long since we had a proper conversation — coffee one of these weeks? My treat.")
        case .intimate, .meaningful:
            return ("Go deeper with \(name): ask their advice on something that matters to you, offer help, or share something personal",
                    "Hi \(name), I'm weighing a decision and you're the person whose judgement I trust most on this — could I borrow 20 minutes?")
        }
    }

    // MARK: Asking for input

    /// People like to feel helpful: now and then, ask a close, well-tended person for their input.
    func askForInput(_ entries: [Agenda.Entry]) -> Suggestion? {
        let candidates = entries.filter { e in
            let p = e.person
            guard p.tier >= .intimate, let cadence = settings.cadence(for: p),
                  let lastNF = e.touches.lastNeedFree, lastNF.days(until: today) < cadence,
                  e.touches.needFreeLastYear >= 2 else { return false }
            if let ask = e.touches.lastAsk { return ask.days(until: today) >= settings.askForInputDays }
            return true
        }
        // The person asked longest ago (never first), then the highest tier, then by name.
        guard let pick = candidates.min(by: { a, b in
            let la = a.touches.lastAsk?.ordinal ?? Int.min, lb = b.touches.lastAsk?.ordinal ?? Int.min
            if la != lb { return la < lb }
            if a.person.tier != b.person.tier { return a.person.tier > b.person.tier }
            if a.person.displayName != b.person.displayName { return a.person.displayName < b.person.displayName }
            return a.person.id < b.person.id
        }) else { return nil }
        let p = pick.person
        let name = p.profile.greetingName
        let half = today.month <= 6 ? 1 : 2
        let lastAsk = pick.touches.lastAsk.map { "you last asked them something \($0.days(until: today)) days ago" }
            ?? "you have never asked them for anything"
        return Suggestion(
            key: "ask-input:\(p.id):\(today.year)-h\(half)", kind: .askForInput, personID: p.id, personName: p.displayName,
            reason: "your recent touches with \(name) were all need-free and \(lastAsk); people like to feel helpful",
            action: "Ask \(name) for their input on something you're working on",
            draft: Drafts.askForInput(name: name, seed: Drafts.seed(p.id, today)),
            score: Agenda.Priority.rest.base + 200 + 10 * p.tier.rank)
    }
}
