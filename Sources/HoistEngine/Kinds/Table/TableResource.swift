import AWSDynamoDB

/// The DynamoDB table: its keys (which only a new table can change), billing mode, global secondary indexes,
/// point-in-time recovery and deletion protection (both on by default: the table holds the data).
package struct TableResource: StackResource {
    /// The table as DynamoDB describes it; one being deleted is observed as `deleting`, and counts as absent.
    package struct Observation: Sendable {
        package var table: TableDescription?
        /// The table of this name is being deleted: a create must wait until it is gone.
        package var deleting: Bool
        /// Whether point-in-time recovery is on (DescribeContinuousBackups).
        package var pointInTimeRecovery: Bool?
    }

    /// What a plan changes of the table.
    package enum Property: ResourceProperty {
        case billingMode
        /// The key schema, which only a new table can change.
        case keys
        case indexAdded(String)
        case indexChanged(String)
        case indexRemoved(String)
        case pointInTimeRecovery
        case deletionProtection

        package var description: String {
            switch self {
            case .pointInTimeRecovery: "point-in-time recovery"
            case .deletionProtection: "deletion protection"
            case .billingMode: "billing mode"
            case .keys: "keys"
            case .indexAdded(let name): "index \(name) added"
            case .indexChanged(let name): "index \(name) changed"
            case .indexRemoved(let name): "index \(name) removed"
            }
        }
    }

    package init() {}

    package var kind: ResourceKind { .table }
    package var configSection: (any ConfigSection.Type)? { HoistConfig.TableConfig.self }
    package var dependencies: [ResourceKind] { [] }
    package func name(_ spec: StackSpec) -> String { spec.tableName }

    /// A table being deleted is as good as gone: planning it as present would report a stack that vanishes
    /// seconds later. It is planned for what it will become (absent), and its create waits.
    package func observe(_ context: ObserveContext) async throws -> Observation? {
        guard context.scope == .stack else { return nil }
        let dynamoDB = context.clients.dynamoDB, name = context.spec.tableName, logger = context.logger
        // With a recorded table its backups are read at once with it; without, only once it turns out to exist.
        let described: TableDescription?
        let backups: Bool?
        if context.recorded(kind) != nil {
            async let table = dynamoDB.describeTable(name, logger: logger)
            async let recovery = dynamoDB.describeContinuousBackups(name, logger: logger)
            described = try await table
            backups = try await recovery
        } else {
            described = try await dynamoDB.describeTable(name, logger: logger)
            backups = described == nil || described?.tableStatus == .deleting ? nil : try await dynamoDB.describeContinuousBackups(name, logger: logger)
        }
        let deleting = described?.tableStatus == .deleting
        if let arn = described?.tableArn, !deleting { try ensureOwned(try await dynamoDB.listTagsOfResource(arn, logger: logger), id: name, context.spec) }
        return described == nil ? nil : Observation(table: deleting ? nil : described, deleting: deleting, pointInTimeRecovery: backups)
    }

    /// The table, unless it is being deleted.
    private func described(_ observed: ObservedStack) -> TableDescription? { observed[self]?.table }

    package func change(_ observed: ObservedStack, _ context: PlanContext) -> Change {
        let spec = context.spec
        let desiredKeys = spec.tableKeySchema.map(\.attributeName)
        if let keys = described(observed)?.keySchema?.sorted(by: { $0.keyType == .hash && $1.keyType != .hash }).map(\.attributeName), keys != desiredKeys {
            // DynamoDB cannot change a table's keys: only a new table has them.
            return .replace([PropertyChange(Property.keys, from: keys.joined(separator: ", "), to: desiredKeys.joined(separator: ", "))])
        }
        var differences: [PropertyChange] = []
        if let table = described(observed), (table.billingModeSummary?.billingMode ?? .provisioned).rawValue != spec.config.table.billingMode {
            differences.append(PropertyChange(Property.billingMode, from: (table.billingModeSummary?.billingMode ?? .provisioned).rawValue, to: spec.config.table.billingMode))
        }
        differences += Self.indexChanges(spec: spec, table: described(observed)).differences
        if let table = described(observed) {
            let protected = table.deletionProtectionEnabled ?? false, wanted = spec.config.table.deletionProtection
            if protected != wanted { differences.append(PropertyChange(Property.deletionProtection, from: Self.onOff(protected), to: Self.onOff(wanted))) }
            let recovery = observed[self]?.pointInTimeRecovery ?? false, wantedRecovery = spec.config.table.pointInTimeRecovery
            if recovery != wantedRecovery {
                differences.append(PropertyChange(Property.pointInTimeRecovery, from: Self.onOff(recovery), to: Self.onOff(wantedRecovery)))
            }
        }
        return change(exists: described(observed) != nil, differences)
    }

    package func isPresent(_ observed: ObservedStack) -> Bool { described(observed) != nil }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        described(observed).map { StateFile.ResourceRecord(id: $0.tableName, arn: $0.tableArn) }
    }

    /// DynamoDB's table actions on this table alone (`dynamodb:TagResource`: CreateTable carries hoist's tags).
    package func permissions(_ arns: StackARNs) -> [PolicyStatement] {
        [
            statement(
                [
                    "dynamodb:DescribeTable", "dynamodb:CreateTable", "dynamodb:TagResource", "dynamodb:UpdateTable", "dynamodb:DeleteTable",
                    "dynamodb:DescribeContinuousBackups", "dynamodb:UpdateContinuousBackups", "dynamodb:ListTagsOfResource",
                ], on: [arns.table])
        ]
    }

    /// The table's name, for `--json` and the text after a deploy.
    package func outputs(_ context: OutputContext) -> [StackOutput]? {
        [StackOutput(key: "tableName", label: "table", value: context.spec.tableName, rank: 2)]
    }

    package func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
        let dynamoDB = context.clients.dynamoDB, spec = context.spec, logger = context.logger
        if change.isReplace {
            // Replacing was consented to (`--allow-replace`): a protected table is unprotected first.
            try await unprotect(context.observed, context)
            try await dynamoDB.deleteTable(spec.tableName, logger: logger)
            _ = try await context.waiter.wait(for: "table \(spec.tableName) to be deleted", waiting: context.reporting(self)) {
                try await dynamoDB.describeTable(spec.tableName, logger: logger) == nil ? true : nil
            }
        }
        if change == .create || change.isReplace {
            // A table of this name still being deleted (a destroy just before) blocks the name until it is gone.
            if context.observed[self]?.deleting == true { try await waitUntilGone(context) }
            let indexes = spec.tableIndexes
            let input = CreateTableInput(
                tableName: spec.tableName, attributeDefinitions: spec.tableAttributes, keySchema: spec.tableKeySchema,
                globalSecondaryIndexes: indexes.isEmpty ? nil : indexes, billingMode: .payPerRequest,
                tags: spec.tags.sorted { $0.key < $1.key }.map { Tag(key: $0.key, value: $0.value) }, deletionProtectionEnabled: spec.config.table.deletionProtection)
            let created = try await CreateOnce.run {
                try await dynamoDB.createTable(input, logger: logger)
            } find: {
                try await existing(keys: input.keySchema, context)
            } alreadyExists: {
                if case DynamoDBError.resourceInUse = $0 { true } else { false }
            }
            try await context.recorder.record(kind, id: spec.tableName, arn: created.tableArn ?? context.arns.table)
            // An answer that already says ACTIVE needs no second look.
            if created.tableStatus != .active { try await waitUntilActive(context) { _ in true } }
            if spec.config.table.pointInTimeRecovery { try await setPointInTimeRecovery(true, context) }
            return .usable
        }
        guard case .update(let differences) = change else { return .usable }
        if differences.contains(Property.deletionProtection) {
            _ = try await dynamoDB.updateTable(spec.tableName, deletionProtectionEnabled: spec.config.table.deletionProtection, logger: logger)
            try await waitUntilActive(context) { _ in true }
        }
        if differences.contains(Property.pointInTimeRecovery) { try await setPointInTimeRecovery(spec.config.table.pointInTimeRecovery, context) }
        if differences.contains(Property.billingMode) {
            _ = try await dynamoDB.updateTable(spec.tableName, billingMode: .payPerRequest, logger: logger)
            try await waitUntilActive(context) { _ in true }
        }
        // DynamoDB takes one index change at a time, each after the previous one has settled.
        for update in Self.indexChanges(spec: spec, table: described(context.observed)).updates {
            _ = try await dynamoDB.updateTable(spec.tableName, indexUpdate: update, attributeDefinitions: spec.tableAttributes, logger: logger)
            try await waitUntilActive(context) { table in
                let index = table.globalSecondaryIndexes?.first { $0.indexName == update.indexName }
                return switch update {
                case .create: index?.indexStatus == .active
                case .delete: index == nil
                }
            }
        }
        return .usable
    }

    package func settle<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        if let status = described(observed)?.tableStatus, status != .active { try await waitUntilActive(context) { _ in true } }
    }

    /// A table still being created (or updated) cannot be deleted yet (ResourceInUseException): wait, then delete.
    /// `destroy` runs only after its confirmation (or `--yes`), so a protected table is unprotected first.
    package func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        let dynamoDB = context.clients.dynamoDB, spec = context.spec, logger = context.logger
        try await unprotect(observed, context)
        try await ignoringAbsence({ if case DynamoDBError.resourceNotFound = $0 { true } else { false } }) {
            _ = try await context.waiter.wait(for: "table \(spec.tableName) to accept the deletion", waiting: context.reporting(self)) { () async throws -> Bool? in
                do {
                    _ = try await dynamoDB.deleteTable(spec.tableName, logger: logger)
                    return true
                } catch DynamoDBError.resourceInUse {
                    // Being deleted already counts as done.
                    return try await dynamoDB.describeTable(spec.tableName, logger: logger)?.tableStatus == .deleting ? true : nil
                }
            }
        }
    }

    /// Turns deletion protection off when the table has it, and waits until the table takes the next change.
    private func unprotect<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        guard let table = described(observed), table.deletionProtectionEnabled == true else { return }
        // A table still being created or updated takes no change yet.
        if table.tableStatus != .active { try await waitUntilActive(context) { _ in true } }
        _ = try await context.clients.dynamoDB.updateTable(context.spec.tableName, deletionProtectionEnabled: false, logger: context.logger)
        try await waitUntilActive(context) { _ in true }
    }

    /// Point-in-time recovery on or off. DynamoDB turns continuous backups on for a new table in the
    /// background and refuses the change until it has (ContinuousBackupsUnavailableException, "Backups are being
    /// enabled for the table"; terraform-provider-aws retries it the same way): that answer is waited out.
    private func setPointInTimeRecovery<C>(_ enabled: Bool, _ context: ApplyContext<C>) async throws {
        let dynamoDB = context.clients.dynamoDB, spec = context.spec, logger = context.logger
        _ = try await context.waiter.wait(for: "table \(spec.tableName) to take point-in-time recovery", waiting: context.reporting(self)) { () async throws -> Bool? in
            do {
                try await dynamoDB.updateContinuousBackups(spec.tableName, pointInTimeRecoveryEnabled: enabled, logger: logger)
                return true
            } catch DynamoDBError.continuousBackupsUnavailable {
                return nil
            }
        }
    }

    private static func onOff(_ value: Bool) -> String { value ? "on" : "off" }

    private func waitUntilGone<C>(_ context: ApplyContext<C>) async throws {
        let dynamoDB = context.clients.dynamoDB, spec = context.spec, logger = context.logger
        _ = try await context.waiter.wait(for: "table \(spec.tableName) to finish being deleted", waiting: context.reporting(self)) {
            try await dynamoDB.describeTable(spec.tableName, logger: logger) == nil ? true : nil
        }
    }

    /// The table of this name if it has the keys wanted: the one an earlier create of this run made. One being
    /// deleted is waited out, so the next create can take the name.
    private func existing<C>(keys: [KeySchemaElement], _ context: ApplyContext<C>) async throws -> TableDescription? {
        guard let table = try await context.clients.dynamoDB.describeTable(context.spec.tableName, logger: context.logger) else { return nil }
        if table.tableStatus == .deleting {
            try await waitUntilGone(context)
            return nil
        }
        return table.keySchema == keys ? table : nil
    }

    /// Waits until the table is ACTIVE and `settled` holds for it.
    private func waitUntilActive<C>(_ context: ApplyContext<C>, _ settled: @escaping @Sendable (TableDescription) -> Bool) async throws {
        let dynamoDB = context.clients.dynamoDB, spec = context.spec, logger = context.logger
        _ = try await context.waiter.wait(for: "table \(spec.tableName) to become ACTIVE", waiting: context.reporting(self)) {
            try await dynamoDB.describeTable(spec.tableName, logger: logger).flatMap { $0.tableStatus == .active && settled($0) ? true : nil }
        }
    }

    /// The index changes that make the table's global secondary indexes the configured ones, removals first
    /// (an index whose keys or projection differ is removed and added again, since DynamoDB cannot alter
    /// one), and how the plan names them.
    package static func indexChanges(spec: StackSpec, table: TableDescription?) -> (updates: [GlobalSecondaryIndexUpdate], differences: [PropertyChange]) {
        guard let table else { return ([], []) }
        let existing = table.globalSecondaryIndexes ?? []
        let desired = spec.tableIndexes
        var removals: [GlobalSecondaryIndexUpdate] = []
        var additions: [GlobalSecondaryIndexUpdate] = []
        var differences: [PropertyChange] = []
        for index in existing {
            guard let wanted = desired.first(where: { $0.indexName == index.indexName }) else {
                removals.append(.delete(indexName: index.indexName))
                differences.append(PropertyChange(Property.indexRemoved(index.indexName)))
                continue
            }
            if index.keySchema != wanted.keySchema || index.projection?.projectionType != wanted.projection.projectionType {
                removals.append(.delete(indexName: index.indexName))
                additions.append(.create(wanted))
                differences.append(PropertyChange(Property.indexChanged(index.indexName)))
            }
        }
        for wanted in desired where !existing.contains(where: { $0.indexName == wanted.indexName }) {
            additions.append(.create(wanted))
            differences.append(PropertyChange(Property.indexAdded(wanted.indexName)))
        }
        return (removals + additions, differences)
    }
}

extension ResourceKind {
    package static let table = ResourceKind("table")
}

extension StackSpec {
    package var tableName: String { "\(functionName)-table" }
}

extension StackARNs {
    package var table: String { "arn:\(partition):dynamodb:\(spec.region):\(account):table/\(spec.tableName)" }
}
