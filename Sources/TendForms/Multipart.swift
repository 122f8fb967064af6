import Foundation
import MultipartKit
import NIOCore
import NIOHTTP1

/// `multipart/form-data` bodies (a form with a file), read with MultipartKit.
public enum Multipart {
    /// Whether a content type says multipart/form-data, whatever its parameters.
    public static func isMultipart(_ contentType: String) -> Bool {
        contentType.split(separator: ";", maxSplits: 1).first?.trimmingCharacters(in: .whitespaces).lowercased() == "multipart/form-data"
    }

    /// The boundary of a multipart/form-data content type: nil for another type, and nil for a boundary
    /// RFC 2046 does not allow (empty, over 70 characters, or outside its characters). An empty one
    /// reached a precondition in MultipartKit's parser and took the whole server down.
    public static func boundary(_ contentType: String) -> String? {
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for p in parts.dropFirst() where p.lowercased().hasPrefix("boundary=") {
            var value = Substring(p.dropFirst("boundary=".count))
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = value.dropFirst().dropLast() }
            guard (1...70).contains(value.count), value.last != " ", value.unicodeScalars.allSatisfy(Self.boundaryCharacters.contains) else {
                return nil
            }
            return String(value)
        }
        return nil
    }

    /// RFC 2046's `bchars`.
    private static let boundaryCharacters = CharacterSet(charactersIn: "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ")

    /// The text fields as a form, and the first file sent.
    public static func parse(_ body: ByteBuffer, boundary: String) throws(FormError) -> (Form, Upload?) {
        guard headerNamesAreASCII(body, boundary: boundary) else {
            throw FormError(message: "The form could not be read (a part's header has a name that is not ASCII).")
        }
        let parser = MultipartParser(boundary: boundary)
        var parts: [MultipartPart] = []
        var headers = HTTPHeaders(), data = ByteBuffer()
        parser.onHeader = { name, value in headers.add(name: name, value: value) }
        parser.onBody = { chunk in data.writeBuffer(&chunk) }
        parser.onPartComplete = {
            parts.append(MultipartPart(headers: headers, body: data))
            headers = HTTPHeaders()
            data = ByteBuffer()
        }
        do { try parser.execute(body) } catch {
            throw FormError(message: "The form could not be read (a broken multipart body).")
        }
        var form = Form(), upload: Upload?
        for part in parts {
            guard let name = part.name else { continue }
            let disposition = part.headers.first(name: "Content-Disposition") ?? ""
            if let filename = Self.parameter("filename", in: disposition) {
                if upload == nil { upload = Upload(field: name, filename: filename, data: Data(part.body.readableBytesView)) }
            } else {
                form.add(name, String(buffer: part.body))
            }
        }
        return (form, upload)
    }

    /// MultipartKit 4.7 looks a header name's bytes up in a table of 128 entries: a byte of 0x80 or
    /// more in a name traps, and took the whole server down (found by `scripts/fuzz multipart`). Every
    /// header block (from a delimiter to the blank line after it) is checked first: on each of its
    /// lines, everything before the first colon must be ASCII. It looks at more than MultipartKit
    /// parses as names, never at less.
    static func headerNamesAreASCII(_ body: ByteBuffer, boundary: String) -> Bool {
        let bytes = Array(body.readableBytesView)
        let delimiter = Array(("--" + boundary).utf8)
        guard !delimiter.isEmpty, bytes.count >= delimiter.count else { return true }
        var i = 0
        while let start = find(delimiter, in: bytes, from: i) {
            var j = start + delimiter.count, beforeColon = true
            while j < bytes.count {
                let b = bytes[j]
                if b == 0x0D || b == 0x0A {
                    // A blank line ends the block.
                    if j + 3 < bytes.count, bytes[j] == 0x0D, bytes[j + 1] == 0x0A, bytes[j + 2] == 0x0D, bytes[j + 3] == 0x0A { break }
                    beforeColon = true
                } else if b == UInt8(ascii: ":") {
                    beforeColon = false
                } else if b >= 0x80 && beforeColon {
                    return false
                }
                j += 1
            }
            i = start + 1
        }
        return true
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var i = from
        while i <= haystack.count - needle.count {
            if haystack[i] == first, haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    public static func parameter(_ name: String, in header: String) -> String? {
        for p in header.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where p.lowercased().hasPrefix(name + "=") {
            return String(p.dropFirst(name.count + 1)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }
}

/// A form that cannot be read, said for the person who sent it.
public struct FormError: Error, Sendable {
    public var message: String
}

/// A file sent from a form.
public struct Upload: Sendable {
    public var field: String
    public var filename: String
    public var data: Data
}

/// A multipart body read as the server reads a form, for the fuzzer (`scripts/fuzz multipart`).
public enum MultipartReading {
    /// The number of text fields and files read, or nil when the content type or the body is refused.
    public static func read(contentType: String, body: [UInt8]) -> Int? {
        guard let boundary = Multipart.boundary(contentType),
              let (form, upload) = try? Multipart.parse(ByteBuffer(bytes: body), boundary: boundary) else { return nil }
        return form.count + (upload == nil ? 0 : 1)
    }

    /// The number of values in an `application/x-www-form-urlencoded` body.
    public static func readURLEncoded(_ body: [UInt8]) -> Int {
        Form(String(decoding: body, as: UTF8.self)).count
    }
}
