/// Encodes `Encodable` values as JSON text without Foundation, as JSONEncoder does with `.sortedKeys` and
/// `.withoutEscapingSlashes`: a `nil` optional is left out, a `Double` with no fraction is written as an
/// integer, NaN and infinities are refused.
package struct LeanJSONEncoder: Sendable {
    package init() {}

    package func encode(_ value: some Encodable) throws -> [UInt8] {
        let root = EncodingSlot(codingPath: [])
        try value.encode(to: TreeEncoder(slot: root))
        return root.json.bytes
    }
}

/// Where one value goes while it is encoded; containers nest as slots in slots, and `json` reads them out.
/// Elements and members are stored properties of the class, so adding one mutates in place instead of
/// copying all that came before.
final class EncodingSlot {
    enum Kind {
        case empty
        case value(JSON)
        case array
        case object
    }

    var kind: Kind = .empty
    var elements: [EncodingSlot] = []
    var members: [String: EncodingSlot] = [:]
    let codingPath: [any CodingKey]

    init(codingPath: [any CodingKey]) { self.codingPath = codingPath }

    var json: JSON {
        switch kind {
        // A value that encoded nothing at all (an empty keyed container never asked for) is an empty object,
        // as in JSONEncoder.
        case .empty: .object([:])
        case .value(let value): value
        case .array: .array(elements.map(\.json))
        case .object: .object(members.mapValues(\.json))
        }
    }

    func set(_ value: JSON) { kind = .value(value) }

    func member(_ key: any CodingKey) -> EncodingSlot {
        if case .object = kind, let existing = members[key.stringValue] { return existing }
        if case .object = kind {} else { kind = .object }
        let slot = EncodingSlot(codingPath: codingPath + [key])
        members[key.stringValue] = slot
        return slot
    }

    func appended() -> EncodingSlot {
        if case .array = kind {} else { kind = .array }
        let slot = EncodingSlot(codingPath: codingPath + [IndexKey(elements.count)])
        elements.append(slot)
        return slot
    }

    func encode(_ value: some Encodable) throws {
        switch value {
        case let text as String: set(.string(text))
        case let flag as Bool: set(.bool(flag))
        case let number as Double: set(try Self.number(number, codingPath))
        case let number as Float: set(try Self.number(Double(number), codingPath))
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
        if case .object = slot.kind {} else { slot.kind = .object }
        return KeyedEncodingContainer(KeyedSlotContainer<Key>(slot: slot))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = slot.kind {} else { slot.kind = .array }
        return UnkeyedSlotContainer(slot: slot)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleSlotContainer(slot: slot) }
}

struct KeyedSlotContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: EncodingSlot
    var codingPath: [any CodingKey] { slot.codingPath }

    mutating func encodeNil(forKey key: Key) throws { slot.member(key).set(.null) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try slot.member(key).encode(value) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try slot.member(key).encode(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { try slot.member(key).encode(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try slot.member(key).encode(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try slot.member(key).encode(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { slot.member(key).set(.number(String(value))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { slot.member(key).set(.number(String(value))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { slot.member(key).set(.number(String(value))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { slot.member(key).set(.number(String(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { slot.member(key).set(.number(String(value))) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { slot.member(key).set(.number(String(value))) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { slot.member(key).set(.number(String(value))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { slot.member(key).set(.number(String(value))) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { slot.member(key).set(.number(String(value))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { slot.member(key).set(.number(String(value))) }

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
    var count: Int { slot.elements.count }

    mutating func encodeNil() throws { slot.appended().set(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try slot.appended().encode(value) }
    mutating func encode(_ value: Bool) throws { try slot.appended().encode(value) }
    mutating func encode(_ value: String) throws { try slot.appended().encode(value) }
    mutating func encode(_ value: Double) throws { try slot.appended().encode(value) }
    mutating func encode(_ value: Float) throws { try slot.appended().encode(value) }
    mutating func encode(_ value: Int) throws { slot.appended().set(.number(String(value))) }
    mutating func encode(_ value: Int8) throws { slot.appended().set(.number(String(value))) }
    mutating func encode(_ value: Int16) throws { slot.appended().set(.number(String(value))) }
    mutating func encode(_ value: Int32) throws { slot.appended().set(.number(String(value))) }
    mutating func encode(_ value: Int64) throws { slot.appended().set(.number(String(value))) }
    mutating func encode(_ value: UInt) throws { slot.appended().set(.number(String(value))) }
    mutating func encode(_ value: UInt8) throws { slot.appended().set(.number(String(value))) }
    mutating func encode(_ value: UInt16) throws { slot.appended().set(.number(String(value))) }
    mutating func encode(_ value: UInt32) throws { slot.appended().set(.number(String(value))) }
    mutating func encode(_ value: UInt64) throws { slot.appended().set(.number(String(value))) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        TreeEncoder(slot: slot.appended()).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { TreeEncoder(slot: slot.appended()).unkeyedContainer() }
    mutating func superEncoder() -> any Encoder { TreeEncoder(slot: slot.appended()) }
}

struct SingleSlotContainer: SingleValueEncodingContainer {
    let slot: EncodingSlot
    var codingPath: [any CodingKey] { slot.codingPath }

    mutating func encodeNil() throws { slot.set(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try slot.encode(value) }
    mutating func encode(_ value: Bool) throws { try slot.encode(value) }
    mutating func encode(_ value: String) throws { try slot.encode(value) }
    mutating func encode(_ value: Double) throws { try slot.encode(value) }
    mutating func encode(_ value: Float) throws { try slot.encode(value) }
    mutating func encode(_ value: Int) throws { slot.set(.number(String(value))) }
    mutating func encode(_ value: Int8) throws { slot.set(.number(String(value))) }
    mutating func encode(_ value: Int16) throws { slot.set(.number(String(value))) }
    mutating func encode(_ value: Int32) throws { slot.set(.number(String(value))) }
    mutating func encode(_ value: Int64) throws { slot.set(.number(String(value))) }
    mutating func encode(_ value: UInt) throws { slot.set(.number(String(value))) }
    mutating func encode(_ value: UInt8) throws { slot.set(.number(String(value))) }
    mutating func encode(_ value: UInt16) throws { slot.set(.number(String(value))) }
    mutating func encode(_ value: UInt32) throws { slot.set(.number(String(value))) }
    mutating func encode(_ value: UInt64) throws { slot.set(.number(String(value))) }
}
