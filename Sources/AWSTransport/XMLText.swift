
/// Finds the text of a simple element in an XML body without an XML library.
///
/// The transport must read error codes from XML for the query protocol and for emulators that answer every
/// protocol in XML, but it must not link an XML parser (the function's bootstrap links this module).
/// Full XML answers are parsed in `AWSQuery`.
package enum XMLText {
    /// The unescaped text of the first `<name>…</name>` in `body`, or `nil`.
    package static func first(_ name: String, in body: [UInt8]) -> String? {
        guard let first = body.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }), first == UInt8(ascii: "<") else { return nil }
        guard let open = ByteSearch.range(of: Array("<\(name)>".utf8), in: body, from: 0), let close = ByteSearch.range(of: Array("</\(name)>".utf8), in: body, from: open.upperBound) else {
            return nil
        }
        return unescape(String(decoding: body[open.upperBound..<close.lowerBound], as: UTF8.self))
    }

    /// Replaces the five predefined entities and numeric character references.
    package static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var output = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            output += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "lt": output += "<"
            case "gt": output += ">"
            case "amp": output += "&"
            case "quot": output += "\""
            case "apos": output += "'"
            default:
                if entity.hasPrefix("#x"), let value = UInt32(entity.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(value) {
                    output.unicodeScalars.append(scalar)
                } else if entity.hasPrefix("#"), let value = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(value) {
                    output.unicodeScalars.append(scalar)
                } else {
                    output += rest[amp...semi]
                }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return output + rest
    }
}
