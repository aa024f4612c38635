import AWSAPIGatewayV2
import AWSDynamoDB
import AWSLogs
import AWSIAM
import AWSLambda
import Logging

/// Reads what exists, all independent reads at once. Only reads: a run that changes nothing makes no
/// mutating call.
package struct Observer: Sendable {
    package var clients: StackClients
    package var logger: Logger

    package init(clients: StackClients, logger: Logger) {
        self.clients = clients
        self.logger = logger
    }

    /// For what the state file records, every read goes out in one round: the names of the role's policies
    /// and of the function's policy are known from the spec, and the API's parts from the recorded id, so
    /// nothing waits for another answer. What it does not record (a first deploy, a lost state file) is read
    /// in two: the resource, then its parts only if it exists, so a first deploy asks nothing about
    /// resources that are not there.
    ///
    /// - Parameter account: when known, picks the integration that targets this stack's function; `nil` while
    ///   the caller's identity is still being read in parallel.
    package func observe(_ spec: StackSpec, account: String?, state: StateFile?) async throws -> ObservedStack {
        var observed = ObservedStack(account: account ?? "")
        let clients = clients
        let logger = logger
        let recorded = state?.resources ?? [:]
        async let role = readRole(spec, recorded: recorded[ResourceKind.role.rawValue] != nil)
        async let table = clients.dynamoDB.describeTable(spec.tableName, logger: logger)
        async let functionLogGroup = clients.logs.logGroup(named: spec.functionLogGroup, logger: logger)
        async let apiLogGroup = clients.logs.logGroup(named: spec.apiLogGroup, logger: logger)
        async let function = readFunction(spec, recorded: recorded[ResourceKind.function.rawValue] != nil)
        async let api = readAPI(spec, state: state)
        (observed.role, observed.rolePolicy, observed.attachedPolicies) = try await role
        // A table being deleted is as good as gone: planning it as present would report a stack that
        // vanishes seconds later. It is planned for what it will become (absent), and its create waits.
        let described = try await table
        observed.tableDeleting = described?.tableStatus == .deleting
        observed.table = observed.tableDeleting ? nil : described
        observed.functionLogGroup = try await functionLogGroup
        observed.apiLogGroup = try await apiLogGroup
        (observed.function, observed.functionPolicy) = try await function
        (observed.api, observed.integration, observed.route, observed.stage, observed.orphans) = try await api
        return observed
    }

    /// With `recorded`, the role's policies are read at once with it; without (a first deploy, most likely),
    /// only once it turns out to exist, rather than asking for the policies of a role that is not there.
    private func readRole(_ spec: StackSpec, recorded: Bool) async throws -> (Role?, policy: String?, attached: [String]) {
        guard recorded else {
            guard let role = try await clients.iam.getRole(spec.roleName, logger: logger) else { return (nil, nil, []) }
            let (policy, attached) = try await readRolePolicies(spec)
            return (role, policy, attached)
        }
        async let role = clients.iam.getRole(spec.roleName, logger: logger)
        async let policies = readRolePolicies(spec)
        guard let role = try await role else { return (nil, nil, []) }
        let (policy, attached) = try await policies
        return (role, policy, attached)
    }

    private func readRolePolicies(_ spec: StackSpec) async throws -> (policy: String?, attached: [String]) {
        async let policy = clients.iam.getRolePolicy(spec.roleName, policyName: StackSpec.inlinePolicyName, logger: logger)
        async let attached = attachedPolicies(spec.roleName)
        return (try await policy, try await attached)
    }

    private func attachedPolicies(_ roleName: String) async throws -> [String] {
        do {
            return try await clients.iam.listAttachedRolePolicies(roleName, logger: logger)
        } catch IAMError.noSuchEntity {
            return []
        }
    }

    /// Like `readRole`: the function's policy at once only when the state file records the function.
    private func readFunction(_ spec: StackSpec, recorded: Bool) async throws -> (FunctionConfiguration?, policy: String?) {
        guard recorded else {
            guard let function = try await clients.lambda.getFunctionConfiguration(spec.functionName, logger: logger) else { return (nil, nil) }
            return (function, try await clients.lambda.getPolicy(spec.functionName, logger: logger)?.policy)
        }
        async let function = clients.lambda.getFunctionConfiguration(spec.functionName, logger: logger)
        async let policy = clients.lambda.getPolicy(spec.functionName, logger: logger)
        guard let function = try await function else { return (nil, nil) }
        return (function, try await policy?.policy)
    }

    /// The environment's API with its parts, and what hoist made for it that the stack does not use.
    ///
    /// The account's APIs are listed on every run, beside the reads of the recorded API's parts, so a second
    /// API of this name and tags (a create whose answer was lost) is found without waiting for anything.
    private func readAPI(_ spec: StackSpec, state: StateFile?) async throws -> (Api?, Integration?, Route?, Stage?, [Orphan]) {
        let recordedID = state?.resources[ResourceKind.api.rawValue]?.id
        let recordedIntegration = state?.resources[ResourceKind.integration.rawValue]?.id
        async let listed = namedAPIs(spec)
        var recordedAPI: Api?
        var parts: APIParts?
        if let recordedID {
            async let recorded = clients.apiGateway.getApi(recordedID, logger: logger)
            async let recordedParts = readAPIParts(recordedID, spec, recordedIntegration: recordedIntegration)
            recordedAPI = try await recorded
            if recordedAPI != nil { parts = try await recordedParts }
        }
        let candidates = try await listed
        // The recorded API as already read, else the oldest of those found.
        guard let api = parts == nil ? Self.oldest(candidates) : recordedAPI else { return (nil, nil, nil, nil, []) }
        if parts == nil { parts = try await readAPIParts(api.apiId, spec, recordedIntegration: recordedIntegration) }
        let orphanAPIs = candidates.filter { $0.apiId != api.apiId && Self.taggedByHoist($0, spec) }.map {
            Orphan(kind: .api, id: $0.apiId, apiID: $0.apiId, name: $0.name)
        }
        guard let parts else { return (api, nil, nil, nil, orphanAPIs) }
        return (api, parts.integration, parts.route, parts.stage, orphanAPIs + parts.orphans)
    }

    private struct APIParts {
        var integration: Integration?
        var route: Route?
        var stage: Stage?
        var orphans: [Orphan]
    }

    /// The integration the stack uses (the recorded one, else the one the `$default` route targets, else one
    /// that targets this stack's function), the `$default` route and stage; a second `$default` route and an
    /// integration that no remaining route targets are orphans.
    private func readAPIParts(_ apiID: String, _ spec: StackSpec, recordedIntegration: String?) async throws -> APIParts? {
        do {
            async let integrations = clients.apiGateway.getIntegrations(apiID, logger: logger)
            async let routes = clients.apiGateway.getRoutes(apiID, logger: logger)
            async let stage = clients.apiGateway.getStage(apiID, stageName: "$default", logger: logger)
            let allIntegrations = try await integrations
            let allRoutes = try await routes
            let functionSuffix = ":function:\(spec.functionName)"
            let targeted = Set(allRoutes.compactMap(Self.integrationID))
            let integration =
                allIntegrations.first { $0.integrationId == recordedIntegration }
                ?? allIntegrations.first { targeted.contains($0.integrationId) && $0.integrationUri?.hasSuffix(functionSuffix) == true }
                ?? allIntegrations.first { $0.integrationUri?.hasSuffix(functionSuffix) == true } ?? allIntegrations.first
            let defaultRoutes = allRoutes.filter { $0.routeKey == "$default" }
            let route = defaultRoutes.first { $0.target == integration.map { "integrations/\($0.integrationId)" } } ?? defaultRoutes.first
            let extraRoutes = defaultRoutes.filter { $0.routeId != route?.routeId }
            let stillTargeted = Set(allRoutes.filter { candidate in !extraRoutes.contains { $0.routeId == candidate.routeId } }.compactMap(Self.integrationID))
            var orphans = extraRoutes.map { Orphan(kind: .route, id: $0.routeId, apiID: apiID, name: $0.routeKey) }
            orphans += allIntegrations.filter { $0.integrationId != integration?.integrationId && !stillTargeted.contains($0.integrationId) }.map {
                Orphan(kind: .integration, id: $0.integrationId, apiID: apiID, name: $0.integrationUri ?? $0.integrationId)
            }
            return APIParts(integration: integration, route: route, stage: try await stage, orphans: orphans)
        } catch APIGatewayV2Error.notFound {
            return nil
        }
    }

    /// The integration a route targets (`integrations/<id>`).
    private static func integrationID(_ route: Route) -> String? {
        guard let target = route.target, target.hasPrefix("integrations/") else { return nil }
        return String(target.dropFirst("integrations/".count))
    }

    /// Every API of the account with the environment's name whose `hoist:env` tag is this environment (or
    /// that has no such tag: one made before hoist tagged, adopted but never removed).
    private func namedAPIs(_ spec: StackSpec) async throws -> [Api] {
        var found: [Api] = []
        var nextToken: String?
        repeat {
            let page = try await clients.apiGateway.getApis(nextToken: nextToken, logger: logger)
            found += (page.items ?? []).filter { $0.name == spec.apiName && ($0.tags?["hoist:env"] ?? spec.environment) == spec.environment }
            nextToken = page.nextToken
        } while nextToken != nil
        return found
    }

    /// Without a recorded API, the oldest of those found: a lost state file adopts the original, and later
    /// duplicates become orphans.
    private static func oldest(_ candidates: [Api]) -> Api? {
        candidates.min { ($0.createdDate ?? "", $0.apiId) < ($1.createdDate ?? "", $1.apiId) }
    }

    /// Only what hoist tagged for this project and environment is ever removed as an orphan.
    static func taggedByHoist(_ api: Api, _ spec: StackSpec) -> Bool {
        api.tags?["hoist:env"] == spec.environment && api.tags?["hoist:project"] == spec.project
    }

    /// The API by the id hoist recorded, else by name and hoist's tags, so a lost state file is adopted.
    func findAPI(_ spec: StackSpec, recordedID: String?) async throws -> Api? {
        if let recordedID, let api = try await clients.apiGateway.getApi(recordedID, logger: logger) { return api }
        return Self.oldest(try await namedAPIs(spec))
    }
}
