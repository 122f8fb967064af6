import Testing
import TendCore

/// Job changes read from two versions of a person (issue 18): a new company is a new job, a more senior
/// title at the same company a promotion, any other new title a new role; filling in what was unknown is no news.
@Suite struct JobChangeTests {
    @Test func aNewCompanyIsANewJob() throws {
        let change = try #require(JobChange.between(Position(company: "Lumen", title: "Product Lead"),
                                                    Position(company: "Quill", title: "Head of Product")))
        #expect(change.kind == .win(.newJob))
        #expect(change.note == "was Product Lead at Lumen, now Head of Product at Quill")
        // Case, accents and spaces around are not a change.
        #expect(JobChange.between(Position(company: "Lumen Labs", title: "Designer"), Position(company: " LUMEN labs ", title: "designer")) == nil)
        #expect(JobChange.between(Position(company: "Café Noir", title: nil), Position(company: "Cafe Noir", title: nil)) == nil)
    }

    @Test func aMoreSeniorTitleAtTheSameCompanyIsAPromotion() throws {
        let up = try #require(JobChange.between(Position(company: "Lumen", title: "Software Engineer"),
                                                Position(company: "Lumen", title: "Senior Software Engineer")))
        #expect(up.kind == .win(.promotion))
        #expect(up.note == "promoted from Software Engineer to Senior Software Engineer at Lumen")
        // The same level, or lower, is a new role: still news, not a promotion.
        let side = try #require(JobChange.between(Position(company: "Lumen", title: "Product Manager"),
                                                  Position(company: "Lumen", title: "Engineering Manager")))
        #expect(side.kind == .win(.other))
        #expect(side.note == "new role: Engineering Manager at Lumen (was Product Manager)")
        #expect(JobChange.between(Position(company: "Lumen", title: "Director of Sales"), Position(company: "Lumen", title: "Sales Lead"))?.kind == .win(.other))
        // A title change with the company unknown on one side is still at the same company.
        #expect(JobChange.between(Position(company: nil, title: "Engineer"), Position(company: "Lumen", title: "Staff Engineer"))?.kind == .win(.promotion))
    }

    @Test func fillingInWhatWasUnknownIsNoNews() {
        #expect(JobChange.between(Position(company: nil, title: nil), Position(company: "Quill", title: "CEO")) == nil)
        #expect(JobChange.between(Position(company: "Quill", title: nil), Position(company: "Quill", title: "CEO")) == nil)
        #expect(JobChange.between(Position(company: "Quill", title: "CEO"), Position(company: nil, title: nil)) == nil)
        #expect(JobChange.between(Position(company: "Quill", title: "CEO"), Position(company: "Quill", title: "")) == nil)
    }

    @Test func theKeyIsTheNewPosition() throws {
        let a = try #require(JobChange.between(Position(company: "Lumen", title: "Lead"), Position(company: "Quill", title: "Head of Product")))
        let b = try #require(JobChange.between(Position(company: "Other", title: "Lead"), Position(company: "quill", title: "head of product")))
        #expect(a.key == b.key)
        #expect(a.key != JobChange.between(Position(company: "Lumen", title: "Lead"), Position(company: "Quill", title: "CTO"))?.key)
    }

    @Test(arguments: [
        ("Marketing Intern", 0), ("Praktikant Vertrieb", 0), ("Stagiaire marketing", 0),
        ("Junior Developer", 1), ("Jr. Analyst", 1),
        ("Engineer", 2), ("Product Designer", 2), ("Account Executive", 2), ("Customer Service Agent", 2),
        ("Senior Engineer", 3), ("Sr. Product Designer", 3),
        ("Staff Engineer", 4), ("Principal Consultant", 4),
        ("Team Lead", 5), ("Engineering Manager", 5), ("Teamleiterin Einkauf", 5), ("Responsable marketing", 5),
        ("Head of Product", 6), ("Abteilungsleiter IT", 6), ("Jefe de ventas", 6), ("Senior Manager", 6),
        ("Director of Sales", 7), ("Directrice artistique", 7), ("Direktor", 7),
        ("VP Engineering", 8), ("Vice President, Marketing", 8), ("Vice-président", 8),
        ("CEO", 9), ("Chief Technology Officer", 9), ("Co-Founder & CTO", 9), ("Geschäftsführer", 9), ("PDG", 9), ("Managing Director", 9),
    ])
    func seniorityReadsTitles(_ title: String, _ rank: Int) {
        #expect(Seniority.rank(title) == rank, "\(title)")
    }

    @Test func seniorityNeedsWholeWords() {
        // "service" holds "vice", "leadership" holds "lead", "headway" holds "head": none of them count.
        #expect(Seniority.rank("Customer Service Rep") == 2)
        #expect(Seniority.rank("Leadership Coach") == 2)
        #expect(Seniority.rank("Headway Analyst") == 2)
        #expect(Seniority.rank("") == 2)
        #expect(Seniority.rank("   ") == 2)
    }
}

/// Posts read as wins or struggles (issue 18).
@Suite struct NewsReadingTests {
    @Test(arguments: [
        ("Quill launches its writing app", Moment.Kind.win(.launch)), ("Release 2.0 is out", .win(.launch)),
        ("We raised a $10M Series A", .win(.funding)), ("Quill acquired by Lumen", .win(.other)),
        ("Ben wins the design award", .win(.award)), ("I'm joining Quill", .win(.newJob)), ("My book is published", .win(.publication)),
        ("She graduated!", .win(.graduation)), ("We're hiring engineers", .win(.other)),
        ("Quill lays off 10% of staff", .struggle(.companyTrouble)), ("Lumen shuts down its Berlin office", .struggle(.companyTrouble)),
        ("Outage on Tuesday: what happened", .struggle(.companyTrouble)),
        ("Layoffs after the funding round", .struggle(.companyTrouble)),
    ])
    func companyPosts(_ title: String, _ kind: Moment.Kind) {
        #expect(NewsReading.kind(title: title, about: .company) == kind, "\(title)")
    }

    @Test func aPersonsLayoffIsTheirsAndOrdinaryPostsAreNoNews() {
        #expect(NewsReading.kind(title: "I was laid off today", about: .themself) == .struggle(.layoff))
        #expect(NewsReading.kind(title: "Notes from a weekend climbing", about: .themself) == nil)
        #expect(NewsReading.kind(title: "A weekend", summary: "Three years of work: the book is out", about: .themself) == .win(.publication))
        // Whole words only: "cutscene" is not "cuts", "crown" not "won", "rebooking" not "book".
        #expect(NewsReading.kind(title: "The cutscene crown rebooking", about: .company) == nil)
        #expect(NewsReading.kind(title: "", about: .company) == nil)
    }
}
