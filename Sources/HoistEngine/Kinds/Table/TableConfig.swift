import Yams

extension HoistConfig {
    /// hoist.yml's `aws_dynamodb` section: the table's keys, billing and indexes.
    package struct TableConfig: ConfigSection {
        package static let type = "aws_dynamodb"
        package var billingMode = "PAY_PER_REQUEST"
        package var hashKey = "pk"
        package var rangeKey: String? = "sk"
        package var indexes: [IndexConfig] = [IndexConfig(name: "gsi1", hashKey: "gsi1pk", rangeKey: "gsi1sk")]
        /// Continuous backups, restorable to any second of the last 35 days: on unless hoist.yml turns it off.
        package var pointInTimeRecovery = true
        /// DynamoDB refuses to delete the table while on; `destroy` (after its confirmation) and
        /// `--allow-replace` turn it off first.
        package var deletionProtection = true
        package init() {}

        package init(_ settings: Node.Mapping, _ reader: ConfigReader) throws(ConfigError) {
            try reader.checkKeys(
                settings, allowed: ["billing_mode", "hash_key", "range_key", "global_secondary_indexes", "point_in_time_recovery", "deletion_protection"],
                in: "aws_dynamodb config")
            if let node = settings["point_in_time_recovery"] { pointInTimeRecovery = try reader.bool(node, "point_in_time_recovery") }
            if let node = settings["deletion_protection"] { deletionProtection = try reader.bool(node, "deletion_protection") }
            if let node = settings["billing_mode"] {
                billingMode = try reader.string(node, "billing_mode")
                guard ["PAY_PER_REQUEST", "PROVISIONED"].contains(billingMode) else { throw reader.fail(node, "billing_mode '\(billingMode)' is not PAY_PER_REQUEST or PROVISIONED") }
                guard billingMode == "PAY_PER_REQUEST" else { throw reader.fail(node, "billing_mode PROVISIONED needs capacities hoist does not manage yet; use PAY_PER_REQUEST") }
            }
            if let node = settings["hash_key"] { hashKey = try reader.string(node, "hash_key") }
            if let node = settings["range_key"] { rangeKey = try reader.string(node, "range_key") }
            if let node = settings["global_secondary_indexes"] {
                guard let list = node.sequence else { throw reader.fail(node, "global_secondary_indexes must be a list") }
                indexes = []
                for item in list {
                    guard let index = item.mapping else { throw reader.fail(item, "an index must be a mapping with name and hash_key") }
                    try reader.checkKeys(index, allowed: ["name", "hash_key", "range_key", "projection"], in: "an index")
                    guard let name = index["name"], let hash = index["hash_key"] else { throw reader.fail(item, "an index needs name and hash_key") }
                    let projectionNode = index["projection"]
                    let projection = try projectionNode.map { (node: Node) throws(ConfigError) -> String in try reader.string(node, "projection") } ?? "ALL"
                    guard ["ALL", "KEYS_ONLY"].contains(projection) else { throw reader.fail(projectionNode, "projection '\(projection)' is not ALL or KEYS_ONLY") }
                    indexes.append(
                        IndexConfig(
                            name: try reader.string(name, "name"), hashKey: try reader.string(hash, "hash_key"),
                            rangeKey: try index["range_key"].map { (node: Node) throws(ConfigError) -> String in try reader.string(node, "range_key") }, projection: projection))
                }
            }
        }
    }

    package struct IndexConfig: Sendable, Equatable {
        package var name: String
        package var hashKey: String
        package var rangeKey: String?
        package var projection = "ALL"
        package init(name: String, hashKey: String, rangeKey: String?, projection: String = "ALL") {
            self.name = name
            self.hashKey = hashKey
            self.rangeKey = rangeKey
            self.projection = projection
        }
    }

    /// The table's settings (hoist.yml's `aws_dynamodb`).
    package var table: TableConfig {
        get { section() }
        set { set(newValue) }
    }
}
