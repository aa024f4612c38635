import AWSQuery
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
}
