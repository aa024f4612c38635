import AWSAPIGatewayV2
import AWSCloudWatch

/// `aws_cloudwatch`'s alarms: the function's errors (a rate of its invocations), throttles and p99 duration (a
/// share of its timeout), and the API's 5xx (a rate of its requests), each over 5 minutes, each notifying the
/// alarm topic on ALARM and on OK when there is one. One kind for the set: they are read in one call, and a
/// setting turned off (`throttles: false`) deletes its alarm.
package struct AlarmsResource: StackResource {
    /// The environment's alarms found under their names (at most the four), each tagged as this environment's.
    package typealias Observation = [MetricAlarm]

    /// What a plan changes: one alarm, by name.
    package enum Property: ResourceProperty {
        case alarm(String)

        package var description: String {
            switch self {
            case .alarm(let name): "alarm \(name)"
            }
        }
    }

    package init() {}

    package var kind: ResourceKind { .alarms }
    package var configSection: (any ConfigSection.Type)? { HoistConfig.MonitoringConfig.self }
    /// The function and the API are named in the alarms' dimensions; the topic in their actions.
    package var dependencies: [ResourceKind] { [.function, .api, .alarmTopic] }
    package var needsOnlyExistence: Set<ResourceKind> { [.function, .api] }
    package func name(_ spec: StackSpec) -> String { "\(spec.functionName)-*" }
    package func isWanted(_ spec: StackSpec) -> Bool { spec.config.monitoring.enabled }

    package func observe(_ context: ObserveContext) async throws -> Observation? {
        guard context.scope == .stack, isWanted(context.spec) || context.recorded(kind) != nil else { return nil }
        let cloudWatch = context.clients.cloudWatch, logger = context.logger, names = Set(Self.names(context.spec))
        let alarms = try await cloudWatch.describeAlarms(prefix: context.spec.functionName + "-", logger: logger).filter { names.contains($0.alarmName) }
        try await withThrowingTaskGroup(of: ([String: String], String).self) { group in
            for alarm in alarms {
                group.addTask { (try await cloudWatch.listTagsForResource(alarm.alarmArn ?? alarm.alarmName, logger: logger), alarm.alarmName) }
            }
            for try await (tags, name) in group { try ensureOwned(tags, id: name, context.spec) }
        }
        return alarms.isEmpty ? nil : alarms
    }

    package func change(_ observed: ObservedStack, _ context: PlanContext) -> Change {
        guard let found = observed[self] else { return .create }
        let wanted = Self.desired(context.spec, apiID: observed[APIResource()]?.api.apiId, topic: Self.topic(context.spec, context.arns))
        return change(exists: true, Self.differences(found, wanted).map { PropertyChange(Property.alarm($0)) })
    }

    /// The names of the alarms to put (missing or different) and to delete (turned off).
    private static func differences(_ found: [MetricAlarm], _ wanted: [MetricAlarm]) -> [String] {
        let wantedNames = Set(wanted.map(\.alarmName))
        let put = wanted.filter { alarm in found.first { $0.alarmName == alarm.alarmName }.map(comparable) != comparable(alarm) }.map(\.alarmName)
        return put + found.map(\.alarmName).filter { !wantedNames.contains($0) }
    }

    /// What an alarm is, without what AWS adds (its ARN, state, tags) and with empty lists as absent.
    private static func comparable(_ alarm: MetricAlarm) -> MetricAlarm {
        var alarm = alarm
        (alarm.alarmArn, alarm.stateValue, alarm.stateReason, alarm.tags) = (nil, nil, nil, nil)
        if alarm.dimensions?.isEmpty == true { alarm.dimensions = nil }
        if alarm.okActions?.isEmpty == true { alarm.okActions = nil }
        if alarm.alarmActions?.isEmpty == true { alarm.alarmActions = nil }
        if alarm.metrics?.isEmpty == true { alarm.metrics = nil }
        return alarm
    }

    /// Each alarm in ALARM, with CloudWatch's reason.
    package func attention(_ observed: ObservedStack, _ spec: StackSpec) -> [Attention] {
        (observed[self] ?? []).filter { $0.stateValue == "ALARM" }.map { alarm in
            Attention("alarm \(alarm.alarmName) is in ALARM" + (alarm.stateReason.map { ": \($0)" } ?? ""), firing: true)
        }
    }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        observed[self].map { _ in StateFile.ResourceRecord(id: name(arns.spec)) }
    }

    package func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
        let cloudWatch = context.clients.cloudWatch, spec = context.spec, logger = context.logger
        let wanted = Self.desired(spec, apiID: await context.learned[.api]?.id, topic: Self.topic(spec, context.arns))
        let found = context.observed[self] ?? []
        let changed = Set(Self.differences(found, wanted))
        for alarm in wanted where changed.contains(alarm.alarmName) { try await cloudWatch.putMetricAlarm(alarm, logger: logger) }
        let gone = found.map(\.alarmName).filter { changed.contains($0) && !wanted.map(\.alarmName).contains($0) }
        if !gone.isEmpty { try await cloudWatch.deleteAlarms(gone, logger: logger) }
        try await context.recorder.record(kind, id: name(spec), arn: nil)
        return .usable
    }

    /// DeleteAlarms takes names that no longer exist without complaint.
    package func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        guard let alarms = observed[self] else { return }
        try await context.clients.cloudWatch.deleteAlarms(alarms.map(\.alarmName), logger: context.logger)
    }

    /// The environment's alarms when hoist.yml no longer has `aws_cloudwatch`.
    package func orphans(_ observed: ObservedStack, _ context: PlanContext) -> [Orphan] {
        guard !isWanted(context.spec), let alarms = observed[self] else { return [] }
        let names = alarms.map(\.alarmName).joined(separator: ",")
        return [Orphan(kind: kind, id: names, ownerID: names, name: name(context.spec))]
    }

    package func deleteOrphan<C>(_ orphan: Orphan, _ context: ApplyContext<C>) async throws {
        try await context.clients.cloudWatch.deleteAlarms(orphan.id.split(separator: ",").map(String.init), logger: context.logger)
    }

    /// The alarms' actions on this environment's alarms (DescribeAlarms lists by prefix, so on `*` of the region).
    package func permissions(_ arns: StackARNs) -> [PolicyStatement] {
        guard isWanted(arns.spec) else { return [] }
        return [
            statement(["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:ListTagsForResource", "cloudwatch:TagResource"], on: [arns.alarm("*")]),
            PolicyStatement(sid: "DescribeAlarms", actions: ["cloudwatch:DescribeAlarms"], resources: ["*"]),
        ]
    }

    static func names(_ spec: StackSpec) -> [String] {
        ["errors", "throttles", "duration-p99", "api-5xx"].map { "\(spec.functionName)-\($0)" }
    }

    private static func topic(_ spec: StackSpec, _ arns: StackARNs) -> String? {
        spec.config.monitoring.alarmEmail == nil ? nil : arns.alarmTopic
    }

    /// The alarms hoist.yml asks for. Rates are metric math (`100 * errors / invocations`), so a quiet API with
    /// one failure in two calls alarms while a busy one with one in ten thousand does not; missing data (no
    /// traffic) is not breaching.
    static func desired(_ spec: StackSpec, apiID: String?, topic: String?) -> [MetricAlarm] {
        let monitoring = spec.config.monitoring, function = ["FunctionName": spec.functionName], actions = topic.map { [$0] } ?? []
        func alarm(_ suffix: String, _ description: String, threshold: Double, comparison: String = "GreaterThanThreshold") -> MetricAlarm {
            MetricAlarm(
                alarmName: "\(spec.functionName)-\(suffix)", alarmDescription: "hoist: \(spec.functionName) \(description) over 5 minutes", actions: actions,
                evaluationPeriods: 1, threshold: threshold, comparisonOperator: comparison, treatMissingData: "notBreaching", tags: spec.tags)
        }
        func rate(_ alarm: MetricAlarm, namespace: String, part: String, whole: String, dimensions: [String: String]) -> MetricAlarm {
            var alarm = alarm
            alarm.metrics = [
                AlarmQuery(id: "part", metricStat: MetricStat(namespace: namespace, metricName: part, dimensions: dimensions, period: 300, stat: "Sum"), returnData: false),
                AlarmQuery(id: "whole", metricStat: MetricStat(namespace: namespace, metricName: whole, dimensions: dimensions, period: 300, stat: "Sum"), returnData: false),
                AlarmQuery(id: "rate", expression: "100 * part / whole", returnData: true),
            ]
            return alarm
        }
        func single(_ alarm: MetricAlarm, metric: String, statistic: String? = nil, extended: String? = nil) -> MetricAlarm {
            var alarm = alarm
            (alarm.namespace, alarm.metricName, alarm.statistic, alarm.extendedStatistic) = ("AWS/Lambda", metric, statistic, extended)
            (alarm.dimensions, alarm.period) = ([Dimension(name: "FunctionName", value: spec.functionName)], 300)
            return alarm
        }
        var alarms: [MetricAlarm] = []
        if let percent = monitoring.errorsPercent {
            alarms.append(rate(alarm("errors", "errors above \(percent)% of invocations", threshold: percent), namespace: "AWS/Lambda", part: "Errors", whole: "Invocations", dimensions: function))
        }
        if let count = monitoring.throttles {
            alarms.append(single(alarm("throttles", "throttled \(count) times or more", threshold: Double(count), comparison: "GreaterThanOrEqualToThreshold"), metric: "Throttles", statistic: "Sum"))
        }
        if let percent = monitoring.durationP99Percent {
            let limit = Double(spec.config.function.timeout) * 1000 * percent / 100
            alarms.append(single(alarm("duration-p99", "p99 duration above \(percent)% of its timeout", threshold: limit), metric: "Duration", extended: "p99"))
        }
        if let percent = monitoring.api5xxPercent, let apiID {
            alarms.append(rate(alarm("api-5xx", "API 5xx answers above \(percent)% of requests", threshold: percent), namespace: "AWS/ApiGateway", part: "5xx", whole: "Count", dimensions: ["ApiId": apiID]))
        }
        return alarms
    }
}

extension ResourceKind {
    package static let alarms = ResourceKind("alarms")
}

extension StackARNs {
    package func alarm(_ name: String) -> String { "arn:\(partition):cloudwatch:\(spec.region):\(account):alarm:\(name)" }
}
