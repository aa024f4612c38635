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
