import AWSLogs

/// A CloudWatch Logs group with hoist's retention: one type for the function's group and the API's access
/// log group.
package struct LogGroupResource: StackResource {
    package var kind: ResourceKind
    /// The group's name in a stack.
    package var groupName: @Sendable (StackSpec) -> String
    /// How many days its events are kept, from the configuration.
    package var retention: @Sendable (StackSpec) -> Int
    /// Where the stack keeps what was observed of it.
    package var found: any WritableKeyPath<ObservedStack, LogGroup?> & Sendable

    package static let function = LogGroupResource(
        kind: .functionLogGroup, groupName: \.functionLogGroup, retention: \.config.function.logRetentionDays, found: \.functionLogGroup)
    package static let api = LogGroupResource(kind: .apiLogGroup, groupName: \.apiLogGroup, retention: \.config.api.accessLogRetentionDays, found: \.apiLogGroup)

    package var dependencies: [ResourceKind] { [] }
    package func name(_ spec: StackSpec) -> String { groupName(spec) }

    package func observe(_ context: ObserveContext) async throws -> ObservedStack.Finding {
        let group = try await context.clients.logs.logGroup(named: groupName(context.spec), logger: context.logger)
        let found = found
        return { $0[keyPath: found] = group }
    }

    /// A group without a retention keeps its events forever.
    package func change(_ observed: ObservedStack, _ context: PlanContext) -> Change {
        let group = observed[keyPath: found]
        let wanted = retention(context.spec)
        let differences =
            group.map { $0.retentionInDays == wanted } ?? true
            ? [] : [PropertyChange(.retention, from: group?.retentionInDays.map { "\($0) days" } ?? "forever", to: "\(wanted) days")]
        return change(exists: group != nil, differences)
    }

    package func isPresent(_ observed: ObservedStack) -> Bool { observed[keyPath: found] != nil }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        observed[keyPath: found].map { StateFile.ResourceRecord(id: $0.logGroupName, arn: arns.logGroup($0.logGroupName)) }
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
        do {
            try await context.clients.logs.deleteLogGroup(groupName(context.spec), logger: context.logger)
        } catch LogsError.resourceNotFound {
            // Already gone: that is what destroy wants.
        }
    }
}
