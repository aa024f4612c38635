import AWSCredentialChain
import AWSSigV4
import AWSSigV4BoringSSL
import AWSTransport
import AsyncHTTPTransport
import ArgumentParser
import Foundation
import Logging

/// The flags every command that talks to AWS shares.
struct AWSOptions: ParsableArguments {
    @Option(help: "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region).")
    var region: String?

    @Option(help: "Profile in ~/.aws/credentials and ~/.aws/config (default: AWS_PROFILE, then 'default').")
    var profile: String?

    @Option(name: .customLong("endpoint-url"), help: "Send every AWS call here, e.g. a local moto server (default: AWS_ENDPOINT_URL).")
    var endpointURL: String?

    @Option(help: "The current code of the MFA device a profile's role needs (mfa_serial; default: HOIST_MFA_CODE); without it hoist asks on the terminal.")
    var mfaCode: String?

    @Flag(name: .shortAndLong, help: "Log each AWS call and retry to stderr.")
    var verbose = false

    @Flag(help: "Log canonical requests and strings to sign too (secrets are never logged).")
    var debug = false

    /// A malformed endpoint is a usage mistake, refused with the usage before anything runs.
    func validate() throws {
        if let endpointURL, Endpoint(url: endpointURL, signingRegion: "us-east-1") == nil {
            throw ValidationError("--endpoint-url '\(endpointURL)' is not an http(s) URL without a query; pass one like http://127.0.0.1:5000")
        }
    }

    /// Resolves region, endpoints and credentials once, from these flags over the process environment.
    func context(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AWSContext {
        var environment = environment
        let region = try RegionResolver.resolve(flag: region, environment: environment, profile: profile)
        if let endpointURL { environment["AWS_ENDPOINT_URL"] = endpointURL }
        var logger = Logger(label: "hoist") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = debug ? .trace : verbose ? .debug : .warning
        let code = mfaCode ?? environment["HOIST_MFA_CODE"].flatMap { $0.isEmpty ? nil : $0 }
        let credentials = CredentialChain(environment: environment, profile: profile, region: region, logger: logger, mfaCode: code.map { code -> CredentialChain.MFACode in { @Sendable _ in code } })
        let endpoints = EndpointResolver(region: region, environment: environment)
        try endpoints.validateOverrides()
        // AWS_MAX_ATTEMPTS is the SDKs' setting for the standard retry mode's attempt count; without it, 3
        // attempts, and 10 when AWS throttles (control-plane rates are low and fixed).
        var retryPolicy = RetryPolicy(maxAttempts: 3, throttlingAttempts: 10)
        if let text = environment["AWS_MAX_ATTEMPTS"] {
            guard let attempts = Int(text), (1...10).contains(attempts) else {
                throw HoistError.invalidSetting(name: "AWS_MAX_ATTEMPTS", value: text, expected: "a whole number from 1 to 10")
            }
            retryPolicy.maxAttempts = attempts
            retryPolicy.throttlingAttempts = attempts
        }
        return AWSContext(
            client: AWSClient(transport: AsyncHTTPClientTransport.shared, credentialProvider: credentials, endpoints: endpoints, signing: .boringSSL, retryPolicy: retryPolicy),
            credentials: credentials, logger: logger)
    }
}

/// What a command needs to call AWS, resolved once at start-up.
struct AWSContext: Sendable {
    var client: AWSClient
    var credentials: CredentialChain
    var logger: Logger
}
