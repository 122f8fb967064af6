import Foundation
import TendInterop

/// The namespaces CardDAV speaks.
enum NS {
    static let dav = "DAV:"
    static let card = "urn:ietf:params:xml:ns:carddav"
    static let cs = "http://calendarserver.org/ns/"
    static let apple = "http://apple.com/ns/ical/"
}

/// A property's name: its namespace and local name.
struct PropName: Hashable, Sendable, CustomStringConvertible {
    var ns: String
    var name: String

    init(_ ns: String, _ name: String) {
        self.ns = ns
        self.name = name
    }

    init(_ node: XMLNode) {
        self.init(node.namespace, node.name)
    }

    /// `{DAV:}getetag`: the key a dead property is kept under.
    var description: String { "{\(ns)}\(name)" }

    /// The prefix the multistatus declares for the namespace; another namespace is declared on the element as `X`.
    private var prefix: String? {
        switch ns {
        case NS.dav: "D:"
        case NS.card: "C:"
        case NS.cs: "CS:"
        // Bound by definition; declaring it on another prefix is an error every parser reports (found by fuzzing).
        case SafeXML.xmlNamespace: "xml:"
        case "": ""
        default: nil
        }
    }

    /// The element's opening tag's name (with its own namespace declaration when the multistatus has none for it).
    var open: String { prefix.map { $0 + name } ?? "X:" + name + " xmlns:X=\"\(SafeXML.escape(ns))\"" }

    var close: String { (prefix ?? "X:") + name }

    func element(_ inner: String) -> String {
        inner.isEmpty ? "<\(open)/>" : "<\(open)>\(inner)</\(close)>"
    }

    static let resourcetype = PropName(NS.dav, "resourcetype")
    static let displayname = PropName(NS.dav, "displayname")
    static let getetag = PropName(NS.dav, "getetag")
    static let getcontenttype = PropName(NS.dav, "getcontenttype")
    static let getcontentlength = PropName(NS.dav, "getcontentlength")
    static let currentUserPrincipal = PropName(NS.dav, "current-user-principal")
    static let principalURL = PropName(NS.dav, "principal-URL")
    static let owner = PropName(NS.dav, "owner")
    static let currentUserPrivilegeSet = PropName(NS.dav, "current-user-privilege-set")
    static let supportedReportSet = PropName(NS.dav, "supported-report-set")
    static let syncToken = PropName(NS.dav, "sync-token")
    static let principalCollectionSet = PropName(NS.dav, "principal-collection-set")
    static let addressbookHomeSet = PropName(NS.card, "addressbook-home-set")
    static let addressbookDescription = PropName(NS.card, "addressbook-description")
    static let supportedAddressData = PropName(NS.card, "supported-address-data")
    static let maxResourceSize = PropName(NS.card, "max-resource-size")
    static let addressData = PropName(NS.card, "address-data")
    static let getctag = PropName(NS.cs, "getctag")

    /// Properties the server keeps itself: PROPPATCH cannot set or remove them.
    static let protected: Set<PropName> = [
        resourcetype, getetag, getcontenttype, getcontentlength, currentUserPrincipal, principalURL, owner, currentUserPrivilegeSet,
        supportedReportSet, syncToken, principalCollectionSet, addressbookHomeSet, supportedAddressData, maxResourceSize, addressData,
        getctag,
    ]
}

/// What a PROPFIND or a REPORT asks of each resource.
enum PropRequest: Sendable {
    case all
    case names
    case some([PropName])

    /// A `<D:prop>` element's children, or everything when there is none.
    init(_ parent: XMLNode?) {
        if let parent, parent.child("propname", ns: NS.dav) != nil { self = .names; return }
        if let prop = parent?.child("prop", ns: NS.dav) {
            var seen = Set<PropName>(), names: [PropName] = []
            for c in prop.children where seen.insert(PropName(c)).inserted { names.append(PropName(c)) }
            self = .some(names)
        } else {
            self = .all
        }
    }

    var wantsAddressData: Bool {
        if case .some(let names) = self { return names.contains(.addressData) }
        return false
    }
}

/// A multistatus document written piece by piece, so a listing of thousands of cards is streamed.
enum Multistatus {
    static let head = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:multistatus xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:carddav\" xmlns:CS=\"http://calendarserver.org/ns/\">"
    static let tail = "</D:multistatus>\n"

    /// One resource: what was found first (Thunderbird reads only a first propstat of 200), then what was not.
    static func response(href: String, found: [(PropName, String)], missing: [PropName], names: Bool = false) -> String {
        var out = "<D:response><D:href>\(SafeXML.escape(href))</D:href>"
        if !found.isEmpty {
            out += "<D:propstat><D:prop>"
            for (name, value) in found { out += names ? name.element("") : value }
            out += "</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>"
        }
        if !missing.isEmpty {
            out += "<D:propstat><D:prop>" + missing.map { $0.element("") }.joined() + "</D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>"
        }
        if found.isEmpty && missing.isEmpty {
            out += "<D:propstat><D:prop/><D:status>HTTP/1.1 200 OK</D:status></D:propstat>"
        }
        return out + "</D:response>"
    }

    static func status(href: String, _ status: String) -> String {
        "<D:response><D:href>\(SafeXML.escape(href))</D:href><D:status>HTTP/1.1 \(status)</D:status></D:response>"
    }
}

/// A `DAV:error` body: the precondition that failed, with a sentence for people.
func davError(_ condition: String, _ message: String) -> String {
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:error xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:carddav\">\(condition)"
        + "<D:responsedescription>\(SafeXML.escape(message))</D:responsedescription></D:error>\n"
}

/// Hrefs as Python's `quote(href, "/@:")` writes them (vdirsyncer compares hrefs so): every byte but
/// letters, digits, `-._~`, `/`, `@` and `:` percent-encoded.
func percentEncoded(_ path: String) -> String {
    var out = ""
    for b in path.utf8 {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"), UInt8(ascii: "@"), UInt8(ascii: ":"):
            out.unicodeScalars.append(Unicode.Scalar(b))
        default:
            out += String(format: "%%%02X", b)
        }
    }
    return out
}
