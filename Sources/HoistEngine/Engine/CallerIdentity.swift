import AWSSTS
import AWSTransport
import Logging

/// Who a set of credentials belongs to, as `hoist whoami` shows it. It needs no hoist.yml, so it is asked of
/// the engine without an `Engine`; the CLI sees the engine's value, never STS's shapes.
package struct CallerIdentity: Sendable, Equatable {
    package var account: String
    package var arn: String
    package var userID: String

    /// One STS `GetCallerIdentity`: the one call every credential may make, whatever its policies.
    package static func read(_ client: AWSClient, logger: Logger) async throws -> CallerIdentity {
        let identity = try await STSClient(client: client).getCallerIdentity(logger: logger)
        return CallerIdentity(account: identity.account, arn: identity.arn, userID: identity.userID)
    }
}
