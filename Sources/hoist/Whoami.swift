import AWSCredentialChain
import AWSTransport
import ArgumentParser
import Foundation
import HoistEngine

extension Hoist {
    /// Proves the credentials, region and endpoint before anything is deployed.
    struct Whoami: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the AWS identity, region and endpoint hoist would use.",
            discussion: "Example: hoist whoami --profile prod")

        @OptionGroup var aws: AWSOptions

        @Flag(help: "Print JSON instead of text.")
        var json = false

        struct Output: Encodable {
            var account: String
            var arn: String
            var userId: String
            var region: String
            var endpoint: String
            var credentials: String
            /// When temporary credentials end (ISO 8601); absent for long-term keys.
            var expires: String?
        }

        func run() async throws {
            let context = try aws.context()
            let identity: CallerIdentity
            do {
                identity = try await CallerIdentity.read(context.client, logger: context.logger)
            } catch {
                throw await HoistError.explaining(error, context: context)
            }
            let output = Output(
                account: identity.account, arn: identity.arn, userId: identity.userID, region: context.client.region,
                endpoint: try context.client.endpoints.endpoint(for: .sts).description, credentials: try await context.credentials.source(),
                expires: await context.credentials.expiration()?.formatted(.iso8601))
            if json {
                try printJSON(output)
            } else {
                print(
                    """
                    account      \(output.account)
                    arn          \(output.arn)
                    user id      \(output.userId)
                    region       \(output.region)
                    endpoint     \(output.endpoint)
                    credentials  \(output.credentials)
                    """ + (output.expires.map { "\nexpires      \($0)" } ?? ""))
            }
        }
    }
}
