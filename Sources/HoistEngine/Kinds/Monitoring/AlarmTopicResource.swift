import AWSSNS

/// The SNS topic `<function>-alarms` that every alarm notifies, and `alarm_email`'s subscription to it. An email
/// subscription waits for its owner to confirm it (SNS sends the link); one to another address that was
/// confirmed is removed when `alarm_email` changes (a pending one cannot be, and lapses after three days).
package struct AlarmTopicResource: StackResource {
    package struct Observation: Sendable {
        package var arn: String
        package var subscriptions: [Subscription]
    }

    /// What a plan changes of the topic.
    package enum Property: ResourceProperty {
        case subscription

        package var description: String { "email subscription" }
    }

    package init() {}

    package var kind: ResourceKind { .alarmTopic }
    package var dependencies: [ResourceKind] { [] }
    package func name(_ spec: StackSpec) -> String { spec.alarmTopicName }
    package func isWanted(_ spec: StackSpec) -> Bool { spec.config.monitoring.enabled && spec.config.monitoring.alarmEmail != nil }

    /// The recorded topic, else one of this name (found by listing: its ARN needs the account); only one tagged as
    /// this environment's is used.
    package func observe(_ context: ObserveContext) async throws -> Observation? {
        guard context.scope == .stack, isWanted(context.spec) || context.recorded(kind) != nil else { return nil }
        let sns = context.clients.sns, logger = context.logger
        let recorded = context.recorded(kind)?.id
        let found = if let recorded { try await sns.topicExists(recorded, logger: logger) ? recorded : nil } else { try await sns.findTopic(named: name(context.spec), logger: logger) }
        guard let arn = found else { return nil }
        async let tags = sns.listTagsForResource(arn, logger: logger)
        async let subscriptions = sns.listSubscriptionsByTopic(arn, logger: logger)
        try ensureOwned(try await tags, id: arn, context.spec)
        return Observation(arn: arn, subscriptions: try await subscriptions)
    }

    package func change(_ observed: ObservedStack, _ context: PlanContext) -> Change {
        guard let topic = observed[self] else { return .create }
        let (subscribe, unsubscribe) = Self.subscriptionChanges(topic, email: context.spec.config.monitoring.alarmEmail)
        return change(exists: true, subscribe == nil && unsubscribe.isEmpty ? [] : [PropertyChange(Property.subscription)])
    }

    /// The email to subscribe (when not subscribed, pending or confirmed) and the confirmed subscriptions to
    /// other addresses.
    private static func subscriptionChanges(_ topic: Observation, email: String?) -> (subscribe: String?, unsubscribe: [String]) {
        let emails = topic.subscriptions.filter { $0.protocolName == "email" }
        let subscribe = email.flatMap { email in emails.contains { $0.endpoint.lowercased() == email.lowercased() } ? nil : email }
        return (subscribe, emails.filter { $0.endpoint.lowercased() != email?.lowercased() && !$0.isPending }.map(\.arn))
    }

    /// An alarm email not confirmed yet: SNS delivers nothing to it until its owner follows the mailed link.
    package func attention(_ observed: ObservedStack, _ spec: StackSpec) -> [Attention] {
        guard let email = spec.config.monitoring.alarmEmail, let topic = observed[self],
            topic.subscriptions.contains(where: { $0.protocolName == "email" && $0.endpoint.lowercased() == email.lowercased() && $0.isPending })
        else { return [] }
        return [Attention("confirm the email SNS sent to \(email): alarms reach no one until its link is followed", firing: false)]
    }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        observed[self].map { StateFile.ResourceRecord(id: $0.arn, arn: $0.arn) }
    }

    /// CreateTopic answers with the existing topic when one of that name and tags exists, so a create whose
    /// answer was lost is simply sent again.
    package func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
        let sns = context.clients.sns, spec = context.spec, logger = context.logger
        let arn = try await sns.createTopic(spec.alarmTopicName, tags: spec.tags, logger: logger)
        if change == .create { try await context.recorder.record(kind, id: arn, arn: arn) }
        let (subscribe, unsubscribe) =
            context.observed[self].map { Self.subscriptionChanges($0, email: spec.config.monitoring.alarmEmail) } ?? (spec.config.monitoring.alarmEmail, [])
        if let subscribe { try await sns.subscribe(arn, protocolName: "email", endpoint: subscribe, logger: logger) }
        for subscription in unsubscribe { try await sns.unsubscribe(subscription, logger: logger) }
        return .usable
    }

    /// DeleteTopic takes its subscriptions with it and answers 200 for a topic already gone.
    package func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        guard let arn = observed[self]?.arn else { return }
        try await context.clients.sns.deleteTopic(arn, logger: context.logger)
    }

    /// The environment's topic when hoist.yml no longer asks for alarm email.
    package func orphans(_ observed: ObservedStack, _ context: PlanContext) -> [Orphan] {
        guard !isWanted(context.spec), let topic = observed[self] else { return [] }
        return [Orphan(kind: kind, id: topic.arn, ownerID: topic.arn, name: name(context.spec))]
    }

    package func deleteOrphan<C>(_ orphan: Orphan, _ context: ApplyContext<C>) async throws {
        try await context.clients.sns.deleteTopic(orphan.id, logger: context.logger)
    }

    /// The topic's actions on the topic alone; ListTopics has no resource-level permission.
    package func permissions(_ arns: StackARNs) -> [PolicyStatement] {
        guard arns.spec.config.monitoring.enabled else { return [] }
        return [
            statement(
                [
                    "sns:CreateTopic", "sns:TagResource", "sns:GetTopicAttributes", "sns:ListTagsForResource", "sns:ListSubscriptionsByTopic", "sns:Subscribe",
                    "sns:Unsubscribe", "sns:DeleteTopic",
                ], on: [arns.alarmTopic]),
            PolicyStatement(sid: "ListTopics", actions: ["sns:ListTopics"], resources: ["*"]),
        ]
    }
}

extension ResourceKind {
    package static let alarmTopic = ResourceKind("alarm-topic")
}

extension StackSpec {
    package var alarmTopicName: String { "\(functionName)-alarms" }
}

extension StackARNs {
    package var alarmTopic: String { "arn:\(partition):sns:\(spec.region):\(account):\(spec.alarmTopicName)" }
}
