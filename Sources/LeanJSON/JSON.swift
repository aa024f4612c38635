/// A JSON document as a value: what `LeanJSONEncoder` builds and `LeanJSONDecoder` reads.
///
/// The function's bootstrap links this instead of Foundation's JSON coders: FoundationEssentials and the
/// libraries it pulls in were 4.5 MB of its 15.8 MB, and every byte is uploaded and loaded at each cold start.
package indirect enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's text as it stood (or as written), so no digit of a DynamoDB number or an id is lost.
    case number(String)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    /// Parses one JSON text (RFC 8259), surrounding whitespace allowed.
    package init(parsing bytes: some Collection<UInt8>) throws(JSONSyntaxError) {
        var parser = JSONParser(Array(bytes))
        self = try parser.document()
    }

    /// The JSON text: object members in key order, so the same value always gives the same bytes (a
    /// request's body is hashed and compared), `/` unescaped, no whitespace.
    package var bytes: [UInt8] {
        var output: [UInt8] = []
        JSONWriter.write(self, to: &output)
        return output
    }

    /// `bytes` as a string.
    package var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// What is wrong with a JSON text, and where.
package struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    package var reason: String
    /// Byte offset of the first byte that does not fit.
    package var offset: Int

    package var description: String { "not valid JSON at byte \(offset): \(reason)" }
}

/// A `JSON` member of a `Codable` type: with the lean coders it is taken as it stands; another coder gets the
/// nearest values it has (a number becomes an integer or a `Double`).
extension JSON: Codable {
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Int64.self) {
            self = .number(String(number))
        } else if let number = try? container.decode(Double.self) {
            self = .number("\(number)")
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let elements = try? container.decode([JSON].self) {
            self = .array(elements)
        } else {
            self = .object(try container.decode([String: JSON].self))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .number(let text):
            if let integer = Int64(text) { try container.encode(integer) } else { try container.encode(Double(text) ?? 0) }
        case .string(let text): try container.encode(text)
        case .array(let elements): try container.encode(elements)
        case .object(let members): try container.encode(members)
        }
    }
}
