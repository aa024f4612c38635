import AWSDynamoDB
import HoistRuntime

/// Where an item lives in the table, from the key names hoist.yml gives the table (hoist passes them in
/// `TABLE_HASH_KEY` and `TABLE_RANGE_KEY`), so the API works on whatever keys the table was made with.
///
/// Two layouts. With a range key that is no field of an item (the default `pk`/`sk`), every item shares
/// one partition, `<hash> = "ITEM"`, and its id is the sort key: a list is one Query, in id order. Otherwise
/// the id is the partition key (`hash_key: id`, or any name that then holds the id), a range key holds the
/// item's `createdAt`, and a list is a Scan.
package struct ItemKeys: Sendable, Equatable {
    package var hash: String
    package var range: String?
    /// The key attributes of the table's indexes (hoist passes them in `TABLE_INDEX_KEYS`): not a client's to set.
    package var indexKeys: Set<String> = []

    package static let standard = ItemKeys(uncheckedHash: "pk", range: "sk")

    /// What a client sees of an item besides its own fields.
    static let fields: Set<String> = ["id", "createdAt", "updatedAt"]

    /// Refuses names the API cannot keep stable: `updatedAt` changes on every replace, and the partition key
    /// cannot hold a timestamp.
    package init(hash: String, range: String?) throws(LambdaRuntimeError) {
        guard !hash.isEmpty, hash != range else { throw .badEnvironment("TABLE_HASH_KEY '\(hash)' must be a name of its own, not the range key's") }
        guard !["createdAt", "updatedAt"].contains(hash) else {
            throw .badEnvironment("TABLE_HASH_KEY '\(hash)' cannot be a key of the items API: it is a timestamp the API sets; use id or a name of your own")
        }
        guard range != "updatedAt" else {
            throw .badEnvironment("TABLE_RANGE_KEY 'updatedAt' cannot be a key of the items API: it changes on every replace; use createdAt or a name of your own")
        }
        self.init(uncheckedHash: hash, range: range)
    }

    private init(uncheckedHash hash: String, range: String?) {
        self.hash = hash
        self.range = range
    }

    /// Items share one partition and the id is the sort key.
    var sharedPartition: Bool { range.map { !Self.fields.contains(hash) && $0 != "createdAt" } ?? false }

    static let partition = AttributeValue.s("ITEM")

    /// The key attributes of the item `id` made at `createdAt`.
    func key(id: String, createdAt: AttributeValue?) -> Item {
        guard let range else { return [hash: .s(id)] }
        if sharedPartition { return [hash: Self.partition, range: .s(id)] }
        return [hash: .s(id), range: createdAt ?? .s("")]
    }

    /// Whether the key can be written from the id alone; otherwise the item is found by a Query on its id.
    var keyNeedsOnlyID: Bool { range == nil || sharedPartition }

    /// Key attributes that are no field of an item: clients neither see nor send them.
    var hidden: Set<String> { Set([hash] + (range.map { [$0] } ?? [])).subtracting(Self.fields) }

    /// `nextToken`'s contents: what `key` needs besides the partition every item shares.
    func tokenParts(_ key: Item) -> [String]? {
        var parts: [String] = []
        for name in sharedPartition ? [range!] : [hash] + (range.map { [$0] } ?? []) {
            guard case .s(let value)? = key[name] else { return nil }
            parts.append(value)
        }
        return parts
    }

    /// The key a page starts after, from `tokenParts`.
    func startKey(_ parts: [String]) -> Item? {
        if sharedPartition, parts.count == 1, let range { return [hash: Self.partition, range: .s(parts[0])] }
        guard !sharedPartition, parts.count == (range == nil ? 1 : 2) else { return nil }
        var key: Item = [hash: .s(parts[0])]
        if let range { key[range] = .s(parts[1]) }
        return key
    }
}
