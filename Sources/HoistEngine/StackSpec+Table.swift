import AWSDynamoDB

/// The table as DynamoDB describes it, from the configuration: what `CreateTable` sends and what the planner
/// compares with what exists.
extension StackSpec {
    /// Hash key first, then the range key when there is one.
    package var tableKeySchema: [KeySchemaElement] {
        Self.keySchema(hash: config.table.hashKey, range: config.table.rangeKey)
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
