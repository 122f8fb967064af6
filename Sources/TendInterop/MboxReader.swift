import Foundation

/// An mbox file's messages, read as its bytes arrive: only each message's header is kept, so a file of
/// gigabytes needs the memory of one header. A message starts at a line beginning with `From ` at the start
/// of the file or after an empty line (mboxo, mboxrd and mboxcl all write them so; Google Takeout and
/// Thunderbird too).
public struct MboxReader: Sendable {
    /// One message: its header block and where it starts in the file.
    public struct Message: Sendable {
        public var header: [UInt8]
        /// The byte offset of its `From ` line.
        public var offset: Int64
        /// Whether its header was cut at `maximumHeader`.
        public var truncated: Bool
    }

    public struct NotAnMbox: Error, CustomStringConvertible, Sendable {
        public var description: String {
            "this is not an mbox file: it does not begin with a “From ” line (export the folder as mbox, e.g. Google Takeout or Thunderbird's ImportExportTools)"
        }
    }

    /// A header longer than this is cut (no real one is; a broken file might never end its header).
    public static let maximumHeader = 256 * 1024

    private enum State { case start, header, body }
    private var state = State.start
    private var header: [UInt8] = []
    private var truncated = false
    private var messageOffset: Int64 = 0
    /// The line being read when a chunk ended inside it: all of it in a header, its first bytes in a body.
    private var partial: [UInt8] = []
    private var partialLength = 0
    private var previousBlank = true
    /// Bytes read so far.
    public private(set) var consumed: Int64 = 0
    /// Messages begun so far.
    public private(set) var count = 0

    public init() {}

    /// Reads a chunk; returns the messages it completed.
    public mutating func feed(_ chunk: some Collection<UInt8>) throws -> [Message] {
        var done: [Message] = []
        let bytes = Array(chunk)
        var i = 0
        while i < bytes.count {
            guard let nl = bytes[i...].firstIndex(of: 10) else {
                keep(bytes[i...])
                consumed += Int64(bytes.count - i)
                break
            }
            let lineStart = consumed - Int64(partialLength)
            if partialLength > 0 {
                keep(bytes[i..<nl])
                try line(partial[...], length: partialLength, at: lineStart, into: &done)
                partial.removeAll(keepingCapacity: true)
                partialLength = 0
            } else {
                try line(bytes[i..<nl], length: nl - i, at: consumed, into: &done)
            }
            consumed += Int64(nl + 1 - i)
            i = nl + 1
        }
        return done
    }

    /// Ends the file: the last message, if any.
    public mutating func finish() throws -> [Message] {
        var done: [Message] = []
        if partialLength > 0 {
            try line(partial[...], length: partialLength, at: consumed - Int64(partialLength), into: &done)
            partial.removeAll()
            partialLength = 0
        }
        if state == .start { throw NotAnMbox() }
        if state != .start { done.append(Message(header: header, offset: messageOffset, truncated: truncated)) }
        state = .start
        header = []
        return done
    }

    private mutating func keep(_ bytes: ArraySlice<UInt8>) {
        // A body line is only looked at for its start; a header line is kept up to the header's limit.
        let room = state == .body ? max(0, 8 - partial.count) : max(0, Self.maximumHeader - partial.count)
        partial.append(contentsOf: bytes.prefix(room))
        partialLength += bytes.count
    }

    private static let fromSpace: [UInt8] = Array("From ".utf8)

    private mutating func line(_ raw: ArraySlice<UInt8>, length: Int, at offset: Int64, into done: inout [Message]) throws {
        var line = raw
        var length = length
        if line.last == 13 && length == line.count { line = line.dropLast(); length -= 1 }
        let blank = length == 0
        let isFrom = line.starts(with: Self.fromSpace)
        switch state {
        case .start:
            if blank { return }
            guard isFrom else { throw NotAnMbox() }
            begin(at: offset)
        case .header:
            if blank { state = .body; previousBlank = true; return }
            if header.count + line.count + 1 > Self.maximumHeader { truncated = true; return }
            header.append(contentsOf: line)
            header.append(10)
        case .body:
            if isFrom && previousBlank {
                done.append(Message(header: header, offset: messageOffset, truncated: truncated))
                begin(at: offset)
                return
            }
            previousBlank = blank
        }
    }

    private mutating func begin(at offset: Int64) {
        state = .header
        header.removeAll(keepingCapacity: true)
        truncated = false
        messageOffset = offset
        count += 1
    }
}
