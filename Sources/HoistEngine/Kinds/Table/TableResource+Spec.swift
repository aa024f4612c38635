import AWSDynamoDB

/// The table as DynamoDB describes it, from the configuration: what `CreateTable` sends and what the planner
/// compares with what exists.
extension StackSpec {
    /// Hash key first, then the range key when there is one.
    package var tableKeySchema: [KeySchemaElement] {
        Self.keySchema(hash: config.table.hashKey, range: config.table.rangeKey)
    }

    /// What the function is told of its table: its name and key names (`TABLE_RANGE_KEY` only when there is a
    /// range key), so code need not repeat hoist.yml, and the items API works on whatever keys it names.
    package var tableEnvironment: [String: String] {
        var variables = ["TABLE_NAME": tableName, "TABLE_HASH_KEY": config.table.hashKey]
        if let range = config.table.rangeKey { variables["TABLE_RANGE_KEY"] = range }
        // The indexes' key names, which the function keeps clients from setting.
        let indexKeys = Set(config.table.indexes.flatMap { [$0.hashKey] + ($0.rangeKey.map { [$0] } ?? []) })
        if !indexKeys.isEmpty { variables["TABLE_INDEX_KEYS"] = indexKeys.sorted().joined(separator: ",") }
        return variables
    }

    package var tableIndexes: [GlobalSecondaryIndex] {
        config.table.indexes.map { index in
            GlobalSecondaryIndex(
                indexName: index.name, keySchema: Self.keySchema(hash: index.hashKey, range: index.rangeKey),
                projection: Projection(projectionType: index.projection == "ALL" ? .all : .keysOnly))
        }
    }

    /// Every key attribute of the table and its indexes, once each, as strings.
    package var tableAttributes: [AttributeDefinition] {
        var names: [String] = []
        for key in tableKeySchema + tableIndexes.flatMap(\.keySchema) where !names.contains(key.attributeName) {
            names.append(key.attributeName)
        }
        return names.map { AttributeDefinition(attributeName: $0, attributeType: .s) }
    }

    private static func keySchema(hash: String, range: String?) -> [KeySchemaElement] {
        [KeySchemaElement(attributeName: hash, keyType: .hash)] + (range.map { [KeySchemaElement(attributeName: $0, keyType: .range)] } ?? [])
    }
}
