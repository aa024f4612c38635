/// Encodes `Encodable` values as JSON text without Foundation, as JSONEncoder does with `.sortedKeys` and
/// `.withoutEscapingSlashes`: a `nil` optional is left out, a `Double` with no fraction is written as an
/// integer, NaN and infinities are refused.
package struct LeanJSONEncoder: Sendable {
    package init() {}

    package func encode(_ value: some Encodable) throws -> [UInt8] {
        try tree(value).bytes
    }

    /// The value as a `JSON` tree, for a caller that adds to it before writing.
    package func tree(_ value: some Encodable) throws -> JSON {
        let root = EncodingSlot(codingPath: [])
        try value.encode(to: TreeEncoder(slot: root))
        return root.json
    }
}

/// Where one value goes while it is encoded; containers nest as slots in slots, and `json` reads them out.
final class EncodingSlot {
    enum Content {
        case empty
        case value(JSON)
        case array([EncodingSlot])
        case object([String: EncodingSlot])
    }

    var content: Content = .empty
    let codingPath: [any CodingKey]

    init(codingPath: [any CodingKey]) { self.codingPath = codingPath }

    var json: JSON {
        switch content {
        // A value that encoded nothing at all (an empty keyed container never asked for) is an empty object,
        // as in JSONEncoder.
        case .empty: .object([:])
        case .value(let value): value
        case .array(let slots): .array(slots.map(\.json))
        case .object(let slots): .object(slots.mapValues(\.json))
        }
    }

    func member(_ key: any CodingKey) -> EncodingSlot {
        if case .object(let slots) = content, let existing = slots[key.stringValue] { return existing }
        let slot = EncodingSlot(codingPath: codingPath + [key])
        if case .object(var slots) = content {
            slots[key.stringValue] = slot
            content = .object(slots)
        } else {
            content = .object([key.stringValue: slot])
        }
        return slot
    }

    func appended() -> EncodingSlot {
        var slots: [EncodingSlot] = []
        if case .array(let existing) = content { slots = existing }
        let slot = EncodingSlot(codingPath: codingPath + [IndexKey(slots.count)])
        slots.append(slot)
        content = .array(slots)
        return slot
    }

    func encode(_ value: some Encodable) throws {
        switch value {
        case let json as JSON: content = .value(json)
        case let text as String: content = .value(.string(text))
        case let flag as Bool: content = .value(.bool(flag))
        case let number as Double: content = .value(try Self.number(number, codingPath))
        case let number as Float: content = .value(try Self.number(Double(number), codingPath))
        default: try value.encode(to: TreeEncoder(slot: self))
        }
    }

    static func number(_ value: Double, _ codingPath: [any CodingKey]) throws -> JSON {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: codingPath, debugDescription: "\(value) is not a JSON number"))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }
}

/// An array index as a coding key, for paths in errors.
struct IndexKey: CodingKey {
    var stringValue: String { "Index \(intValue!)" }
    var intValue: Int?
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

struct TreeEncoder: Encoder {
    let slot: EncodingSlot
    var codingPath: [any CodingKey] { slot.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = slot.content {} else { slot.content = .object([:]) }
        return KeyedEncodingContainer(KeyedSlotContainer<Key>(slot: slot))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = slot.content {} else { slot.content = .array([]) }
        return UnkeyedSlotContainer(slot: slot)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleSlotContainer(slot: slot) }
}

struct KeyedSlotContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: EncodingSlot
    var codingPath: [any CodingKey] { slot.codingPath }

    mutating func encodeNil(forKey key: Key) throws { slot.member(key).content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try slot.member(key).encode(value) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try slot.member(key).encode(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { try slot.member(key).encode(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try slot.member(key).encode(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try slot.member(key).encode(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { slot.member(key).content = .value(.number(String(value))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { slot.member(key).content = .value(.number(String(value))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { slot.member(key).content = .value(.number(String(value))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { slot.member(key).content = .value(.number(String(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { slot.member(key).content = .value(.number(String(value))) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { slot.member(key).content = .value(.number(String(value))) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { slot.member(key).content = .value(.number(String(value))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { slot.member(key).content = .value(.number(String(value))) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { slot.member(key).content = .value(.number(String(value))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { slot.member(key).content = .value(.number(String(value))) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        TreeEncoder(slot: slot.member(key)).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { TreeEncoder(slot: slot.member(key)).unkeyedContainer() }
    mutating func superEncoder() -> any Encoder { TreeEncoder(slot: slot.member(SuperKey())) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { TreeEncoder(slot: slot.member(key)) }
}

/// The key JSONEncoder gives `superEncoder()`.
struct SuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) { nil }
    init?(intValue: Int) { nil }
}

struct UnkeyedSlotContainer: UnkeyedEncodingContainer {
    let slot: EncodingSlot
    var codingPath: [any CodingKey] { slot.codingPath }
    var count: Int {
        if case .array(let slots) = slot.content { return slots.count }
        return 0
    }

    mutating func encodeNil() throws { slot.appended().content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try slot.appended().encode(value) }
    mutating func encode(_ value: Bool) throws { try slot.appended().encode(value) }
    mutating func encode(_ value: String) throws { try slot.appended().encode(value) }
    mutating func encode(_ value: Double) throws { try slot.appended().encode(value) }
    mutating func encode(_ value: Float) throws { try slot.appended().encode(value) }
    mutating func encode(_ value: Int) throws { slot.appended().content = .value(.number(String(value))) }
    mutating func encode(_ value: Int8) throws { slot.appended().content = .value(.number(String(value))) }
    mutating func encode(_ value: Int16) throws { slot.appended().content = .value(.number(String(value))) }
    mutating func encode(_ value: Int32) throws { slot.appended().content = .value(.number(String(value))) }
    mutating func encode(_ value: Int64) throws { slot.appended().content = .value(.number(String(value))) }
    mutating func encode(_ value: UInt) throws { slot.appended().content = .value(.number(String(value))) }
    mutating func encode(_ value: UInt8) throws { slot.appended().content = .value(.number(String(value))) }
    mutating func encode(_ value: UInt16) throws { slot.appended().content = .value(.number(String(value))) }
    mutating func encode(_ value: UInt32) throws { slot.appended().content = .value(.number(String(value))) }
    mutating func encode(_ value: UInt64) throws { slot.appended().content = .value(.number(String(value))) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        TreeEncoder(slot: slot.appended()).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { TreeEncoder(slot: slot.appended()).unkeyedContainer() }
    mutating func superEncoder() -> any Encoder { TreeEncoder(slot: slot.appended()) }
}

struct SingleSlotContainer: SingleValueEncodingContainer {
    let slot: EncodingSlot
    var codingPath: [any CodingKey] { slot.codingPath }

    mutating func encodeNil() throws { slot.content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try slot.encode(value) }
    mutating func encode(_ value: Bool) throws { try slot.encode(value) }
    mutating func encode(_ value: String) throws { try slot.encode(value) }
    mutating func encode(_ value: Double) throws { try slot.encode(value) }
    mutating func encode(_ value: Float) throws { try slot.encode(value) }
    mutating func encode(_ value: Int) throws { slot.content = .value(.number(String(value))) }
    mutating func encode(_ value: Int8) throws { slot.content = .value(.number(String(value))) }
    mutating func encode(_ value: Int16) throws { slot.content = .value(.number(String(value))) }
    mutating func encode(_ value: Int32) throws { slot.content = .value(.number(String(value))) }
    mutating func encode(_ value: Int64) throws { slot.content = .value(.number(String(value))) }
    mutating func encode(_ value: UInt) throws { slot.content = .value(.number(String(value))) }
    mutating func encode(_ value: UInt8) throws { slot.content = .value(.number(String(value))) }
    mutating func encode(_ value: UInt16) throws { slot.content = .value(.number(String(value))) }
    mutating func encode(_ value: UInt32) throws { slot.content = .value(.number(String(value))) }
    mutating func encode(_ value: UInt64) throws { slot.content = .value(.number(String(value))) }
}
