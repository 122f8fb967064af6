import TendCore

/// Small factories: each test builds exactly the world it talks about.
func day(_ text: String) -> Day { Day(text)! }

func person(_ id: Int64, _ name: String, _ tier: Tier = .familiar, birthday: String? = nil, target: Tier? = nil,
            cadence: Int? = nil, added: String = "2026-11-01", company: String? = nil, archived: Bool = false) -> Person {
    Person(id: PersonID(id), profile: Profile(displayName: name, company: company, birthday: birthday.map { Birthday($0)! }),
           tier: tier, targetTier: target, cadenceDays: cadence, archived: archived, addedOn: Day(added)!)
}

func entry(_ p: Person, lastNeedFree: String? = nil, lastAsk: String? = nil, needFreeLastYear: Int = 0) -> Agenda.Entry {
    let nf = lastNeedFree.map(day), ask = lastAsk.map(day)
    return Agenda.Entry(person: p, touches: TouchSummary(lastNeedFree: nf, lastAsk: ask, lastTouch: [nf, ask].compactMap { $0 }.max(),
                                                         needFreeLastYear: needFreeLastYear))
}

func agenda(_ today: String, _ entries: [Agenda.Entry], moments: [Moment] = [], partners: [PersonID: String] = [:],
            states: [String: SuggestionState] = [:], settings: Settings = Settings()) -> Agenda {
    Agenda(Agenda.Input(today: day(today), settings: settings, people: entries, moments: moments,
                        partnerNames: partners, states: states))
}

func moment(_ id: Int64, _ person: Int64, _ kind: String, on: String, about: Moment.Subject = .themself,
            state: Moment.State = .open, answeredOn: String? = nil, followedUpOn: String? = nil) -> Moment {
    Moment(id: MomentID(id), personID: PersonID(person), kind: try! Moment.Kind.parse(kind), about: about, on: day(on),
           note: "", state: state, answeredOn: answeredOn.map(day), followedUpOn: followedUpOn.map(day))
}
