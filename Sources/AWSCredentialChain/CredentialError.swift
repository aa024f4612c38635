/// Why no credentials could be had, each with the fix.
package enum CredentialError: Error, Equatable, CustomStringConvertible {
    case noCredentials
    case incompleteEnvironment(missing: String)
    case profileNotFound(String, files: [String])
    case incompleteProfile(String, missing: String)
    case sourceProfileCycle([String])
    case unsupportedCredentialSource(profile: String, source: String)
    case containerEndpointNotAllowed(String)
    case endpointFailed(source: String, url: String, detail: String)
    case processFailed(profile: String, detail: String)
    case webIdentityToken(path: String, detail: String)
    /// The IAM Identity Center login is missing or expired and cannot be refreshed.
    case ssoLoginNeeded(profile: String)
    case incompleteSSO(profile: String, missing: String)
    case cacheUnwritable(path: String)
    case mfaCodeNeeded(profile: String, serial: String)

    package var description: String {
        switch self {
        case .noCredentials:
            "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, choose a profile with --profile or AWS_PROFILE, or run where container or instance credentials exist"
        case .incompleteEnvironment(let missing):
            "\(missing) is not set but its partner is; set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither"
        case .profileNotFound(let name, let files):
            "profile '\(name)' is not in \(files.joined(separator: " or ")); add it (`aws configure --profile \(name)`) or choose another with --profile"
        case .incompleteProfile(let name, let missing):
            "profile '\(name)' has no \(missing); add it to the profile or use role_arn with source_profile"
        case .sourceProfileCycle(let chain):
            "profiles refer to each other in a cycle (\(chain.joined(separator: " -> "))); make one of them hold keys"
        case .unsupportedCredentialSource(let profile, let source):
            "profile '\(profile)': credential_source '\(source)' is not supported; use Environment, EcsContainer or Ec2InstanceMetadata"
        case .containerEndpointNotAllowed(let url):
            "AWS_CONTAINER_CREDENTIALS_FULL_URI='\(url)' must be https or a loopback/container address; fix the variable"
        case .endpointFailed(let source, let url, let detail):
            "\(source) credentials from \(url) failed: \(detail)"
        case .processFailed(let profile, let detail):
            "credential_process of profile '\(profile)' failed: \(detail)"
        case .webIdentityToken(let path, let detail):
            "cannot read the web identity token file \(path) (AWS_WEB_IDENTITY_TOKEN_FILE or web_identity_token_file): \(detail)"
        case .ssoLoginNeeded(let profile):
            "the IAM Identity Center login of profile '\(profile)' is missing or expired; run: aws sso login --profile \(profile)"
        case .mfaCodeNeeded(let profile, let serial):
            "profile '\(profile)' assumes a role that needs an MFA code from \(serial); pass --mfa-code CODE (or set HOIST_MFA_CODE), or run on a terminal to be asked"
        case .cacheUnwritable(let path):
            "cannot write the login cache \(path); make its folder writable by you"
        case .incompleteSSO(let profile, let missing):
            "profile '\(profile)' uses IAM Identity Center but \(missing) is not set; add it (`aws configure sso --profile \(profile)` writes them all)"
        }
    }
}
