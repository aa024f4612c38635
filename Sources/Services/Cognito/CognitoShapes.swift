/// Shapes of the Cognito user pool operations hoist uses, named as in the 2016-04-18 model. Members hoist
/// never sets or reads are left out.

package struct UserPool: Decodable, Sendable, Equatable {
    package var id: String
    package var name: String?
    package var arn: String?
    package var userPoolTags: [String: String]?
    enum CodingKeys: String, CodingKey { case id = "Id", name = "Name", arn = "Arn", userPoolTags = "UserPoolTags" }
}

package struct UserPoolSummary: Decodable, Sendable, Equatable {
    package var id: String
    package var name: String?
    enum CodingKeys: String, CodingKey { case id = "Id", name = "Name" }
}

package struct UserPoolClient: Decodable, Sendable, Equatable {
    package var userPoolId: String?
    package var clientName: String?
    package var clientId: String
    enum CodingKeys: String, CodingKey { case userPoolId = "UserPoolId", clientName = "ClientName", clientId = "ClientId" }
}

package struct UserPoolClientSummary: Decodable, Sendable, Equatable {
    package var clientId: String
    package var userPoolId: String?
    package var clientName: String?
    enum CodingKeys: String, CodingKey { case clientId = "ClientId", userPoolId = "UserPoolId", clientName = "ClientName" }
}

struct CreateUserPoolInput: Encodable, Sendable {
    var poolName: String
    var userPoolTags: [String: String]
    enum CodingKeys: String, CodingKey { case poolName = "PoolName", userPoolTags = "UserPoolTags" }
}

struct UserPoolIDInput: Encodable, Sendable {
    var userPoolId: String
    enum CodingKeys: String, CodingKey { case userPoolId = "UserPoolId" }
}

struct UserPoolOutput: Decodable, Sendable {
    var userPool: UserPool
    enum CodingKeys: String, CodingKey { case userPool = "UserPool" }
}

struct ListUserPoolsInput: Encodable, Sendable {
    var maxResults: Int
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case maxResults = "MaxResults", nextToken = "NextToken" }
}

struct ListUserPoolsOutput: Decodable, Sendable {
    var userPools: [UserPoolSummary]?
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case userPools = "UserPools", nextToken = "NextToken" }
}

struct CreateUserPoolClientInput: Encodable, Sendable {
    var userPoolId: String
    var clientName: String
    var generateSecret: Bool
    var explicitAuthFlows: [String]
    enum CodingKeys: String, CodingKey {
        case userPoolId = "UserPoolId", clientName = "ClientName", generateSecret = "GenerateSecret", explicitAuthFlows = "ExplicitAuthFlows"
    }
}

struct UserPoolClientOutput: Decodable, Sendable {
    var userPoolClient: UserPoolClient
    enum CodingKeys: String, CodingKey { case userPoolClient = "UserPoolClient" }
}

struct ListUserPoolClientsInput: Encodable, Sendable {
    var userPoolId: String
    var maxResults: Int
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case userPoolId = "UserPoolId", maxResults = "MaxResults", nextToken = "NextToken" }
}

struct ListUserPoolClientsOutput: Decodable, Sendable {
    var userPoolClients: [UserPoolClientSummary]?
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case userPoolClients = "UserPoolClients", nextToken = "NextToken" }
}

struct UserPoolClientIDInput: Encodable, Sendable {
    var userPoolId: String
    var clientId: String
    enum CodingKeys: String, CodingKey { case userPoolId = "UserPoolId", clientId = "ClientId" }
}
