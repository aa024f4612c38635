import AWSTransport
import Foundation

/// Credentials of an EC2 instance's role, through IMDSv2 (a session token first, then the role's keys).
///
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT` moves it (tests use a loopback server); `AWS_EC2_METADATA_DISABLED=true`
/// turns it off; `AWS_METADATA_SERVICE_TIMEOUT` (seconds, default 1, as in the AWS CLI) bounds each call.
package enum IMDSCredentialProvider {
    static let defaultEndpoint = "http://169.254.169.254"
    static let credentialsPath = "/latest/meta-data/iam/security-credentials/"

    package static func make(environment: [String: String]) -> RefreshingCredentialProvider? {
        if environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" { return nil }
        var endpoint = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] ?? defaultEndpoint
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        let timeout = MetadataHTTP.timeout(environment, fallback: 1)
        return RefreshingCredentialProvider { [endpoint] in
            do {
                let token = try await MetadataHTTP.send(
                    "PUT", endpoint + "/latest/api/token", headers: [(name: "X-aws-ec2-metadata-token-ttl-seconds", value: "21600")], timeout: timeout)
                guard token.status == 200 else {
                    throw CredentialError.endpointFailed(source: "instance metadata", url: endpoint, detail: "token request answered HTTP \(token.status)")
                }
                let header = [(name: "X-aws-ec2-metadata-token", value: token.text)]
                let roles = try await MetadataHTTP.send("GET", endpoint + credentialsPath, headers: header, timeout: timeout)
                guard roles.status == 200, let role = roles.text.split(whereSeparator: \.isNewline).first else {
                    throw CredentialError.endpointFailed(source: "instance metadata", url: endpoint, detail: "no instance role (HTTP \(roles.status))")
                }
                let url = endpoint + credentialsPath + role
                return try MetadataHTTP.decodeCredentials(
                    try await MetadataHTTP.send("GET", url, headers: header, timeout: timeout), source: "instance metadata", url: url)
            } catch let error as CredentialError {
                throw error
            } catch {
                throw CredentialError.endpointFailed(source: "instance metadata", url: endpoint, detail: "\(error)")
            }
        }
    }
}
