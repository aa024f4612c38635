import AWSTransport
import Logging

/// The API Gateway v2 (HTTP API) operations hoist uses, one method per operation of the 2018-11-29 model.
/// It signs as `apigateway`: the model's `signingName`.
package struct APIGatewayV2Client: Sendable {
    package let client: AWSClient
    package init(client: AWSClient) { self.client = client }

    package func createApi(_ input: CreateApiInput, logger: Logger) async throws -> Api {
        try await call("CreateApi", "POST", AWSRequest.path("v2", "apis"), body: input, idempotent: false, logger: logger)
    }

    /// `nil` when there is no such API.
    package func getApi(_ apiId: String, logger: Logger) async throws -> Api? {
        try await notFoundAsNil { try await call("GetApi", "GET", AWSRequest.path("v2", "apis", apiId), logger: logger) }
    }

    /// One page of the account's APIs in the region; pass the previous page's `nextToken` for the next.
    package func getApis(nextToken: String? = nil, logger: Logger) async throws -> GetApisOutput {
        try await call("GetApis", "GET", AWSRequest.path("v2", "apis"), query: nextToken.map { [("nextToken", $0)] } ?? [], logger: logger)
    }

    package func updateApi(_ apiId: String, _ input: UpdateApiInput, logger: Logger) async throws -> Api {
        try await call("UpdateApi", "PATCH", AWSRequest.path("v2", "apis", apiId), body: input, logger: logger)
    }

    /// Removes the API's CORS configuration (`UpdateApi` without one leaves it as it was).
    package func deleteCorsConfiguration(_ apiId: String, logger: Logger) async throws {
        let _: EmptyShape = try await call("DeleteCorsConfiguration", "DELETE", AWSRequest.path("v2", "apis", apiId, "cors"), logger: logger)
    }

    package func deleteApi(_ apiId: String, logger: Logger) async throws {
        let _: EmptyShape = try await call("DeleteApi", "DELETE", AWSRequest.path("v2", "apis", apiId), logger: logger)
    }

    package func createIntegration(_ apiId: String, _ input: CreateIntegrationInput, logger: Logger) async throws -> Integration {
        try await call("CreateIntegration", "POST", AWSRequest.path("v2", "apis", apiId, "integrations"), body: input, idempotent: false, logger: logger)
    }

    package func getIntegrations(_ apiId: String, logger: Logger) async throws -> [Integration] {
        let output: GetIntegrationsOutput = try await call("GetIntegrations", "GET", AWSRequest.path("v2", "apis", apiId, "integrations"), logger: logger)
        return output.items ?? []
    }

    package func updateIntegration(_ apiId: String, integrationId: String, _ input: CreateIntegrationInput, logger: Logger) async throws -> Integration {
        try await call("UpdateIntegration", "PATCH", AWSRequest.path("v2", "apis", apiId, "integrations", integrationId), body: input, logger: logger)
    }

    package func deleteIntegration(_ apiId: String, integrationId: String, logger: Logger) async throws {
        let _: EmptyShape = try await call("DeleteIntegration", "DELETE", AWSRequest.path("v2", "apis", apiId, "integrations", integrationId), logger: logger)
    }

    package func createRoute(_ apiId: String, _ input: CreateRouteInput, logger: Logger) async throws -> Route {
        try await call("CreateRoute", "POST", AWSRequest.path("v2", "apis", apiId, "routes"), body: input, idempotent: false, logger: logger)
    }

    package func getRoutes(_ apiId: String, logger: Logger) async throws -> [Route] {
        let output: GetRoutesOutput = try await call("GetRoutes", "GET", AWSRequest.path("v2", "apis", apiId, "routes"), logger: logger)
        return output.items ?? []
    }

    package func updateRoute(_ apiId: String, routeId: String, _ input: CreateRouteInput, logger: Logger) async throws -> Route {
        try await call("UpdateRoute", "PATCH", AWSRequest.path("v2", "apis", apiId, "routes", routeId), body: input, logger: logger)
    }

    package func deleteRoute(_ apiId: String, routeId: String, logger: Logger) async throws {
        let _: EmptyShape = try await call("DeleteRoute", "DELETE", AWSRequest.path("v2", "apis", apiId, "routes", routeId), logger: logger)
    }

    package func createAuthorizer(_ apiId: String, _ input: AuthorizerInput, logger: Logger) async throws -> Authorizer {
        try await call("CreateAuthorizer", "POST", AWSRequest.path("v2", "apis", apiId, "authorizers"), body: input, idempotent: false, logger: logger)
    }

    package func getAuthorizers(_ apiId: String, logger: Logger) async throws -> [Authorizer] {
        let output: GetAuthorizersOutput = try await call("GetAuthorizers", "GET", AWSRequest.path("v2", "apis", apiId, "authorizers"), logger: logger)
        return output.items ?? []
    }

    package func updateAuthorizer(_ apiId: String, authorizerId: String, _ input: AuthorizerInput, logger: Logger) async throws -> Authorizer {
        try await call("UpdateAuthorizer", "PATCH", AWSRequest.path("v2", "apis", apiId, "authorizers", authorizerId), body: input, logger: logger)
    }

    package func deleteAuthorizer(_ apiId: String, authorizerId: String, logger: Logger) async throws {
        let _: EmptyShape = try await call("DeleteAuthorizer", "DELETE", AWSRequest.path("v2", "apis", apiId, "authorizers", authorizerId), logger: logger)
    }

    package func createStage(_ apiId: String, _ input: CreateStageInput, logger: Logger) async throws -> Stage {
        try await call("CreateStage", "POST", AWSRequest.path("v2", "apis", apiId, "stages"), body: input, idempotent: false, logger: logger)
    }

    /// `nil` when there is no such stage. `$default` is percent-encoded in the path, as AWS requires.
    package func getStage(_ apiId: String, stageName: String, logger: Logger) async throws -> Stage? {
        try await notFoundAsNil { try await call("GetStage", "GET", AWSRequest.path("v2", "apis", apiId, "stages", stageName), logger: logger) }
    }

    package func updateStage(_ apiId: String, stageName: String, _ input: UpdateStageInput, logger: Logger) async throws -> Stage {
        try await call("UpdateStage", "PATCH", AWSRequest.path("v2", "apis", apiId, "stages", stageName), body: input, logger: logger)
    }

    package func deleteStage(_ apiId: String, stageName: String, logger: Logger) async throws {
        let _: EmptyShape = try await call("DeleteStage", "DELETE", AWSRequest.path("v2", "apis", apiId, "stages", stageName), logger: logger)
    }

    private func call<Output: Decodable>(
        _ operation: String, _ method: String, _ path: String, query: [(String, String)] = [], body: (some Encodable & Sendable)? = Optional<EmptyShape>.none,
        idempotent: Bool = true, logger: Logger
    ) async throws -> Output {
        try await restCall(operation, method, path, query: query, body: body, idempotent: idempotent, logger: logger)
    }

    /// One call, its failure typed as `APIGatewayV2Error`.
    func restCall<Output: Decodable>(
        _ operation: String, _ method: String, _ path: String, query: [(String, String)] = [], body: (some Encodable & Sendable)? = Optional<EmptyShape>.none,
        idempotent: Bool = true, logger: Logger
    ) async throws -> Output {
        do {
            return try await client.restJSON(.apiGatewayV2, operation, method: method, path: path, query: query, body: body, idempotent: idempotent, logger: logger)
        } catch let error as AWSServiceError {
            throw APIGatewayV2Error(error)
        }
    }

    private func notFoundAsNil<T>(_ body: () async throws -> T) async throws -> T? {
        do {
            return try await body()
        } catch APIGatewayV2Error.notFound {
            return nil
        }
    }
}

/// The API Gateway v2 error codes hoist acts on.
package enum APIGatewayV2Error: AWSServiceErrorWrapping, Equatable, CustomStringConvertible {
    case notFound(AWSServiceError)
    case conflict(AWSServiceError)
    case other(AWSServiceError)

    package init(_ error: AWSServiceError) {
        switch error.code {
        case "NotFoundException": self = .notFound(error)
        case "ConflictException": self = .conflict(error)
        default: self = .other(error)
        }
    }

    /// The answer as AWS gave it (operation, status, code, request id), whichever case it became.
    package var serviceError: AWSServiceError {
        switch self {
        case .notFound(let error), .conflict(let error), .other(let error): error
        }
    }

    package var description: String { serviceError.description }
}
