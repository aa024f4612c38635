import AWSDynamoDB

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Any JSON value, so request bodies of any shape become DynamoDB items and back without loss.
package indirect enum JSONValue: Codable, Sendable, Equatable {
    case string(String)
    /// Kept as its decimal text, as DynamoDB stores numbers.
    case number(String)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([String: JSONValue])

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Probing the kinds in turn is how a single-value container says which one it holds.
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Decimal.self) {
            self = .number("\(value)")
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .number(let value): try container.encode(Decimal(string: value) ?? 0)
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    package var attributeValue: AttributeValue {
        switch self {
        case .string(let value): .s(value)
        case .number(let value): .n(value)
        case .bool(let value): .bool(value)
        case .null: .null
        case .array(let values): .l(values.map(\.attributeValue))
        case .object(let members): .m(members.mapValues(\.attributeValue))
        }
    }

    package init(_ value: AttributeValue) {
        switch value {
        case .s(let text): self = .string(text)
        case .n(let number): self = .number(number)
        case .b(let data): self = .string(data.base64EncodedString())
        case .bool(let flag): self = .bool(flag)
        case .null: self = .null
        case .m(let members): self = .object(members.mapValues(JSONValue.init))
        case .l(let values): self = .array(values.map(JSONValue.init))
        case .ss(let texts): self = .array(texts.map(JSONValue.string))
        case .ns(let numbers): self = .array(numbers.map(JSONValue.number))
        case .bs(let blobs): self = .array(blobs.map { .string($0.base64EncodedString()) })
        }
    }
}
