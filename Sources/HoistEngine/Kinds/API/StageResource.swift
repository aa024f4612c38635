import AWSAPIGatewayV2

/// The API's `$default` stage: deployed automatically, writing the seed's access log, throttled by default.
package struct StageResource: StackResource {
    package typealias Observation = Stage

    /// What a plan changes of the stage.
    package enum Property: ResourceProperty {
        case autoDeploy
        case accessLogs
        case throttling

        package var description: String {
            switch self {
            case .autoDeploy: "auto deploy"
            case .accessLogs: "access logs"
            case .throttling: "throttling"
            }
        }
    }

    package init() {}

    package var kind: ResourceKind { .stage }
    package var dependencies: [ResourceKind] { [.api, .apiLogGroup] }
    package func name(_ spec: StackSpec) -> String { "$default" }

    /// Its slice of the API's read.
    package func observe(_ context: ObserveContext) async throws -> Stage? {
        guard context.scope == .stack else { return nil }
        return try await context.observation(of: APIResource())?.stage
    }

    package func change(_ observed: ObservedStack, _ context: PlanContext) -> Change {
        var differences: [PropertyChange] = []
        if let stage = observed[self] {
            if stage.autoDeploy != true { differences.append(PropertyChange(Property.autoDeploy, from: "off", to: "on")) }
            if stage.accessLogSettings != Self.accessLogs(context.arns) { differences.append(PropertyChange(Property.accessLogs)) }
            let throttling = Self.routeSettings(context.spec)
            if (stage.defaultRouteSettings ?? RouteSettings()) != throttling {
                differences.append(PropertyChange(Property.throttling, from: Self.describe(stage.defaultRouteSettings), to: Self.describe(throttling)))
            }
        }
        return change(exists: observed[self] != nil, differences)
    }

    private static func accessLogs(_ arns: StackARNs) -> AccessLogSettings {
        AccessLogSettings(destinationArn: arns.logGroup(arns.spec.apiLogGroup), format: StackSpec.accessLogFormat)
    }

    /// The settings hoist.yml asks for: throttling only, every other member absent.
    private static func routeSettings(_ spec: StackSpec) -> RouteSettings {
        guard let throttling = spec.config.api.throttling else { return RouteSettings() }
        return RouteSettings(throttlingBurstLimit: throttling.burstLimit, throttlingRateLimit: throttling.rateLimit)
    }

    private static func describe(_ settings: RouteSettings?) -> String {
        guard let rate = settings?.throttlingRateLimit, let burst = settings?.throttlingBurstLimit else { return "off" }
        var throttling = HoistConfig.Throttling()
        throttling.rateLimit = rate
        throttling.burstLimit = burst
        return throttling.description
    }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        observed[self].map { StateFile.ResourceRecord(id: $0.stageName) }
    }

    /// Its own paths under the environment's API (whose id its create makes, so `*`).
    package func permissions(_ arns: StackARNs) -> [PolicyStatement] { [APIResource.partStatement(self, "stages", arns)] }

    package func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
        let gateway = context.clients.apiGateway, logger = context.logger
        guard let apiID = await context.learned[.api]?.id else { throw EngineError.missingDependency(kind, needs: .api) }
        let logs = Self.accessLogs(context.arns), settings = Self.routeSettings(context.spec)
        if change == .create {
            let input = CreateStageInput(stageName: "$default", autoDeploy: true, accessLogSettings: logs, defaultRouteSettings: settings, tags: context.spec.tags)
            _ = try await CreateOnce.run {
                try await gateway.createStage(apiID, input, logger: logger)
            } find: {
                try await gateway.getStage(apiID, stageName: "$default", logger: logger)
            } alreadyExists: {
                if case APIGatewayV2Error.conflict = $0 { true } else { false }
            }
            try await context.recorder.record(kind, id: "$default", arn: nil)
        } else {
            _ = try await gateway.updateStage(apiID, stageName: "$default", UpdateStageInput(autoDeploy: true, accessLogSettings: logs, defaultRouteSettings: settings), logger: logger)
        }
        return .usable
    }

    package func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        guard let apiID = observed[APIResource()]?.api.apiId else { return }
        try await APIResource.deleting { try await context.clients.apiGateway.deleteStage(apiID, stageName: "$default", logger: context.logger) }
    }
}

extension ResourceKind {
    package static let stage = ResourceKind("stage")
}
