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
        async let api = readAPI(spec, recordedID: state?.resources[ResourceKind.api.rawValue]?.id)
        (observed.role, observed.rolePolicy, observed.attachedPolicies) = try await role
        observed.table = try await table
        observed.functionLogGroup = try await functionLogGroup
        observed.apiLogGroup = try await apiLogGroup
        (observed.function, observed.functionPolicy) = try await function
        (observed.api, observed.integration, observed.route, observed.stage) = try await api
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

    private func readAPI(_ spec: StackSpec, recordedID: String?) async throws -> (Api?, Integration?, Route?, Stage?) {
        if let recordedID {
            async let recorded = clients.apiGateway.getApi(recordedID, logger: logger)
            async let parts = readAPIParts(recordedID, spec)
            if let api = try await recorded {
                let (integration, route, stage) = try await parts
                return (api, integration, route, stage)
            }
        }
        guard let api = try await findAPI(spec, recordedID: nil) else { return (nil, nil, nil, nil) }
        let (integration, route, stage) = try await readAPIParts(api.apiId, spec)
        return (api, integration, route, stage)
    }

    /// The integration that targets this stack's function (else the first), the `$default` route and stage.
    private func readAPIParts(_ apiID: String, _ spec: StackSpec) async throws -> (Integration?, Route?, Stage?) {
        do {
            async let integrations = clients.apiGateway.getIntegrations(apiID, logger: logger)
            async let routes = clients.apiGateway.getRoutes(apiID, logger: logger)
            async let stage = clients.apiGateway.getStage(apiID, stageName: "$default", logger: logger)
            let allIntegrations = try await integrations
            let functionSuffix = ":function:\(spec.functionName)"
            let integration = allIntegrations.first { $0.integrationUri?.hasSuffix(functionSuffix) == true } ?? allIntegrations.first
            return (integration, try await routes.first { $0.routeKey == "$default" }, try await stage)
        } catch APIGatewayV2Error.notFound {
            return (nil, nil, nil)
        }
    }

    /// The API by the id hoist recorded, else by name and hoist's tags, so a lost state file is adopted.
    func findAPI(_ spec: StackSpec, recordedID: String?) async throws -> Api? {
        if let recordedID, let api = try await clients.apiGateway.getApi(recordedID, logger: logger) { return api }
        var nextToken: String?
        repeat {
            let page = try await clients.apiGateway.getApis(nextToken: nextToken, logger: logger)
            if let match = page.items?.first(where: { $0.name == spec.apiName && ($0.tags?["hoist:env"] ?? spec.environment) == spec.environment }) {
                return match
            }
            nextToken = page.nextToken
        } while nextToken != nil
        return nil
    }
}
