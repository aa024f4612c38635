import AWSTransport
import Logging

/// The Cognito user pool operations hoist uses for `auth: {type: cognito}`, one method per operation of the
/// 2016-04-18 model (json 1.1, `AWSCognitoIdentityProviderService.<Op>`).
package struct CognitoClient: Sendable {
    package let client: AWSClient
    package init(client: AWSClient) { self.client = client }

    /// Pool names are not unique: a create is never sent twice on a lost answer (the engine looks first).
    package func createUserPool(name: String, tags: [String: String], logger: Logger) async throws -> UserPool {
        let output: UserPoolOutput = try await call("CreateUserPool", CreateUserPoolInput(poolName: name, userPoolTags: tags), idempotent: false, logger: logger)
        return output.userPool
    }

    /// `nil` when the pool does not exist.
    package func describeUserPool(_ id: String, logger: Logger) async throws -> UserPool? {
        do {
            let output: UserPoolOutput = try await call("DescribeUserPool", UserPoolIDInput(userPoolId: id), logger: logger)
            return output.userPool
        } catch CognitoError.resourceNotFound {
            return nil
        }
    }

    /// Every pool of the account in the region, every page (sixty a page, the model's maximum).
    package func listUserPools(logger: Logger) async throws -> [UserPoolSummary] {
        var pools: [UserPoolSummary] = []
        var nextToken: String?
        repeat {
            let page: ListUserPoolsOutput = try await call("ListUserPools", ListUserPoolsInput(maxResults: 60, nextToken: nextToken), logger: logger)
            pools += page.userPools ?? []
            nextToken = page.nextToken
        } while nextToken != nil
        return pools
    }

    package func deleteUserPool(_ id: String, logger: Logger) async throws {
        let _: EmptyShape = try await call("DeleteUserPool", UserPoolIDInput(userPoolId: id), logger: logger)
    }

    /// A public client (no secret: a browser or a CLI holds it) that signs users in with SRP or a refresh token.
    package func createUserPoolClient(poolID: String, name: String, logger: Logger) async throws -> UserPoolClient {
        let input = CreateUserPoolClientInput(
            userPoolId: poolID, clientName: name, generateSecret: false, explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
        let output: UserPoolClientOutput = try await call("CreateUserPoolClient", input, idempotent: false, logger: logger)
        return output.userPoolClient
    }

    /// Every client of the pool, every page; `nil` when the pool does not exist.
    package func listUserPoolClients(poolID: String, logger: Logger) async throws -> [UserPoolClientSummary]? {
        var clients: [UserPoolClientSummary] = []
        var nextToken: String?
        do {
            repeat {
                let page: ListUserPoolClientsOutput = try await call(
                    "ListUserPoolClients", ListUserPoolClientsInput(userPoolId: poolID, maxResults: 60, nextToken: nextToken), logger: logger)
                clients += page.userPoolClients ?? []
                nextToken = page.nextToken
            } while nextToken != nil
        } catch CognitoError.resourceNotFound {
            return nil
        }
        return clients
    }

    package func deleteUserPoolClient(poolID: String, clientID: String, logger: Logger) async throws {
        let _: EmptyShape = try await call("DeleteUserPoolClient", UserPoolClientIDInput(userPoolId: poolID, clientId: clientID), logger: logger)
    }

    private func call<Output: Decodable>(_ operation: String, _ input: some Encodable & Sendable, idempotent: Bool = true, logger: Logger) async throws -> Output {
        do {
            return try await client.json(.cognitoIdentityProvider, operation, input, idempotent: idempotent, logger: logger)
        } catch let error as AWSServiceError {
            throw CognitoError(error)
        }
    }
}

/// The Cognito error codes hoist acts on.
package enum CognitoError: AWSServiceErrorWrapping, Equatable, CustomStringConvertible {
    case resourceNotFound(AWSServiceError)
    case other(AWSServiceError)

    package init(_ error: AWSServiceError) {
        self = error.code == "ResourceNotFoundException" ? .resourceNotFound(error) : .other(error)
    }

    /// The answer as AWS gave it (operation, status, code, request id), whichever case it became.
    package var serviceError: AWSServiceError {
        switch self {
        case .resourceNotFound(let error), .other(let error): error
        }
    }

    package var description: String { serviceError.description }
}
