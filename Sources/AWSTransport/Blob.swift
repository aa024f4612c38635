import ExtrasBase64

/// Bytes in a JSON body, as AWS's `blob` shapes carry them: a base64 string (a function's zip, a DynamoDB
/// binary attribute).
package struct Blob: Codable, Sendable, Equatable {
    package var bytes: [UInt8]

    package init(_ bytes: [UInt8]) { self.bytes = bytes }

    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            bytes = try Base64.decode(string: text)
        } catch {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "a blob is not base64", underlyingError: error))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Base64.encodeToString(bytes: bytes))
    }
}
