import AWSTransport
import Logging

/// IAM Identity Center's portal: the one operation a login needs, from the 2019-06-10 model. It is sent
/// unsigned with the user's access token as a bearer header (`authtype: none`).
package struct SSOClient: Sendable {
    package let client: AWSClient
    package init(client: AWSClient) { self.client = client }

    /// `GetRoleCredentials`: the role's temporary keys for the signed-in user.
    package func getRoleCredentials(accountID: String, roleName: String, accessToken: String, logger: Logger) async throws -> RoleCredentials {
        let output: GetRoleCredentialsOutput = try await client.restJSON(
            .sso, "GetRoleCredentials", method: "GET", path: "/federation/credentials", query: [("account_id", accountID), ("role_name", roleName)],
            headers: [(name: "x-amz-sso_bearer_token", value: accessToken)], signed: false, logger: logger)
        return output.roleCredentials
    }
}

package struct RoleCredentials: Decodable, Sendable, Equatable {
    package var accessKeyId: String
    package var secretAccessKey: String
    package var sessionToken: String?
    /// Milliseconds since 1970.
    package var expiration: Int64
}

struct GetRoleCredentialsOutput: Decodable {
    var roleCredentials: RoleCredentials
}

/// IAM Identity Center's OIDC service: refreshes an access token with the refresh token `aws sso login`
/// cached (`CreateToken`, grant `refresh_token`; unsigned, the client secret is the proof).
package struct SSOOIDCClient: Sendable {
    package let client: AWSClient
    package init(client: AWSClient) { self.client = client }

    package func refreshToken(clientID: String, clientSecret: String, refreshToken: String, logger: Logger) async throws -> CreateTokenOutput {
        try await client.restJSON(
            .ssoOIDC, "CreateToken", method: "POST", path: "/token",
            body: CreateTokenInput(clientId: clientID, clientSecret: clientSecret, grantType: "refresh_token", refreshToken: refreshToken), signed: false,
            logger: logger)
    }
}

struct CreateTokenInput: Encodable {
    var clientId: String
    var clientSecret: String
    var grantType: String
    var refreshToken: String
}

package struct CreateTokenOutput: Decodable, Sendable, Equatable {
    package var accessToken: String
    /// Seconds from now.
    package var expiresIn: Int
    /// A new refresh token, when the service rotates it.
    package var refreshToken: String?
}
