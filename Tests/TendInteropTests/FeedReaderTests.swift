import Foundation
import Testing
@testable import TendInterop

/// The feed reader (issue 18): the four formats, dates as feeds write them, relative links, encodings,
/// discovery from a web page, and what is refused.
@Suite struct FeedReaderTests {
    static func fixture(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/feeds/" + name, withExtension: nil))
        return try Data(contentsOf: url)
    }

    static func date(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

    @Test func rss2WithEveryDateFormat() throws {
        let feed = try FeedReader.read(try Self.fixture("rss2.xml"), url: "https://quill.example/news/feed.xml")
        #expect(feed.format == .rss2 && feed.title == "Quill & Co. Newsroom" && feed.link == "https://quill.example/news/")
        #expect(feed.entries.map(\.title) == ["Quill launches its writing app", "Quill raises a Series A", "No weekday, named zone",
                                              "Two-digit year", "Dublin Core date"])
        #expect(feed.entries.map(\.published) == [
            Self.date("2025-06-10T04:00:00Z"), Self.date("2025-06-10T07:30:00Z"), Self.date("2025-06-11T13:15:00Z"),
            Self.date("2003-06-11T16:39:21Z"), Self.date("2025-06-12T08:00:00Z"),
        ])
        let launch = feed.entries[0]
        #expect(launch.id == "quill-news-0042" && launch.key == "id:quill-news-0042")
        #expect(launch.summary == "Today we launched Quill 1.0.")
        // A relative link is made absolute against the channel's site; a script's text is not a summary.
        #expect(feed.entries[1].link == "https://quill.example/news/series-a" && feed.entries[1].summary == "We raised $10M.")
        #expect(feed.entries[1].key == "link:https://quill.example/news/series-a")
        // A permalink guid is the link when there is no <link>.
        #expect(feed.entries[3].link == "https://quill.example/news/old")
        #expect(feed.entries[4].summary == "Plain text, with an ampersand & an \"é\".")
    }

    @Test func rss1AtomAndJSONFeed() throws {
        let rdf = try FeedReader.read(try Self.fixture("rss1.rdf"))
        #expect(rdf.format == .rss1 && rdf.title == "Ana's notes" && rdf.entries.count == 2)
        #expect(rdf.entries[0].title == "My book is published" && rdf.entries[0].link == "https://ana.example/2025/book")
        #expect(rdf.entries[0].published == Self.date("2025-09-01T10:00:00Z") && rdf.entries[1].published == Self.date("2025-08-01T00:00:00Z"))

        let atom = try FeedReader.read(try Self.fixture("atom.xml"), url: "https://ben.example/blog/atom.xml")
        #expect(atom.format == .atom && atom.title == "Ben writes" && atom.link == "https://ben.example/blog/")
        #expect(atom.entries[0].link == "https://ben.example/blog/posts/joining")
        #expect(atom.entries[0].published == Date(timeIntervalSince1970: Self.date("2025-10-01T12:30:00Z").timeIntervalSince1970 + 0.25))
        #expect(atom.entries[0].summary == "After five years at Lumen…")
        // An entry's own xml:base, and xhtml text constructs.
        #expect(atom.entries[1].link == "https://ben.example/other/award.html")
        #expect(atom.entries[1].title == "Our award" && atom.entries[1].summary == "We won the prize.")
        #expect(atom.entries[1].published == Self.date("2025-09-15T00:00:00Z"))

        let json = try FeedReader.read(try Self.fixture("feed.json"))
        #expect(json.format == .jsonFeed && json.title == "Chen's projects")
        #expect(json.entries.map(\.id) == ["2", "1"], "a number as id (JSON Feed 1.0) is read as text")
        #expect(json.entries[0].summary == "New things." && json.entries[1].link == "https://chen.example/first")
    }

    @Test func aFeedInISO88591DeclaredInItsProlog() throws {
        let feed = try FeedReader.read(try Self.fixture("latin1.xml"))
        #expect(feed.title == "Café Noir" && feed.entries.first?.title == "Le café ouvre à Lyon" && feed.entries.first?.summary == "Français")
    }

    @Test func feedsAreFoundInAWebPage() throws {
        let found = FeedReader.discover(html: try Self.fixture("site.html"), url: "https://quill.example/about/")
        #expect(found == ["https://quill.example/news/feed.xml", "https://quill.example/atom.xml", "https://quill.example/about/feed.json?x=1&y=2"])
        #expect(FeedReader.discover(html: Data("<html><link rel=alternate href=/x></html>".utf8), url: "https://a.example/").isEmpty)
        #expect(throws: FeedError("this is a web page, not a feed")) { try FeedReader.read(try Self.fixture("site.html")) }
    }

    @Test func whatIsNotAFeedIsRefusedInWords() throws {
        #expect(throws: FeedError("the feed declares XML entities, which Tend does not expand")) { try FeedReader.read(try Self.fixture("bomb.xml")) }
        #expect(throws: FeedError("the feed is empty")) { try FeedReader.read(Data("  \n".utf8)) }
        #expect(throws: FeedError("this is neither XML nor JSON, so not a feed")) { try FeedReader.read(Data("hello".utf8)) }
        #expect(throws: FeedError("the feed is not well-formed XML (line 1)")) { try FeedReader.read(Data("<rss><channel>".utf8)) }
        #expect(throws: FeedError("an XML document of another kind (<svg>), not a feed")) { try FeedReader.read(Data("<svg/>".utf8)) }
        #expect(throws: FeedError("the feed is not valid JSON")) { try FeedReader.read(Data("{nope".utf8)) }
        #expect(throws: FeedError("a JSON document of another kind (no JSON Feed version), not a JSON Feed")) { try FeedReader.read(Data(#"{"a":1}"#.utf8)) }
        #expect(throws: FeedError("an RSS feed with no channel")) { try FeedReader.read(Data("<rss version=\"2.0\"/>".utf8)) }
        // A post about XML may quote an entity declaration in its text: that is not one.
        let quoted = "<rss><channel><title>t</title><item><title>About &lt;!ENTITY&gt;</title><description><![CDATA[<!ENTITY x \"y\">]]></description></item></channel></rss>"
        #expect(try FeedReader.read(Data(quoted.utf8)).entries.count == 1)
        // Links that are not http(s) are dropped, not followed.
        let js = "<rss><channel><item><title>x</title><link>javascript:alert(1)</link></item></channel></rss>"
        #expect(try FeedReader.read(Data(js.utf8)).entries.first?.link == nil)
    }

    @Test(arguments: [
        ("Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00Z"), ("Tue, 10 Jun 2003 04:00 GMT", "2003-06-10T04:00:00Z"),
        ("10 Jun 2003 04:00:00 +0200", "2003-06-10T02:00:00Z"), ("Tue,10 Jun 2003 04:00:00 PDT", "2003-06-10T11:00:00Z"),
        ("Tue, 10 June 2003 04:00:00 UT", "2003-06-10T04:00:00Z"), ("Tue, 10 Jun 2003 04:00:00 -05:30", "2003-06-10T09:30:00Z"),
        ("Tue, 10 Jun 2003 04:00:00", "2003-06-10T04:00:00Z"), ("10 Jun 99 04:00:00 Z", "1999-06-10T04:00:00Z"),
        ("2003-06-10T04:00:00Z", "2003-06-10T04:00:00Z"), ("2003-06-10T04:00:00+02:00", "2003-06-10T02:00:00Z"),
        ("2003-06-10T04:00Z", "2003-06-10T04:00:00Z"), ("2003-06-10 04:00:00", "2003-06-10T04:00:00Z"),
        ("2003-06-10T04:00:00-0700", "2003-06-10T11:00:00Z"), ("2003-06-10", "2003-06-10T00:00:00Z"),
    ])
    func datesAsFeedsWriteThem(_ text: String, _ iso: String) {
        #expect(FeedDate.parse(text) == Self.date(iso), "\(text)")
    }

    @Test func datesThatAreNotDates() {
        for text in ["", "yesterday", "32 Jun 2003 04:00:00 GMT", "Tue, 10 Foo 2003 04:00:00 GMT", "2003-13-01", "2003-06-10T25:00:00Z",
                     "2003-06-10T04:00:00+99:00", "10 Jun 2003", "2003-06-10Tx", "Tue, 10 Jun 2003 04:00:00 XYZ"] {
            #expect(FeedDate.parse(text) == nil, "\(text)")
        }
    }
}

/// Inputs the fuzzer found (RELIABILITY.md): each once crashed the process.
@Suite struct FeedReaderFindingsTests {
    @Test func anElementNameThatIsNotUTF8IsRefusedNotAParserTrap() throws {
        var bytes = Array(#"<?xml version="1.0" encoding="utf-8"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:"#.utf8)
        bytes += [UInt8](repeating: 0xCE, count: 48) + Array("li/></rdf:RDF>".utf8)
        #expect(throws: FeedError("the feed is not valid UTF-8 text")) { try FeedReader.read(Data(bytes)) }
        // Declared as Latin-1, the same bytes are letters, and the name is read as such.
        var latin = Array(#"<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><title>"#.utf8)
        latin += [0xCE, 0xCE] + Array("</title></channel></rss>".utf8)
        #expect(try FeedReader.read(Data(latin)).title == "ÎÎ")
        #expect(throws: FeedError("the feed's encoding shift_jis is not one Tend reads (UTF-8, UTF-16, ISO-8859-1, Windows-1252)")) {
            try FeedReader.read(Data(#"<?xml version="1.0" encoding="Shift_JIS"?><rss/>"#.utf8))
        }
    }

    @Test func aProcessingInstructionWithNoDataIsTakenOut() throws {
        let crash = Data("<?xmut?>\n<rdttps:</xml ve//quill.example/atrs \0\0\0 \0\0\0om\".xm".utf8)
        #expect(throws: FeedError.self) { try FeedReader.read(crash) }
        let styled = #"<?xml version="1.0"?><?xml-stylesheet href="/feed.xsl" type="text/xsl"?><?x?><rss><channel><title>Styled</title></channel></rss>"#
        #expect(try FeedReader.read(Data(styled.utf8)).title == "Styled")
    }

    @Test func aDeclarationLeftOpenOrInstructionsThatWouldJoinAreTakenOutToo() throws {
        // An XML declaration never closed before the next markup, and a processing instruction inside it (CI's fuzz run).
        let open = Data(#"<?xml version="1.0" en/x"><channel><title>t</title><?xmut?><x>"#.utf8)
        #expect(throws: FeedError.self) { try FeedReader.read(open) }
        // Taking one out must not make another from what was around it.
        #expect(throws: FeedError.self) { try FeedReader.read(Data("<rss><<?a?>?b?></rss>".utf8)) }
        #expect(FeedReader.withoutProcessingInstructions(Data("<<?a?>?b?>".utf8)) == Data("< ?b?>".utf8))
    }
}


/// SafeXML's serializer, which keeps WebDAV dead properties: what it writes must read back as the same element.
@Suite struct SafeXMLSerializerTests {
    /// Found by CI's smoke run of the `dav` fuzz target: an element in the namespace the `xml` prefix is bound to was
    /// written with that namespace declared on another prefix, which no parser accepts.
    @Test func anElementInTheXMLNamespaceKeepsItsPrefix() throws {
        let root = try SafeXML.parseUTF8(Data(#"<d:prop xmlns:d="DAV:"><xml:note>hi</xml:note><x:y xmlns:x="urn:x"/></d:prop>"#.utf8))
        let note = try #require(root.children.first)
        #expect(note.namespace == SafeXML.xmlNamespace && note.name == "note")
        for node in [root, note] {
            let again = try SafeXML.parseUTF8(Data(node.serialized().utf8))
            #expect(again.name == node.name && again.namespace == node.namespace, "\(node.serialized())")
        }
        #expect(note.serialized() == "<xml:note>hi</xml:note>")
    }
}
