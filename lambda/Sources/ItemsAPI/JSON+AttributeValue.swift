import AWSDynamoDB
import ExtrasBase64
import LeanJSON

/// Request bodies of any shape become DynamoDB items and back without loss: a number keeps its decimal text,
/// as DynamoDB stores numbers.
extension JSON {
    var attributeValue: AttributeValue {
        switch self {
        case .string(let value): .s(value)
        case .number(let value): .n(value)
        case .bool(let value): .bool(value)
        case .null: .null
        case .array(let values): .l(values.map(\.attributeValue))
        case .object(let members): .m(members.mapValues(\.attributeValue))
        }
    }

    init(_ value: AttributeValue) {
        switch value {
        case .s(let text): self = .string(text)
        case .n(let number): self = .number(number)
        case .b(let bytes): self = .string(Base64.encodeToString(bytes: bytes))
        case .bool(let flag): self = .bool(flag)
        case .null: self = .null
        case .m(let members): self = .object(members.mapValues(JSON.init))
        case .l(let values): self = .array(values.map(JSON.init))
        case .ss(let texts): self = .array(texts.map(JSON.string))
        case .ns(let numbers): self = .array(numbers.map(JSON.number))
        case .bs(let blobs): self = .array(blobs.map { .string(Base64.encodeToString(bytes: $0)) })
        }
    }
}
