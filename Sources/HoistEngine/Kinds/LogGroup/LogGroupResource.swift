import AWSLogs

/// A CloudWatch Logs group with hoist's retention: one type for the function's group and the API's access
/// log group.
package struct LogGroupResource: StackResource {
    package typealias Observation = LogGroup

    /// What a plan changes of a log group.
    package enum Property: ResourceProperty {
        case retention

        package var description: String { "retention" }
    }

    package var kind: ResourceKind
    /// The group's name in a stack.
    package var groupName: @Sendable (StackSpec) -> String
    /// How many days its events are kept, from the configuration.
    package var retention: @Sendable (StackSpec) -> Int

    package static let function = LogGroupResource(kind: .functionLogGroup, groupName: \.functionLogGroup, retention: \.config.function.logRetentionDays)
    package static let api = LogGroupResource(kind: .apiLogGroup, groupName: \.apiLogGroup, retention: \.config.api.accessLogRetentionDays)

    package var dependencies: [ResourceKind] { [] }
    package func name(_ spec: StackSpec) -> String { groupName(spec) }

    package func observe(_ context: ObserveContext) async throws -> LogGroup? {
        guard context.scope == .stack else { return nil }
        let logs = context.clients.logs, logger = context.logger
        guard let group = try await logs.logGroup(named: groupName(context.spec), logger: logger) else { return nil }
        let arn = group.logGroupArn ?? group.arn.map { $0.hasSuffix(":*") ? String($0.dropLast(2)) : $0 } ?? ""
        try ensureOwned(try await logs.listTagsForResource(arn, logger: logger), id: group.logGroupName, context.spec)
        return group
    }

    /// A group without a retention keeps its events forever.
    package func change(_ observed: ObservedStack, _ context: PlanContext) -> Change {
        let group = observed[self]
        let wanted = retention(context.spec)
        let differences =
            group.map { $0.retentionInDays == wanted } ?? true
            ? [] : [PropertyChange(Property.retention, from: group?.retentionInDays.map { "\($0) days" } ?? "forever", to: "\(wanted) days")]
        return change(exists: group != nil, differences)
    }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        observed[self].map { StateFile.ResourceRecord(id: $0.logGroupName, arn: arns.logGroup($0.logGroupName)) }
    }

    /// Its group's actions on the group alone, `hoist logs`' FilterLogEvents among them. DescribeLogGroups
    /// takes no group: IAM checks it on `log-group:*` of the account and region.
    package func permissions(_ arns: StackARNs) -> [PolicyStatement] {
        let group = arns.logGroup(groupName(arns.spec))
        return [
            statement(
                ["logs:CreateLogGroup", "logs:TagResource", "logs:TagLogGroup", "logs:ListTagsForResource", "logs:PutRetentionPolicy", "logs:DeleteLogGroup", "logs:FilterLogEvents"],
                on: [group, group + ":*"]),
            PolicyStatement(sid: "DescribeLogGroups", actions: ["logs:DescribeLogGroups"], resources: [arns.logGroup("*")]),
        ]
    }

    package func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
        let logs = context.clients.logs, spec = context.spec, logger = context.logger, name = groupName(spec)
        if change == .create {
            // Lambda creates its log group on first invocation; one found here is the function's own.
            _ = try await CreateOnce.run {
                try await logs.createLogGroup(CreateLogGroupInput(logGroupName: name, tags: spec.tags), logger: logger)
            } find: {
                try await logs.logGroup(named: name, logger: logger).map { _ in () }
            } alreadyExists: {
                if case LogsError.resourceAlreadyExists = $0 { true } else { false }
            }
            try await context.recorder.record(kind, id: name, arn: context.arns.logGroup(name))
        }
        try await logs.putRetentionPolicy(name, retentionInDays: retention(spec), logger: logger)
        return .usable
    }

    package func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        try await ignoringAbsence({ if case LogsError.resourceNotFound = $0 { true } else { false } }) {
            try await context.clients.logs.deleteLogGroup(groupName(context.spec), logger: context.logger)
        }
    }
}

extension ResourceKind {
    package static let functionLogGroup = ResourceKind("function-log-group")
    package static let apiLogGroup = ResourceKind("api-log-group")
}

extension StackSpec {
    /// Lambda's own name for the function's group, so the function's logs land in the group hoist made.
    package var functionLogGroup: String { "/aws/lambda/\(functionName)" }
    package var apiLogGroup: String { "/aws/apigateway/\(functionName)" }
}

extension StackARNs {
    package func logGroup(_ name: String) -> String { "arn:\(partition):logs:\(spec.region):\(account):log-group:\(name)" }
}
