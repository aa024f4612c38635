import AWSSigV4
import AWSTransport
import LeanHTTP
import MbedSHA256

/// An AWS client as the function's role sees AWS: the credentials and region Lambda (or `hoist local`) puts in
/// the environment, and the endpoint overrides `hoist local` sets for a local server. One place, so the table's
/// client and the parameters' client read the environment alike.
package enum FunctionAWSClient {
    /// `services`: whose `AWS_ENDPOINT_URL_<NAME>` override applies, beside `AWS_ENDPOINT_URL`.
    package static func make(_ environment: [String: String], services: [AWSService]) throws -> AWSClient {
        guard let region = environment["AWS_REGION"] else { throw LambdaRuntimeError.missingEnvironment("AWS_REGION") }
        guard let key = environment["AWS_ACCESS_KEY_ID"], let secret = environment["AWS_SECRET_ACCESS_KEY"] else {
            throw LambdaRuntimeError.missingEnvironment("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
        }
        // An empty token (as AWS's runtime emulator exports with long-term keys) is no token.
        let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        var endpoints: [String: String] = [:]
        for name in ["AWS_ENDPOINT_URL"] + services.map({ "AWS_ENDPOINT_URL_\($0.endpointEnvironmentName)" }) { endpoints[name] = environment[name] }
        return AWSClient(
            transport: LeanHTTPClient.shared,
            credentialProvider: StaticCredentialProvider(AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: token)),
            endpoints: EndpointResolver(region: region, environment: endpoints), signing: .mbedTLS)
    }
}
