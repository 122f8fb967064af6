import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// XML from outside (feeds, WebDAV requests) read into a small tree, safely: entity declarations refused (XML
/// bombs are made of them), no external entities, elements past a depth or a count not kept, a document cut
/// short refused. The text must be UTF-8 already: FoundationXML traps on names that are not (found by fuzzing).
public enum SafeXML {
    public enum Failure: Error, Equatable, Sendable {
        /// The document declares entities.
        case entities
        /// Not well-formed, at this line.
        case malformed(line: Int)
        /// Not UTF-8 text.
        case notUTF8
    }

    /// A request's body, which must be UTF-8 and namespace-well-formed (a prefix never declared is refused: such an
    /// element, kept as a dead property, would make every later answer unreadable). Processing instructions are taken
    /// out first (see `FeedReader.withoutProcessingInstructions`).
    public static func parseUTF8(_ data: Data) throws(Failure) -> XMLNode {
        guard String(validating: data, as: UTF8.self) != nil else { throw .notUTF8 }
        return try parse(FeedReader.withoutProcessingInstructions(data), strictNamespaces: true)
    }

    /// The document's root element.
    /// - Parameter strictNamespaces: Refuse elements whose prefix is not declared (feeds in the wild have them).
    public static func parse(_ data: Data, strictNamespaces: Bool = false) throws(Failure) -> XMLNode {
        // Entity declarations can only come in the document type declaration, before the root element.
        if let entity = data.range(of: Data("<!ENTITY".utf8)), entity.lowerBound < rootStart(data) { throw .entities }
        let tree = XMLTree()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = tree
        let ok = parser.parse()
        guard ok, tree.complete, let root = tree.root, !(strictNamespaces && tree.undeclaredPrefix) else { throw .malformed(line: parser.lineNumber) }
        return root
    }

    /// Where the root element starts: the first `<` followed by a letter (declarations start `<!` or `<?`).
    static func rootStart(_ data: Data) -> Data.Index {
        var i = data.startIndex
        while i < data.endIndex - 1 {
            if data[i] == UInt8(ascii: "<"), let next = Optional(data[i + 1]), (65...90).contains(next) || (97...122).contains(next) { return i }
            i += 1
        }
        return data.endIndex
    }

    /// The namespace the `xml` prefix is bound to by definition (Namespaces in XML 1.0, §3): never declared on
    /// another prefix, or the document is not namespace-well-formed.
    public static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"

    /// Text for XML: `&`, `<`, `>` and quotes escaped.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // Characters XML 1.0 cannot hold at all are left out rather than make the document unreadable.
                let v = c.value
                if v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || v >= 0x10000 {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out
    }
}

/// An element of a document read by `SafeXML`.
public final class XMLNode: @unchecked Sendable {
    public let name: String
    public let namespace: String
    public let attributes: [String: String]
    public internal(set) var children: [XMLNode] = []
    var textParts: [String] = []
    public var text: String { textParts.joined() }
    /// The text of the element and every element inside it (Atom's `xhtml` content is elements).
    public var deepText: String {
        children.isEmpty ? text : ([text] + children.map(\.deepText)).joined(separator: " ")
    }

    init(name: String, namespace: String, attributes: [String: String]) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
    }

    /// The first child of that local name (and namespace, when given: "" is no namespace).
    public func child(_ name: String, ns: String? = nil) -> XMLNode? {
        children.first { $0.name == name && (ns == nil || $0.namespace == ns!) }
    }

    public func children(named name: String) -> [XMLNode] { children.filter { $0.name == name } }

    /// The element written out again, its namespaces declared on it (for keeping a WebDAV dead property).
    public func serialized() -> String {
        var declared: [String: String] = [:]
        return write(&declared)
    }

    private func write(_ declared: inout [String: String]) -> String {
        var prefixes = declared
        var head = ""
        let tag: String
        if namespace.isEmpty {
            tag = name
        } else if namespace == SafeXML.xmlNamespace {
            // `xml:` needs no declaration, and may have no other (found by the dav fuzz target).
            tag = "xml:" + name
        } else if let p = prefixes[namespace] {
            tag = p + ":" + name
        } else {
            let p = "x\(prefixes.count)"
            prefixes[namespace] = p
            tag = p + ":" + name
            head += " xmlns:\(p)=\"\(SafeXML.escape(namespace))\""
        }
        // Attributes in a namespace are left out: their prefix may not be declared where the element is written again.
        for (k, v) in attributes.sorted(by: { $0.key < $1.key }) where !k.hasPrefix("xmlns") && !k.contains(":") {
            head += " \(k)=\"\(SafeXML.escape(v))\""
        }
        let inner = SafeXML.escape(text) + children.map { $0.write(&prefixes) }.joined()
        return inner.isEmpty ? "<\(tag)\(head)/>" : "<\(tag)\(head)>\(inner)</\(tag)>"
    }
}

final class XMLTree: NSObject, XMLParserDelegate {
    var root: XMLNode?
    private var stack: [XMLNode] = []
    /// Elements deeper than this are not kept (a feed or a WebDAV request is a few levels deep; a deep document is an attack).
    private let maximumDepth = 64
    private var skipped = 0
    private var count = 0
    /// Whether the root element was closed: a document cut short is not read as if it were whole.
    var complete: Bool { root != nil && stack.isEmpty && skipped == 0 }
    /// Whether an element had a prefix no namespace was declared for.
    var undeclaredPrefix = false

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
                attributes attributeDict: [String: String] = [:]) {
        count += 1
        if (namespaceURI ?? "").isEmpty, elementName.contains(":") || (qName ?? "").contains(":") { undeclaredPrefix = true }
        if stack.count >= maximumDepth || count > 200_000 {
            skipped += 1
            if count > 200_000 { parser.abortParsing() }
            return
        }
        let node = XMLNode(name: elementName, namespace: namespaceURI ?? "", attributes: attributeDict)
        if let parent = stack.last { parent.children.append(node) } else if root == nil { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        if skipped > 0 { skipped -= 1; return }
        _ = stack.popLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard skipped == 0, let node = stack.last, node.textParts.count < 10_000 else { return }
        node.textParts.append(string)
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard skipped == 0, let node = stack.last, node.textParts.count < 10_000 else { return }
        node.textParts.append(String(decoding: CDATABlock, as: UTF8.self))
    }
}
