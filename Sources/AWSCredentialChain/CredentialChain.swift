import AWSSTS
import AWSSigV4
import AWSSigV4BoringSSL
import AWSTransport
import AsyncHTTPTransport
import Foundation
import Logging

/// Finds credentials the way the AWS CLI does, once, and then serves (and refreshes) them, in its order:
/// environment keys; the profile's `role_arn` assumed from `source_profile` or `credential_source`; web
/// identity (`AWS_ROLE_ARN` + `AWS_WEB_IDENTITY_TOKEN_FILE`, or the profile's `web_identity_token_file`);
/// the profile's keys or `credential_process`; container credentials; EC2 instance metadata (IMDSv2).
package actor CredentialChain: CredentialProvider {
    private let environment: [String: String]
    private let profile: String?
    private let region: String
    private let logger: Logger
    private let mfaCode: MFACode?
    private let processTimeout: Duration
    private var resolved: (provider: any CredentialProvider, source: String)?

    /// - Parameters:
    ///   - profile: `--profile`; `nil` falls back to `AWS_PROFILE`, then `default`.
    ///   - region: the region to call STS in for roles.
    /// - Parameter mfaCode: the code for a role's `mfa_serial` (`--mfa-code`); without it hoist asks on the
    ///   terminal.
    /// - Parameter processTimeout: how long a `credential_process` may run.
    package init(
        environment: [String: String], profile: String? = nil, region: String, logger: Logger, mfaCode: MFACode? = nil, processTimeout: Duration = .seconds(60)
    ) {
        self.mfaCode = mfaCode
        self.processTimeout = processTimeout
        self.environment = environment
        self.profile = profile
        self.region = region
        self.logger = logger
    }

    package func credentials() async throws -> AWSCredentials {
        let chosen = try resolve()
        do {
            return try await chosen.provider.credentials()
        } catch CredentialError.endpointFailed(let source, _, _) where source == "instance metadata" && chosen.source == "instance metadata" {
            // Metadata is the last resort: off EC2 it is simply absent, and that means "no credentials".
            throw CredentialError.noCredentials
        }
    }

    /// Where the credentials come from, for `hoist whoami` (`environment`, `profile dev`, `container`, …).
    package func source() throws -> String { try resolve().source }

    /// When temporary credentials end, once they have been fetched; `nil` for long-term keys.
    package func expiration() async -> Date? {
        await (resolved?.provider as? RefreshingCredentialProvider)?.expiration
    }

    private func resolve() throws -> (provider: any CredentialProvider, source: String) {
        if let resolved { return resolved }
        let chosen = try Self.choose(environment: environment, profile: profile, region: region, logger: logger, mfaCode: mfaCode, processTimeout: processTimeout)
        logger.debug("credentials", metadata: ["source": "\(chosen.source)"])
        resolved = chosen
        return chosen
    }

    /// Gives the MFA code for a device (`mfa_serial`).
    package typealias MFACode = @Sendable (_ serial: String) throws -> String

    static func choose(
        environment: [String: String], profile: String?, region: String, logger: Logger, mfaCode: MFACode? = nil, processTimeout: Duration = .seconds(60)
    ) throws -> (provider: any CredentialProvider, source: String) {
        if let fromEnvironment = try environmentCredentials(environment) {
            return (StaticCredentialProvider(fromEnvironment), "environment")
        }
        let explicit = profile ?? environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
        let name = explicit ?? "default"
        let files = try SharedConfigFiles(environment: environment)
        let values = files.profiles[name]
        if let values, values["role_arn"] != nil, values["source_profile"] != nil || values["credential_source"] != nil {
            return (try profileProvider(name, files: files, environment: environment, region: region, logger: logger, mfaCode: mfaCode, processTimeout: processTimeout, visited: []), "profile \(name)")
        }
        // As the AWS CLI: the variables count unless --profile named a profile (AWS_PROFILE does not).
        if profile == nil, let tokenFile = environment["AWS_WEB_IDENTITY_TOKEN_FILE"].flatMap({ $0.isEmpty ? nil : $0 }),
            let roleARN = environment["AWS_ROLE_ARN"].flatMap({ $0.isEmpty ? nil : $0 })
        {
            let input = AssumeRoleInput(roleARN: roleARN, roleSessionName: environment["AWS_ROLE_SESSION_NAME"] ?? sessionName())
            return (webIdentityProvider(input, tokenFile: tokenFile, region: region, environment: environment, logger: logger), "web identity")
        }
        if values != nil {
            let provider = try profileProvider(
                name, files: files, environment: environment, region: region, logger: logger, mfaCode: mfaCode, processTimeout: processTimeout, visited: [])
            let kind = values?["web_identity_token_file"] != nil ? "web identity, " : (values?["sso_session"] ?? values?["sso_start_url"]) != nil ? "sso " : ""
            return (provider, "\(kind)profile \(name)")
        }
        if explicit != nil {
            throw CredentialError.profileNotFound(name, files: [files.credentialsPath, files.configPath])
        }
        if let container = try ContainerCredentialProvider.make(environment: environment) {
            return (container, "container")
        }
        if let instance = IMDSCredentialProvider.make(environment: environment) {
            return (instance, "instance metadata")
        }
        throw CredentialError.noCredentials
    }

    static func sessionName() -> String { "hoist-\(Int(Date().timeIntervalSince1970))" }

    /// Web identity credentials: the token file is read again at every refresh, since CI and clusters
    /// rotate it (a GitHub Actions token lives minutes).
    package static func webIdentityProvider(
        _ input: AssumeRoleInput, tokenFile: String, region: String, environment: [String: String], logger: Logger, now: @escaping @Sendable () -> Date = { Date() }
    ) -> RefreshingCredentialProvider {
        let sts = STSClient(client: .unsigned(region: region, environment: environment))
        return RefreshingCredentialProvider(now: now) {
            let token: String
            do {
                token = try String(contentsOfFile: tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw CredentialError.webIdentityToken(path: tokenFile, detail: error.localizedDescription)
            }
            guard !token.isEmpty else { throw CredentialError.webIdentityToken(path: tokenFile, detail: "the file is empty") }
            let output = try await sts.assumeRoleWithWebIdentity(input, token: token, logger: logger)
            return ExpiringCredentials(credentials: output.credentials, expiration: ExpiringCredentials.parseDate(output.expiration))
        }
    }

    static func environmentCredentials(_ environment: [String: String]) throws -> AWSCredentials? {
        let key = environment["AWS_ACCESS_KEY_ID"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = environment["AWS_SECRET_ACCESS_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        switch (key, secret) {
        case (let key?, let secret?):
            return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 })
        case (nil, nil): return nil
        case (nil, _): throw CredentialError.incompleteEnvironment(missing: "AWS_ACCESS_KEY_ID")
        case (_, nil): throw CredentialError.incompleteEnvironment(missing: "AWS_SECRET_ACCESS_KEY")
        }
    }

    static func profileProvider(
        _ name: String, files: SharedConfigFiles, environment: [String: String], region: String, logger: Logger, mfaCode: MFACode?, processTimeout: Duration,
        visited: [String]
    ) throws -> any CredentialProvider {
        guard let values = files.profiles[name] else {
            throw CredentialError.profileNotFound(name, files: [files.credentialsPath, files.configPath])
        }
        guard !visited.contains(name) else { throw CredentialError.sourceProfileCycle(visited + [name]) }
        if let roleARN = values["role_arn"] {
            let source: any CredentialProvider
            if let sourceProfile = values["source_profile"] {
                if sourceProfile == name {
                    source = StaticCredentialProvider(try staticKeys(name, values))
                } else {
                    source = try profileProvider(
                        sourceProfile, files: files, environment: environment, region: region, logger: logger, mfaCode: mfaCode, processTimeout: processTimeout,
                        visited: visited + [name])
                }
            } else if let credentialSource = values["credential_source"] {
                switch credentialSource {
                case "Environment":
                    guard let fromEnvironment = try environmentCredentials(environment) else { throw CredentialError.noCredentials }
                    source = StaticCredentialProvider(fromEnvironment)
                case "EcsContainer":
                    guard let container = try ContainerCredentialProvider.make(environment: environment) else { throw CredentialError.noCredentials }
                    source = container
                case "Ec2InstanceMetadata":
                    guard let instance = IMDSCredentialProvider.make(environment: environment) else { throw CredentialError.noCredentials }
                    source = instance
                default:
                    throw CredentialError.unsupportedCredentialSource(profile: name, source: credentialSource)
                }
            } else if let tokenFile = values["web_identity_token_file"] {
                let input = AssumeRoleInput(
                    roleARN: roleARN, roleSessionName: values["role_session_name"] ?? sessionName(), durationSeconds: values["duration_seconds"].flatMap { Int($0) })
                return webIdentityProvider(input, tokenFile: tokenFile, region: values["region"] ?? region, environment: environment, logger: logger)
            } else {
                throw CredentialError.incompleteProfile(name, missing: "source_profile, credential_source or web_identity_token_file (needed with role_arn)")
            }
            let input = AssumeRoleInput(
                roleARN: roleARN,
                roleSessionName: values["role_session_name"] ?? sessionName(),
                durationSeconds: values["duration_seconds"].flatMap { Int($0) },
                externalID: values["external_id"], serialNumber: values["mfa_serial"])
            var arguments = ["RoleArn": roleARN]
            for (key, argument) in [("role_session_name", "RoleSessionName"), ("external_id", "ExternalId"), ("mfa_serial", "SerialNumber"), ("duration_seconds", "DurationSeconds")] {
                arguments[argument] = values[key]
            }
            let cache = AssumedRoleCache(directory: "\(files.home)/.aws/cli/cache", arguments: arguments)
            let sts = STSClient(
                client: AWSClient(
                    transport: AsyncHTTPClientTransport.shared, credentialProvider: source, endpoints: EndpointResolver(region: values["region"] ?? region, environment: environment),
                    signing: .boringSSL))
            return RefreshingCredentialProvider {
                if let cached = cache.load(now: Date()) { return cached }
                var input = input
                if let serial = input.serialNumber { input.tokenCode = try mfaCode?(serial) ?? promptForMFACode(profile: name, serial: serial) }
                let output = try await sts.assumeRole(input, logger: logger)
                let credentials = ExpiringCredentials(credentials: output.credentials, expiration: ExpiringCredentials.parseDate(output.expiration))
                cache.save(credentials, assumedRoleARN: output.assumedRoleARN)
                return credentials
            }
        }
        // The AWS CLI's order: an IAM Identity Center login, keys in the credentials file, the process, keys in
        // the config file.
        if values["sso_session"] != nil || values["sso_start_url"] != nil {
            let login = try ssoLogin(name, values, files: files, environment: environment, logger: logger)
            return RefreshingCredentialProvider { try await login.fetch() }
        }
        if !files.keysInCredentialsFile.contains(name), let command = values["credential_process"] {
            let process = ProcessCredentials(profile: name, command: command, timeout: processTimeout)
            return RefreshingCredentialProvider { try await process.fetch() }
        }
        return StaticCredentialProvider(try staticKeys(name, values))
    }

    /// Asks on the terminal, as the AWS CLI does; without one there is no one to ask.
    static func promptForMFACode(profile: String, serial: String) throws -> String {
        guard isatty(0) != 0, isatty(2) != 0 else { throw CredentialError.mfaCodeNeeded(profile: profile, serial: serial) }
        FileHandle.standardError.write(Data("Enter MFA code for \(serial): ".utf8))
        guard let code = readLine()?.trimmingCharacters(in: .whitespaces), !code.isEmpty else { throw CredentialError.mfaCodeNeeded(profile: profile, serial: serial) }
        return code
    }

    /// An IAM Identity Center profile: with `sso_session` its start URL and region come from that
    /// `[sso-session]` section; a legacy profile holds them itself.
    static func ssoLogin(_ name: String, _ values: [String: String], files: SharedConfigFiles, environment: [String: String], logger: Logger) throws -> SSOLogin {
        var settings = values
        if let session = values["sso_session"] {
            guard let section = files.ssoSessions[session] else { throw CredentialError.incompleteSSO(profile: name, missing: "the [sso-session \(session)] section") }
            settings.merge(section) { _, fromSession in fromSession }
        }
        func required(_ key: String) throws -> String {
            guard let value = settings[key], !value.isEmpty else { throw CredentialError.incompleteSSO(profile: name, missing: key) }
            return value
        }
        return SSOLogin(
            profile: name, startURL: try required("sso_start_url"), region: try required("sso_region"), accountID: try required("sso_account_id"),
            roleName: try required("sso_role_name"), sessionName: values["sso_session"], cacheDirectory: "\(files.home)/.aws/sso/cache",
            environment: environment, logger: logger, now: { Date() })
    }

    static func staticKeys(_ name: String, _ values: [String: String]) throws -> AWSCredentials {
        guard let key = values["aws_access_key_id"] else { throw CredentialError.incompleteProfile(name, missing: "aws_access_key_id") }
        guard let secret = values["aws_secret_access_key"] else { throw CredentialError.incompleteProfile(name, missing: "aws_secret_access_key") }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: values["aws_session_token"])
    }
}

extension AWSClient {
    /// A client for the calls a login makes before any credentials exist (web identity, IAM Identity Center):
    /// they are sent unsigned, so its credentials are never asked for.
    static func unsigned(region: String, environment: [String: String]) -> AWSClient {
        AWSClient(
            transport: AsyncHTTPClientTransport.shared, credentialProvider: StaticCredentialProvider(AWSCredentials(accessKeyID: "", secretAccessKey: "")),
            endpoints: EndpointResolver(region: region, environment: environment), signing: .boringSSL)
    }
}
