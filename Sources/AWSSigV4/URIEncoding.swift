/// RFC 3986 percent-encoding as SigV4 defines it: everything but `A-Z a-z 0-9 - _ . ~` is encoded, with
/// upper-case hex digits (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html, step 1).
package enum URIEncoding {
    @inline(__always)
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
            true
        default: false
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Appends `bytes` to `output`, encoding every byte that is not unreserved (and not `/` when `keepSlash`);
    /// writes at most three bytes per input byte.
    @inline(__always)
    static func encode<S: Sequence<UInt8>>(_ bytes: S, keepSlash: Bool, into output: inout ByteWriter) {
        for byte in bytes {
            if isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            }
        }
    }

    /// Percent-encodes a string for use as a path segment or a query key or value.
    package static func encode(_ string: String, keepSlash: Bool = false) -> String {
        String(writingAtMost: 3 * string.utf8.count) { encode(string.utf8, keepSlash: keepSlash, into: &$0) }
    }

    /// Decodes `%XX` escapes; a `%` not followed by two hex digits is kept as it is, as servers do.
    /// `+` is left alone: in a SigV4 query it is a literal plus, not a space.
    static func decode<C: Collection<UInt8>>(_ bytes: C) -> [UInt8] where C.Index == Int {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.endIndex, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    /// Decodes `%XX` escapes of a string (lenient, as `decode` is).
    package static func decode(_ string: String) -> String {
        String(decoding: decode(Array(string.utf8)), as: UTF8.self)
    }

    @inline(__always)
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Builds a query string from pairs, encoding each key and value; the order is kept, since the signer sorts.
    package static func query(_ items: [(String, String)]) -> String {
        let capacity = items.reduce(0) { $0 + 3 * ($1.0.utf8.count + $1.1.utf8.count) + 2 }
        return String(writingAtMost: capacity) { output in
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: "&")) }
                encode(item.0.utf8, keepSlash: false, into: &output)
                output.append(UInt8(ascii: "="))
                encode(item.1.utf8, keepSlash: false, into: &output)
            }
        }
    }
}
