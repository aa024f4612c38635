import AWSAPIGatewayV2
import AWSCloudWatch
import Foundation

/// `aws_cloudwatch`'s dashboard `<function>`: the function's invocations, errors, throttles, duration p50/p99
/// and concurrency, and the API's 4xx, 5xx and latency. Dashboards carry no tags, so hoist marks its own with a
/// first text widget naming the environment, and touches no dashboard of that name without it.
package struct DashboardResource: StackResource {
    /// The dashboard's body, JSON text.
    package typealias Observation = String

    /// What a plan changes of the dashboard.
    package enum Property: ResourceProperty {
        case widgets

        package var description: String { "widgets" }
    }

    package init() {}

    package var kind: ResourceKind { .dashboard }
    package var dependencies: [ResourceKind] { [.function, .api] }
    package var needsOnlyExistence: Set<ResourceKind> { [.function, .api] }
    package func name(_ spec: StackSpec) -> String { spec.functionName }
    package func isWanted(_ spec: StackSpec) -> Bool { spec.config.monitoring.enabled && spec.config.monitoring.dashboard }

    package func observe(_ context: ObserveContext) async throws -> String? {
        guard context.scope == .stack, isWanted(context.spec) || context.recorded(kind) != nil else { return nil }
        guard let body = try await context.clients.cloudWatch.getDashboard(context.spec.functionName, logger: context.logger) else { return nil }
        guard body.contains(Self.marker(context.spec)) else { throw EngineError.notOurs(kind, id: context.spec.functionName, project: context.spec.project, environment: context.spec.environment) }
        return body
    }

    package func change(_ observed: ObservedStack, _ context: PlanContext) -> Change {
        guard let body = observed[self] else { return .create }
        let wanted = Self.body(context.spec, apiID: observed[APIResource()]?.api.apiId)
        return change(exists: true, RoleResource.sameJSON(body, wanted) ? [] : [PropertyChange(Property.widgets)])
    }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        observed[self].map { _ in StateFile.ResourceRecord(id: arns.spec.functionName, arn: arns.dashboard) }
    }

    /// PutDashboard makes or replaces it whole, so a put whose answer was lost is simply sent again.
    package func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
        let spec = context.spec
        try await context.clients.cloudWatch.putDashboard(spec.functionName, body: Self.body(spec, apiID: await context.learned[.api]?.id), logger: context.logger)
        try await context.recorder.record(kind, id: spec.functionName, arn: context.arns.dashboard)
        return .usable
    }

    package func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        try await ignoringAbsence({ if case CloudWatchError.notFound = $0 { true } else { false } }) {
            try await context.clients.cloudWatch.deleteDashboards([context.spec.functionName], logger: context.logger)
        }
    }

    /// The environment's dashboard when hoist.yml no longer asks for one.
    package func orphans(_ observed: ObservedStack, _ context: PlanContext) -> [Orphan] {
        guard !isWanted(context.spec), observed[self] != nil else { return [] }
        return [Orphan(kind: kind, id: context.spec.functionName, ownerID: context.spec.functionName, name: context.spec.functionName)]
    }

    package func deleteOrphan<C>(_ orphan: Orphan, _ context: ApplyContext<C>) async throws {
        try await ignoringAbsence({ if case CloudWatchError.notFound = $0 { true } else { false } }) {
            try await context.clients.cloudWatch.deleteDashboards([orphan.id], logger: context.logger)
        }
    }

    package func permissions(_ arns: StackARNs) -> [PolicyStatement] {
        guard isWanted(arns.spec) else { return [] }
        return [statement(["cloudwatch:GetDashboard", "cloudwatch:PutDashboard", "cloudwatch:DeleteDashboards"], on: [arns.dashboard])]
    }

    static func marker(_ spec: StackSpec) -> String { "hoist: \(spec.functionName) (project \(spec.project), environment \(spec.environment))" }

    /// The widgets, as JSON text with sorted keys (the same hoist.yml gives the same bytes).
    static func body(_ spec: StackSpec, apiID: String?) -> String {
        let function = spec.functionName, region = spec.region
        func metrics(_ title: String, _ series: [[Any]], x: Int, y: Int, stat: String = "Sum") -> [String: Any] {
            [
                "type": "metric", "x": x, "y": y, "width": 12, "height": 6,
                "properties": ["title": title, "region": region, "stat": stat, "period": 300, "view": "timeSeries", "metrics": series],
            ]
        }
        var widgets: [[String: Any]] = [
            ["type": "text", "x": 0, "y": 0, "width": 24, "height": 1, "properties": ["markdown": marker(spec)]],
            metrics("Invocations, errors, throttles", [["AWS/Lambda", "Invocations", "FunctionName", function], [".", "Errors", ".", "."], [".", "Throttles", ".", "."]], x: 0, y: 1),
            metrics("Duration p50, p99 (ms)", [["AWS/Lambda", "Duration", "FunctionName", function, ["stat": "p50"]], ["...", ["stat": "p99"]]], x: 12, y: 1, stat: "p50"),
            metrics("Concurrent executions", [["AWS/Lambda", "ConcurrentExecutions", "FunctionName", function]], x: 0, y: 7, stat: "Maximum"),
        ]
        if let apiID {
            widgets += [
                metrics("API 4xx, 5xx", [["AWS/ApiGateway", "4xx", "ApiId", apiID], [".", "5xx", ".", "."]], x: 12, y: 7),
                metrics("API latency p50, p99 (ms)", [["AWS/ApiGateway", "Latency", "ApiId", apiID, ["stat": "p50"]], ["...", ["stat": "p99"]]], x: 0, y: 13, stat: "p50"),
            ]
        }
        let data = (try? JSONSerialization.data(withJSONObject: ["widgets": widgets], options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

extension ResourceKind {
    package static let dashboard = ResourceKind("dashboard")
}

extension StackARNs {
    package var dashboard: String { "arn:\(partition):cloudwatch::\(account):dashboard/\(spec.functionName)" }
}
