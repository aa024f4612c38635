import AWSAPIGatewayV2
import AWSDynamoDB
import AWSIAM
import AWSLambda
import AWSLogs
import Foundation

/// Decides, without any I/O, what must change for the observed stack to match the spec.
package enum Planner {
    package static func plan(spec: StackSpec, observed: ObservedStack, codeSha256: String) -> Plan {
        let arns = StackARNs(spec: spec, account: observed.account)
        var changes: [PlannedChange] = []
        func add(_ kind: ResourceKind, _ name: String, exists: Bool, _ differences: [PropertyChange]) {
            changes.append(PlannedChange(kind: kind, name: name, change: !exists ? .create : differences.isEmpty ? .none : .update(differences)))
        }

        var roleDifferences: [PropertyChange] = []
        if let role = observed.role, !sameJSON(role.assumeRolePolicyDocument, StackSpec.trustPolicy) { roleDifferences.append(PropertyChange(.trustPolicy)) }
        if !sameJSON(observed.rolePolicy, spec.dynamoPolicy(tableARN: arns.table)) { roleDifferences.append(PropertyChange(.inlinePolicy)) }
        if !observed.attachedPolicies.contains(StackSpec.basicExecutionPolicy) { roleDifferences.append(PropertyChange(.basicExecutionPolicy)) }
        add(.role, spec.roleName, exists: observed.role != nil, roleDifferences)

        var tableDifferences: [PropertyChange] = []
        if let table = observed.table, (table.billingModeSummary?.billingMode ?? .provisioned).rawValue != spec.config.table.billingMode {
            tableDifferences.append(PropertyChange(.billingMode, from: (table.billingModeSummary?.billingMode ?? .provisioned).rawValue, to: spec.config.table.billingMode))
        }
        tableDifferences += indexChanges(spec: spec, table: observed.table).differences
        let desiredKeys = spec.tableKeySchema.map(\.attributeName)
        if let keys = observed.table?.keySchema?.sorted(by: { $0.keyType == .hash && $1.keyType != .hash }).map(\.attributeName), keys != desiredKeys {
            // DynamoDB cannot change a table's keys: only a new table has them.
            changes.append(
                PlannedChange(
                    kind: .table, name: spec.tableName,
                    change: .replace([PropertyChange(.keys, from: keys.joined(separator: ", "), to: desiredKeys.joined(separator: ", "))])))
        } else {
            add(.table, spec.tableName, exists: observed.table != nil, tableDifferences)
        }

        add(.functionLogGroup, spec.functionLogGroup, exists: observed.functionLogGroup != nil,
            retentionChanges(observed.functionLogGroup?.retentionInDays, spec.config.function.logRetentionDays))
        add(.apiLogGroup, spec.apiLogGroup, exists: observed.apiLogGroup != nil,
            retentionChanges(observed.apiLogGroup?.retentionInDays, spec.config.api.accessLogRetentionDays))

        add(.api, spec.apiName, exists: observed.api != nil, observed.api?.corsConfiguration == desiredCORS(spec) ? [] : [PropertyChange(.cors)])

        // Environment values are never printed: they may be secrets.
        var functionDifferences: [PropertyChange] = []
        if let function = observed.function {
            let memory = spec.config.function.memory, timeout = spec.config.function.timeout
            if function.memorySize != memory { functionDifferences.append(PropertyChange(.memory, from: function.memorySize.map { "\($0) MB" }, to: "\(memory) MB")) }
            if function.timeout != timeout { functionDifferences.append(PropertyChange(.timeout, from: function.timeout.map { "\($0) s" }, to: "\(timeout) s")) }
            if (function.environment?.variables ?? [:]) != desiredEnvironment(spec) { functionDifferences.append(PropertyChange(.environment)) }
            if function.role != arns.role { functionDifferences.append(PropertyChange(.role)) }
            if function.runtime != .providedAL2023 || function.handler != "bootstrap" { functionDifferences.append(PropertyChange(.runtime)) }
            let architecture = function.architectures ?? [.x86_64]
            if architecture != [desiredArchitecture(spec)] {
                functionDifferences.append(
                    PropertyChange(.architecture, from: architecture.map(\.rawValue).joined(separator: ", "), to: desiredArchitecture(spec).rawValue))
            }
        }
        add(.function, spec.functionName, exists: observed.function != nil, functionDifferences)

        var stageDifferences: [PropertyChange] = []
        if let stage = observed.stage {
            if stage.autoDeploy != true { stageDifferences.append(PropertyChange(.autoDeploy, from: "off", to: "on")) }
            if stage.accessLogSettings != AccessLogSettings(destinationArn: arns.logGroup(spec.apiLogGroup), format: StackSpec.accessLogFormat) {
                stageDifferences.append(PropertyChange(.accessLogs))
            }
        }
        add(.stage, "$default", exists: observed.stage != nil, stageDifferences)

        var integrationDifferences: [PropertyChange] = []
        if let integration = observed.integration {
            if integration.integrationUri != arns.function { integrationDifferences.append(PropertyChange(.target)) }
            if integration.payloadFormatVersion != "2.0" {
                integrationDifferences.append(PropertyChange(.payloadFormat, from: integration.payloadFormatVersion, to: "2.0"))
            }
        }
        add(.integration, "AWS_PROXY", exists: observed.integration != nil, integrationDifferences)

        let permissionOK = observed.api.map { hasPermission(observed.functionPolicy, sourceARN: arns.executeAPI($0.apiId)) } ?? false
        changes.append(PlannedChange(kind: .permission, name: StackSpec.permissionStatementID, change: permissionOK ? .none : .create))

        var routeDifferences: [PropertyChange] = []
        if let route = observed.route, let integration = observed.integration, route.target != "integrations/\(integration.integrationId)" {
            routeDifferences.append(PropertyChange(.target))
        }
        add(.route, "$default", exists: observed.route != nil, routeDifferences)

        // The architecture changes with the code (UpdateFunctionCode carries it), so a change of it uploads.
        let upload = observed.function.map { $0.codeSha256 != codeSha256 || functionDifferences.contains(.architecture) } ?? false
        return Plan(changes: changes, uploadCode: upload, orphans: observed.orphans)
    }

    /// A log group's retention as the plan shows it; a group without one keeps its events forever.
    private static func retentionChanges(_ observed: Int?, _ wanted: Int) -> [PropertyChange] {
        observed == wanted ? [] : [PropertyChange(.retention, from: observed.map { "\($0) days" } ?? "forever", to: "\(wanted) days")]
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
                differences.append(PropertyChange(.indexRemoved(index.indexName)))
                continue
            }
            if index.keySchema != wanted.keySchema || index.projection?.projectionType != wanted.projection.projectionType {
                removals.append(.delete(indexName: index.indexName))
                additions.append(.create(wanted))
                differences.append(PropertyChange(.indexChanged(index.indexName)))
            }
        }
        for wanted in desired where !existing.contains(where: { $0.indexName == wanted.indexName }) {
            additions.append(.create(wanted))
            differences.append(PropertyChange(.indexAdded(wanted.indexName)))
        }
        return (removals + additions, differences)
    }

    /// Everything, dependents first (the creation order reversed), for `hoist destroy`.
    package static func destroyPlan(spec: StackSpec, observed: ObservedStack) -> Plan {
        func present(_ kind: ResourceKind) -> Bool {
            switch kind {
            case .route: observed.route != nil
            case .permission: observed.functionPolicy?.contains(StackSpec.permissionStatementID) == true
            case .integration: observed.integration != nil
            case .stage: observed.stage != nil
            case .function: observed.function != nil
            case .api: observed.api != nil
            case .apiLogGroup: observed.apiLogGroup != nil
            case .functionLogGroup: observed.functionLogGroup != nil
            case .table: observed.table != nil
            case .role: observed.role != nil
            }
        }
        let changes = ResourceKind.allCases.reversed().map { PlannedChange(kind: $0, name: PlannedChange.name($0, spec), change: present($0) ? .delete : .none) }
        return Plan(changes: changes, uploadCode: false, orphans: observed.orphans)
    }

    package static func desiredEnvironment(_ spec: StackSpec) -> [String: String] {
        spec.config.function.environment.merging(spec.tableEnvironment) { $1 }
    }

    package static func desiredArchitecture(_ spec: StackSpec) -> Architecture {
        spec.config.function.architecture == "arm64" ? .arm64 : .x86_64
    }

    package static func desiredCORS(_ spec: StackSpec) -> Cors? {
        spec.config.api.cors.map { Cors(allowHeaders: $0.allowHeaders, allowMethods: $0.allowMethods, allowOrigins: $0.allowOrigins) }
    }

    /// Policies compare as JSON values: AWS may reorder keys or change spacing.
    static func sameJSON(_ lhs: String?, _ rhs: String) -> Bool {
        guard let lhs, let left = try? JSONSerialization.jsonObject(with: Data(lhs.utf8)) as? NSObject,
            let right = try? JSONSerialization.jsonObject(with: Data(rhs.utf8)) as? NSObject
        else { return false }
        return left.isEqual(right)
    }

    /// Whether the function's policy lets API Gateway invoke it for `sourceARN` under hoist's statement id.
    static func hasPermission(_ policy: String?, sourceARN: String) -> Bool {
        guard let policy, let document = try? JSONSerialization.jsonObject(with: Data(policy.utf8)) as? [String: Any],
            let statements = document["Statement"] as? [[String: Any]]
        else { return false }
        return statements.contains { statement in
            guard statement["Sid"] as? String == StackSpec.permissionStatementID else { return false }
            let condition = statement["Condition"] as? [String: Any]
            let like = condition?["ArnLike"] as? [String: Any]
            return like?["AWS:SourceArn"] as? String == sourceARN
        }
    }
}
