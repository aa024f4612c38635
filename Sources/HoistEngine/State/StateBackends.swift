import AWSS3
import AWSSTS
import AWSTransport
import Foundation
import Logging

/// Where an environment's state is kept, as hoist.yml's `state` says: the CLI asks here, so it never builds
/// a service client itself.
package enum StateBackends {
    /// `state/` beside the project, or the team's S3 object when hoist.yml's `state` names a bucket (in its
    /// own region when it gives one, through the same endpoint settings and credentials as every other call).
    package static func backend(_ config: HoistConfig, environment: String, root: URL, client: AWSClient, logger: Logger) -> any StateBackend {
        guard let remote = config.state else { return local(project: config.projectName, environment: environment, root: root) }
        var endpoints = client.endpoints
        endpoints.region = remote.region ?? client.region
        let bucketClient = AWSClient(
            transport: client.transport, credentialProvider: client.credentialProvider, endpoints: endpoints, signing: client.signing, retryPolicy: client.retryPolicy,
            timeout: client.timeout)
        // The bucket must be the team's: hoist.yml's bucket_owner, else the deploying account's, asked of STS once.
        let owner = BucketOwner { try await STSClient(client: client).getCallerIdentity(logger: logger).account }
        let s3 = S3Client(client: bucketClient) {
            if let named = remote.bucketOwner { return named }
            return try await owner.value()
        }
        return S3StateStore(s3: s3, bucket: remote.bucket, prefix: remote.key, project: config.projectName, environment: environment, logger: logger)
    }

    /// The local state file of an environment, `state/<project>-<env>.json` under `root`.
    package static func local(project: String, environment: String, root: URL) -> StateStore {
        StateStore(directory: root.appendingPathComponent("state"), project: project, environment: environment)
    }
}

/// The deploying account, asked once however many state requests need it.
actor BucketOwner {
    private var known: String?
    private let ask: @Sendable () async throws -> String

    init(_ ask: @escaping @Sendable () async throws -> String) { self.ask = ask }

    func value() async throws -> String {
        if let known { return known }
        let account = try await ask()
        known = account
        return account
    }
}
