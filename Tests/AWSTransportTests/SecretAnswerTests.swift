import AWSQuery
import AWSSSO
import AWSSigV4
import AWSTransport
import HoistTestSupport
import Logging
import Testing

/// A credential call's answer never reaches an error, even one that does not parse; other answers still say
/// what came instead, which is how a wrong endpoint is recognised.
@Suite("answers that carry credentials stay out of errors")
struct SecretAnswerTests {
    let retry = AWSClientRetryTests()
    static let leaked = "<AssumeRoleResponse><Credentials><SecretAccessKey>LEAKED-SECRET</SecretAccessKey><SessionToken>LEAKED-TOKEN"

    @Test("an STS AssumeRole answer that does not parse is withheld; a GetCallerIdentity one is quoted")
    func withheld() async throws {
        try await withTestHTTPServer(handler: { _, _ in CannedResponse(body: Self.leaked) }) { server in
            let client = retry.client(server)
            do {
                _ = try await client.query(.sts, "AssumeRole", [("RoleArn", "arn:aws:iam::1:role/r")], logger: Logger(label: "test"))
                Issue.record("a broken answer was accepted")
            } catch {
                #expect(!"\(error)".contains("LEAKED"), "\(error)")
                #expect("\(error)".contains("withheld: this answer carries credentials"), "\(error)")
            }
            do {
                _ = try await client.query(.sts, "GetCallerIdentity", logger: Logger(label: "test"))
                Issue.record("a broken answer was accepted")
            } catch {
                #expect("\(error)".contains("body starts: <AssumeRoleResponse>"), "\(error)")
            }
        }
    }

    /// IAM Identity Center's two calls a login makes: the role's keys, and a refreshed token.
    static let loginCalls: [(String, @Sendable (AWSClient) async throws -> Void)] = [
        ("sso GetRoleCredentials", { client in
            _ = try await SSOClient(client: client).getRoleCredentials(accountID: "111122223333", roleName: "Deployer", accessToken: "token", logger: Logger(label: "test"))
        }),
        ("sso-oidc CreateToken", { client in
            _ = try await SSOOIDCClient(client: client).refreshToken(clientID: "c", clientSecret: "s", refreshToken: "r", logger: Logger(label: "test"))
        }),
    ]

    @Test("an IAM Identity Center answer that does not parse is withheld", arguments: 0..<2)
    func loginWithheld(call: Int) async throws {
        let (name, send) = Self.loginCalls[call]
        let broken = #"{"roleCredentials":{"accessKeyId":"AKLEAK","secretAccessKey":"LEAKED-SECRET","sessionToken":"LEAKED-TOKEN""#
        try await withTestHTTPServer(handler: { _, _ in CannedResponse(body: broken) }) { server in
            do {
                try await send(retry.client(server))
                Issue.record("\(name): a broken answer was accepted")
            } catch {
                #expect(!"\(error)".contains("LEAKED"), "\(name): \(error)")
                #expect("\(error)".contains("withheld: this answer carries credentials"), "\(name): \(error)")
            }
        }
    }
}
