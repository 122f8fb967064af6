import Foundation

/// Raw DEFLATE (RFC 1951), as a zip archive's entries hold it: stored, fixed and dynamic Huffman blocks.
/// Written for outside input: every length and distance is checked, the output is capped, and a broken
/// stream is an error, never a crash or a loop.
public enum Inflate {
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public var message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    /// Decompresses `input`; refuses to write more than `limit` bytes (a zip bomb's).
    public static func inflate(_ input: [UInt8], limit: Int) throws(Failure) -> [UInt8] {
        var s = State(input: input, limit: limit)
        var last = false
        while !last {
            last = try s.bits(1) == 1
            switch try s.bits(2) {
            case 0: try s.stored()
            case 1: try s.codes(Huffman.fixedLengths, Huffman.fixedDistances)
            case 2:
                let (lengths, distances) = try s.dynamicTables()
                try s.codes(lengths, distances)
            default: throw Failure("a block of an unknown type")
            }
        }
        return s.output
    }

    /// A canonical Huffman code as RFC 1951 builds it: how many codes of each length, and the symbols in code order.
    struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int]

        /// - Returns: nil for an over-subscribed set of lengths (an incomplete one is allowed, as zlib allows a single distance code).
        init?(lengths: [Int]) {
            symbols = [Int](repeating: 0, count: lengths.count)
            for l in lengths { counts[l] += 1 }
            var left = 1
            for len in 1..<16 {
                left <<= 1
                left -= counts[len]
                if left < 0 { return nil }
            }
            var offsets = [Int](repeating: 0, count: 16)
            for len in 1..<15 { offsets[len + 1] = offsets[len] + counts[len] }
            for (symbol, l) in lengths.enumerated() where l != 0 {
                symbols[offsets[l]] = symbol
                offsets[l] += 1
            }
        }

        static let fixedLengths: Huffman = {
            var l = [Int](repeating: 8, count: 288)
            for i in 144..<256 { l[i] = 9 }
            for i in 256..<280 { l[i] = 7 }
            return Huffman(lengths: l)!
        }()
        static let fixedDistances = Huffman(lengths: [Int](repeating: 5, count: 30))!
    }

    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
                               4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    struct State {
        let input: [UInt8]
        let limit: Int
        var position = 0
        var bitBuffer = 0
        var bitCount = 0
        var output: [UInt8] = []

        init(input: [UInt8], limit: Int) {
            self.input = input
            self.limit = limit
            output.reserveCapacity(min(limit, input.count * 4))
        }

        mutating func bits(_ need: Int) throws(Failure) -> Int {
            while bitCount < need {
                guard position < input.count else { throw Failure("the compressed data ends early") }
                bitBuffer |= Int(input[position]) << bitCount
                position += 1
                bitCount += 8
            }
            let value = bitBuffer & ((1 << need) - 1)
            bitBuffer >>= need
            bitCount -= need
            return value
        }

        mutating func stored() throws(Failure) {
            bitBuffer = 0
            bitCount = 0
            guard position + 4 <= input.count else { throw Failure("the compressed data ends early") }
            let len = Int(input[position]) | Int(input[position + 1]) << 8
            let check = Int(input[position + 2]) | Int(input[position + 3]) << 8
            position += 4
            guard len == ~check & 0xFFFF else { throw Failure("a stored block's length does not match its check") }
            guard position + len <= input.count else { throw Failure("the compressed data ends early") }
            guard output.count + len <= limit else { throw Failure("it unpacks to more than \(limit / (1024 * 1024)) MB") }
            output.append(contentsOf: input[position..<(position + len)])
            position += len
        }

        mutating func decode(_ h: Huffman) throws(Failure) -> Int {
            var code = 0, first = 0, index = 0
            for len in 1..<16 {
                code |= try bits(1)
                let count = h.counts[len]
                if code - count < first { return h.symbols[index + (code - first)] }
                index += count
                first += count
                first <<= 1
                code <<= 1
            }
            throw Failure("a code that is in no table")
        }

        mutating func codes(_ lengths: Huffman, _ distances: Huffman) throws(Failure) {
            while true {
                let symbol = try decode(lengths)
                if symbol < 256 {
                    guard output.count < limit else { throw Failure("it unpacks to more than \(limit / (1024 * 1024)) MB") }
                    output.append(UInt8(symbol))
                } else if symbol == 256 {
                    return
                } else {
                    let l = symbol - 257
                    guard l < 29 else { throw Failure("a length code out of range") }
                    let length = Inflate.lengthBase[l] + (try bits(Inflate.lengthExtra[l]))
                    let d = try decode(distances)
                    guard d < 30 else { throw Failure("a distance code out of range") }
                    let distance = Inflate.distanceBase[d] + (try bits(Inflate.distanceExtra[d]))
                    guard distance <= output.count else { throw Failure("a distance reaching before the start") }
                    guard output.count + length <= limit else { throw Failure("it unpacks to more than \(limit / (1024 * 1024)) MB") }
                    var from = output.count - distance
                    for _ in 0..<length {
                        output.append(output[from])
                        from += 1
                    }
                }
            }
        }

        mutating func dynamicTables() throws(Failure) -> (Huffman, Huffman) {
            let nlen = try bits(5) + 257, ndist = try bits(5) + 1, ncode = try bits(4) + 4
            guard nlen <= 286, ndist <= 30 else { throw Failure("too many codes in a dynamic block") }
            var codeLengths = [Int](repeating: 0, count: 19)
            for i in 0..<ncode { codeLengths[Inflate.codeLengthOrder[i]] = try bits(3) }
            guard let lencode = Huffman(lengths: codeLengths) else { throw Failure("a broken code-length table") }
            var lengths: [Int] = []
            lengths.reserveCapacity(nlen + ndist)
            while lengths.count < nlen + ndist {
                let symbol = try decode(lencode)
                switch symbol {
                case 0..<16: lengths.append(symbol)
                case 16:
                    guard let previous = lengths.last else { throw Failure("a repeat with nothing before it") }
                    lengths += repeatElement(previous, count: 3 + (try bits(2)))
                case 17: lengths += repeatElement(0, count: 3 + (try bits(3)))
                default: lengths += repeatElement(0, count: 11 + (try bits(7)))
                }
            }
            guard lengths.count == nlen + ndist else { throw Failure("code lengths run past the table") }
            guard lengths[256] != 0 else { throw Failure("a block with no end code") }
            guard let literal = Huffman(lengths: Array(lengths[0..<nlen])), let distance = Huffman(lengths: Array(lengths[nlen...])) else {
                throw Failure("a broken code table")
            }
            return (literal, distance)
        }
    }
}

/// CRC-32 (ISO 3309, as zip and gzip use it).
public enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB88320 ^ (c >> 1) : c >> 1 }
        return c
    }

    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFFFFFF
        for b in bytes { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFFFFFF
    }
}

/// The entries of a zip archive (PKWARE's APPNOTE), read from its central directory; an entry's bytes are
/// unpacked only when asked for, stored or deflated, and checked against their CRC.
public struct ZipArchive: Sendable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var method: Int
        public var compressedSize: Int
        public var size: Int
        public var crc: UInt32
        var localHeader: Int

        public var isDirectory: Bool { name.hasSuffix("/") }
    }

    public let entries: [Entry]
    let bytes: [UInt8]

    /// Whether these bytes start as a zip archive does.
    public static func looksLike(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06])
    }

    public init(_ bytes: [UInt8]) throws(Inflate.Failure) {
        self.bytes = bytes
        func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
        // The end of central directory record: in the last 64 KB + 22 bytes (its comment may be up to 64 KB).
        guard bytes.count >= 22 else { throw Inflate.Failure("it is too short to be a zip archive") }
        var end = -1
        var i = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65535)
        while i >= lowest {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 0x05, bytes[i + 3] == 0x06 { end = i; break }
            i -= 1
        }
        guard end >= 0 else { throw Inflate.Failure("it has no zip directory (is it cut short?)") }
        let count = u16(end + 10)
        let directorySize = u32(end + 12)
        let directoryStart = u32(end + 16)
        guard count != 0xFFFF, directoryStart != 0xFFFFFFFF else { throw Inflate.Failure("it is a ZIP64 archive, which Tend does not read") }
        guard directoryStart + directorySize <= end else { throw Inflate.Failure("its directory points outside the file") }
        var entries: [Entry] = []
        var p = directoryStart
        for _ in 0..<count {
            guard p + 46 <= end, u32(p) == 0x02014B50 else { throw Inflate.Failure("its directory is broken") }
            let nameLength = u16(p + 28), extraLength = u16(p + 30), commentLength = u16(p + 32)
            guard p + 46 + nameLength <= end else { throw Inflate.Failure("its directory is broken") }
            let flags = u16(p + 8)
            let rawName = Array(bytes[(p + 46)..<(p + 46 + nameLength)])
            // Bit 11: UTF-8 names; otherwise CP437, of which the ASCII part is kept.
            // (Many zip tools write UTF-8 without setting the bit, so valid UTF-8 is taken as such.)
            let name = flags & 0x800 != 0 ? String(decoding: rawName, as: UTF8.self)
                : String(validating: rawName, as: UTF8.self) ?? String(String.UnicodeScalarView(rawName.map { Unicode.Scalar($0 < 0x80 ? $0 : 0x3F) }))
            guard flags & 1 == 0 else { throw Inflate.Failure("“\(name)” is encrypted") }
            entries.append(Entry(name: name, method: u16(p + 10), compressedSize: u32(p + 20), size: u32(p + 24), crc: UInt32(u32(p + 16)),
                                 localHeader: u32(p + 42)))
            p += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    /// An entry's bytes, unpacked and checked; no more than `limit` of them.
    public func data(of entry: Entry, limit: Int) throws(Inflate.Failure) -> [UInt8] {
        func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        let h = entry.localHeader
        guard h >= 0, h + 30 <= bytes.count, u16(h) | u16(h + 2) << 16 == 0x04034B50 else {
            throw Inflate.Failure("“\(entry.name)” is not where the directory says")
        }
        let start = h + 30 + u16(h + 26) + u16(h + 28)
        guard start + entry.compressedSize <= bytes.count else { throw Inflate.Failure("“\(entry.name)” is cut short") }
        let packed = Array(bytes[start..<(start + entry.compressedSize)])
        let out: [UInt8]
        switch entry.method {
        case 0:
            guard packed.count <= limit else { throw Inflate.Failure("“\(entry.name)” is larger than \(limit / (1024 * 1024)) MB") }
            out = packed
        case 8:
            do { out = try Inflate.inflate(packed, limit: limit) } catch {
                throw Inflate.Failure("“\(entry.name)”: \(error.message)")
            }
        default:
            throw Inflate.Failure("“\(entry.name)” is packed with method \(entry.method); Tend reads stored and deflated entries")
        }
        guard CRC32.checksum(out) == entry.crc else { throw Inflate.Failure("“\(entry.name)” is damaged (its checksum does not match)") }
        return out
    }
}
