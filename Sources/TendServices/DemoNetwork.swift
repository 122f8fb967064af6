import Foundation
import TendCore

/// A realistic, deterministic network to show a new user what Tend does: the same seed and
/// day always give the same people, history and agenda.
public struct DemoNetwork: Sendable {
    public struct Member: Sendable {
        public var profile: Profile
        public var tier: Tier
        public var target: Tier?
        public var addedOn: Day
    }

    public struct DemoTouch: Sendable {
        public var members: [Int]
        public var on: Day
        public var channel: Channel
        public var intent: Intent
        public var note: String
    }

    public struct DemoMoment: Sendable {
        public var member: Int
        public var kind: Moment.Kind
        public var about: Moment.Subject
        public var on: Day
        public var note: String
        public var answeredOn: Day?
        public var followedUpOn: Day?
    }

    public var members: [Member] = []
    public var touches: [DemoTouch] = []
    public var moments: [DemoMoment] = []
    public var relations: [(Int, Relation.Kind, Int)] = []

    static let givenNames = ["Ana", "Ben", "Chloé", "David", "Elif", "Farid", "Grace", "Hiro", "Inès", "Jonas", "Kemi",
        "Lars", "Maya", "Nikhil", "Olga", "Pablo", "Quinn", "Rosa", "Sam", "Tomás", "Uma", "Viktor", "Wen", "Ximena",
        "Yusuf", "Zoë", "Amara", "Bruno", "Clara", "Dmitri", "Esther", "Felix", "Gabriela", "Hannah", "Ivan", "Julia",
        "Kwame", "Leila", "Marco", "Nadia", "Oscar", "Priya", "Rafael", "Sofia", "Theo", "Valentina", "Will", "Yara",
        "Aisha", "Björn", "Camila", "Diego", "Emma", "François", "Gustav", "Helena", "Isabel", "Jamal", "Kai", "Lucía"]
    static let familyNames = ["Souza", "Okafor", "Martin", "Kim", "Yılmaz", "Haddad", "Nguyen", "Tanaka", "Moreau",
        "Berg", "Adeyemi", "Nilsson", "Cohen", "Sharma", "Ivanova", "García", "Murphy", "Rossi", "Fischer", "López",
        "Patel", "Novak", "Chen", "Hernández", "Demir", "Schmidt", "Mensah", "Costa", "Dubois", "Petrov", "Levi",
        "Weber", "Silva", "Schneider", "Kowalski", "Romano", "Andersen", "Müller", "Ferreira", "O'Brien"]
    static let companies = ["Northwind", "Lumen Labs", "Fernhill Health", "Atlas Robotics", "Brightwater Bank",
        "Cobalt Studio", "Kestrel Logistics", "Orchard Schools", "Pioneer Energy", "Quill Press", "Riverstone Capital",
        "Sable Games", "Tidewater Foods", "Umbra Security", "Verdant Farms"]
    static let titles = ["Engineer", "Product manager", "Designer", "Founder", "Data scientist", "Teacher", "Nurse",
        "Lawyer", "Writer", "Investor", "Head of sales", "Architect", "Researcher", "Chef", "Engineering manager"]
    static let cities = ["Lisbon", "Berlin", "Toronto", "Nairobi", "Seoul", "Austin", "Lyon", "Melbourne", "Oslo", "Bogotá"]
    static let tags = ["work", "college", "climbing", "neighbours", "mentor", "investor", "design", "book-club", "family", "conference"]
    static let places = ["at a conference", "through work", "at university", "through friends", "at the climbing gym",
        "on a hiking trip", "through a mutual introduction", "at a meetup", "as neighbours", "in a book club"]
    static let checkInNotes = ["Caught up over coffee", "Quick call about their new project", "Sent an article they'd like",
        "Lunch near their office", "Long walk and catch-up", "Messaged about the match", "Video call on a Sunday",
        "Dinner at their place", "Shared photos from the trip", "Chatted at a friend's party"]
    static let giveNotes: [Intent.Give: String] = [.help: "Helped them prepare for an interview",
        .introduction: "Introduced them to a designer I trust", .referral: "Referred them for a role at a friend's company",
        .recommendation: "Recommended a great accountant"]
    static let askNotes: [Intent.Ask: String] = [.help: "Asked for help moving flat", .advice: "Asked their advice on a job offer",
        .input: "Asked for feedback on my talk", .favour: "Asked to borrow their car"]

    /// Builds a network of `size` people (at least 12) with years of history up to `today`.
    /// - Parameter touchesPerPerson: The average number of touches a person's history should hold. Left out, the
    ///   history follows each tier's cadence (about 12 touches a person); given, touches come that much more often,
    ///   while how long each person has gone without one lately (what the agenda reads) stays as it would have been.
    ///   Benchmarks use it to ask for the ~50 touches a person of a long-kept network.
    public static func generate(seed: UInt64, size: Int = 60, today: Day, touchesPerPerson: Int? = nil) -> DemoNetwork {
        var rng = SeededGenerator(seed: seed)
        var net = DemoNetwork()
        var names = Set<String>()
        let settings = Settings()

        for i in 0..<max(size, 12) {
            var given = givenNames[(i + Int(seed % 60)) % givenNames.count]
            var family = rng.pick(familyNames)
            for _ in 0..<3 where names.contains("\(given) \(family)") {
                family = rng.pick(familyNames)
                given = rng.pick(givenNames)
            }
            // Large networks run out of first and last name pairs: a middle initial, then a number, keeps names unique.
            var display = "\(given) \(family)"
            if names.contains(display) { display = "\(given) \(Character(UnicodeScalar(UInt8(65 + rng.int(in: 0...25))))). \(family)" }
            var n = 2
            let base = display
            while names.contains(display) { display = "\(base) \(n)"; n += 1 }
            names.insert(display)
            let roll = rng.int(in: 1...100)
            let tier: Tier = roll <= 9 ? .meaningful : roll <= 29 ? .intimate : roll <= 74 ? .familiar : .unfamiliar
            let addedOn = today.adding(days: -rng.int(in: 200...1600))
            let slug = "\(given)\(family)".lowercased().filter { $0.isASCII && $0.isLetter }
                + (display == "\(given) \(family)" ? "" : String(i))
            let profile = Profile(
                displayName: display, givenName: given, familyName: family,
                emails: ["\(slug)@example.com"],
                phones: rng.chance(0.6) ? ["+1 555 01\(String(format: "%02d", i % 100))"] : [],
                company: rng.chance(0.85) ? rng.pick(companies) : nil,
                title: rng.chance(0.8) ? rng.pick(titles) : nil, city: rng.pick(cities),
                howWeMet: "Met \(rng.pick(places))", metOn: addedOn,
                birthday: rng.chance(0.7) ? Birthday(month: rng.int(in: 1...12), day: rng.int(in: 1...28),
                                                     year: rng.chance(0.6) ? rng.int(in: 1960...2000) : nil) : nil,
                notes: "", tags: [rng.pick(tags)] + (rng.chance(0.3) ? [rng.pick(tags)] : []),
                links: [Link(label: "LinkedIn", url: "https://www.linkedin.com/in/\(slug)")])
            net.members.append(Member(profile: try! profile.validated(), tier: tier, target: nil, addedOn: addedOn))
        }

        // How much more often than their cadence touches come: the average asked for over the average a history
        // at the cadence would hold (each person's span over their cadence, the span's drift taken at its mean).
        var density = 1.0
        if let touchesPerPerson, touchesPerPerson > 0 {
            let natural = net.members.reduce(0.0) { sum, m in
                let cadence = Double(settings.cadence[m.tier] ?? 365)
                let drift = 0.65 * cadence / 3 + 0.35 * (cadence * 1.5 + 15)
                return sum + max(0, Double(m.addedOn.days(until: today)) - 15 - drift) / cadence + 1
            } / Double(net.members.count)
            // Filling the n - 1 gaps between a history's n touches gives n + (n - 1)(density - 1) in all.
            density = max(0.05, (Double(touchesPerPerson) - 1) / max(natural - 1, 0.5))
        }

        // Years of history: need-free touches around each cadence, with some people drifting.
        for (i, m) in net.members.enumerated() {
            let cadence = settings.cadence[m.tier] ?? 365
            let attentive = rng.chance(0.65)
            let stopBefore = attentive ? rng.int(in: 0...(cadence * 2 / 3)) : rng.int(in: cadence...(cadence * 2 + 30))
            var day = m.addedOn.adding(days: rng.int(in: 0...30))
            let end = today.adding(days: -max(stopBefore, 1))
            func touch(on day: Day) {
                let r = rng.int(in: 1...100)
                let intent: Intent = r <= 58 ? .checkIn : r <= 66 ? .celebrate : r <= 74 ? .thanks
                    : r <= 86 ? .give(rng.pick(Intent.Give.allCases)) : .ask(rng.pick(Intent.Ask.allCases))
                let note: String = switch intent {
                case .give(let g): giveNotes[g]!
                case .ask(let a): askNotes[a]!
                case .thanks: "Thanked them for the introduction"
                case .celebrate: "Congratulated them on their news"
                default: rng.pick(checkInNotes)
                }
                net.touches.append(DemoTouch(members: [i], on: day, channel: rng.pick(Channel.allCases), intent: intent, note: note))
            }
            while day <= end {
                touch(on: day)
                let next = day.adding(days: max(3, cadence * rng.int(in: 60...140) / 100))
                // A denser history fills the gaps between the cadence's touches; a sparser one leaves some out.
                // Either way the last touch, and so how long each person has gone without one, is as it was.
                if density > 1, next <= end {
                    let extra = Int(density - 1) + (rng.chance((density - 1).truncatingRemainder(dividingBy: 1)) ? 1 : 0)
                    let gap = day.days(until: next)
                    for k in stride(from: 1, through: extra, by: 1) { touch(on: day.adding(days: gap * k / (extra + 1))) }
                } else if density < 1, next <= end, !rng.chance(density) {
                    net.touches.removeLast()
                }
                day = next
            }
        }

        // Stories that make today's agenda worth reading.
        let meaningful = net.members.indices.filter { net.members[$0].tier == .meaningful }
        let intimate = net.members.indices.filter { net.members[$0].tier == .intimate }
        let familiar = net.members.indices.filter { net.members[$0].tier == .familiar }
        let unfamiliar = net.members.indices.filter { net.members[$0].tier == .unfamiliar }
        func any(_ pool: [Int], _ fallback: Int) -> Int { pool.isEmpty ? fallback : pool[rng.int(in: 0...(pool.count - 1))] }

        let birthdayPerson = any(meaningful, 0)
        net.members[birthdayPerson].profile.birthday = Birthday(month: today.month, day: today.day,
                                                                 year: today.month == 2 && today.day == 29 ? 1988 : 1986)
        let soon = today.adding(days: 2)
        let headsUp = any(intimate.filter { $0 != birthdayPerson }, 1)
        net.members[headsUp].profile.birthday = Birthday(month: soon.month, day: min(soon.day, 28), year: nil)

        let promoted = any(intimate.filter { ![birthdayPerson, headsUp].contains($0) }, 2)
        net.moments.append(DemoMoment(member: promoted, kind: .win(.promotion), about: .themself, on: today.adding(days: -3),
                                      note: "Now leading the platform team"))
        // A close friend laid off: the agenda puts the closest people's news first (issue 19), so the demo's
        // struggle is one of theirs, and a new user sees support on their first Today.
        let laidOff = any(intimate.filter { ![birthdayPerson, headsUp, promoted].contains($0) }, 3)
        net.moments.append(DemoMoment(member: laidOff, kind: .struggle(.layoff), about: .themself, on: today.adding(days: -2),
                                      note: "Their whole team was cut"))
        let supported = any(intimate.filter { ![birthdayPerson, headsUp, promoted, laidOff].contains($0) }, 4)
        let supportDay = today.adding(days: -23)
        net.moments.append(DemoMoment(member: supported, kind: .struggle(.passedOver), about: .themself, on: today.adding(days: -25),
                                      note: "Passed over for the lead role", answeredOn: supportDay))
        net.touches.append(DemoTouch(members: [supported], on: supportDay, channel: .inPerson, intent: .support,
                                     note: "Coffee to talk it through; offered to be a reference"))

        // A partner's success, recorded against the person we know.
        let partnered = any(familiar.filter { $0 != laidOff }, 5)
        let partner = any(unfamiliar, 6)
        net.relations.append((partnered, .partner, partner))
        net.moments.append(DemoMoment(member: partnered, kind: .win(.newJob), about: .partner, on: today.adding(days: -5),
                                      note: "Starting at a climate start-up"))
        net.relations.append((any(familiar, 7), .introducedBy, birthdayPerson))

        // People the user means to move up the ladder.
        for i in [any(familiar.filter { $0 != partnered }, 8), any(intimate.filter { ![supported, laidOff].contains($0) }, 9)] {
            net.members[i].target = net.members[i].tier.next
        }
        // Someone the user only reaches out to when they need something.
        let taker = any(familiar.filter { $0 != partnered }, 10)
        net.touches.removeAll { $0.members == [taker] && $0.on > today.adding(days: -400) }
        net.touches.append(DemoTouch(members: [taker], on: today.adding(days: -150), channel: .email, intent: .ask(.advice),
                                     note: "Asked their advice on a job offer"))
        net.touches.append(DemoTouch(members: [taker], on: today.adding(days: -40), channel: .message, intent: .ask(.favour),
                                     note: "Asked for an introduction to their CTO"))
        // A group dinner.
        let group = Array(Set([birthdayPerson, any(meaningful, 0), any(intimate, 1)])).sorted()
        net.touches.append(DemoTouch(members: group, on: today.adding(days: -9), channel: .inPerson, intent: .checkIn,
                                     note: "Dinner together at the Lebanese place"))
        net.touches.sort { ($0.on, $0.members.first ?? 0) < ($1.on, $1.members.first ?? 0) }
        return net
    }
}
