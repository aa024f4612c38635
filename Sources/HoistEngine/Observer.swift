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

    /// - Parameter account: when known, picks the integration that targets this stack's function; `nil` while
    ///   the caller's identity is still being read in parallel.
    package func observe(_ spec: StackSpec, account: String?, state: StateFile?) async throws -> ObservedStack {
        var observed = ObservedStack(account: account ?? "")
        let clients = clients
        let logger = logger
        async let role = clients.iam.getRole(spec.roleName, logger: logger)
        async let table = clients.dynamoDB.describeTable(spec.tableName, logger: logger)
        async let functionLogGroup = clients.logs.logGroup(named: spec.functionLogGroup, logger: logger)
        async let apiLogGroup = clients.logs.logGroup(named: spec.apiLogGroup, logger: logger)
        async let function = clients.lambda.getFunctionConfiguration(spec.functionName, logger: logger)
        async let api = findAPI(spec, recordedID: state?.resources[ResourceKind.api.rawValue]?.id)
        observed.role = try await role
        observed.table = try await table
        observed.functionLogGroup = try await functionLogGroup
        observed.apiLogGroup = try await apiLogGroup
        observed.function = try await function
        observed.api = try await api
        if observed.role != nil {
            async let policy = clients.iam.getRolePolicy(spec.roleName, policyName: StackSpec.inlinePolicyName, logger: logger)
            async let attached = clients.iam.listAttachedRolePolicies(spec.roleName, logger: logger)
            observed.rolePolicy = try await policy
            observed.attachedPolicies = try await attached
        }
        if observed.function != nil {
            observed.functionPolicy = try await clients.lambda.getPolicy(spec.functionName, logger: logger)?.policy
        }
        if let apiID = observed.api?.apiId {
            async let integrations = clients.apiGateway.getIntegrations(apiID, logger: logger)
            async let routes = clients.apiGateway.getRoutes(apiID, logger: logger)
            async let stage = clients.apiGateway.getStage(apiID, stageName: "$default", logger: logger)
            let allIntegrations = try await integrations
            let functionSuffix = ":function:\(spec.functionName)"
            observed.integration = allIntegrations.first { $0.integrationUri?.hasSuffix(functionSuffix) == true } ?? allIntegrations.first
            observed.route = try await routes.first { $0.routeKey == "$default" }
            observed.stage = try await stage
        }
        return observed
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
