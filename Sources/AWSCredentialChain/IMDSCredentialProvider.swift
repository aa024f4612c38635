import AWSTransport
import Foundation
import NIOCore
import NIOHTTP1

/// Credentials of an EC2 instance's role, through IMDSv2 (a session token first, then the role's keys).
///
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT` moves it (tests use a loopback server); `AWS_EC2_METADATA_DISABLED=true`
/// turns it off.
package enum IMDSCredentialProvider {
    static let defaultEndpoint = "http://169.254.169.254"
    static let credentialsPath = "/latest/meta-data/iam/security-credentials/"

    package static func make(environment: [String: String]) -> RefreshingCredentialProvider? {
        if environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" { return nil }
        var endpoint = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] ?? defaultEndpoint
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        return RefreshingCredentialProvider { [endpoint] in
            do {
                let token = try await MetadataHTTP.send(
                    .PUT, endpoint + "/latest/api/token", headers: [("X-aws-ec2-metadata-token-ttl-seconds", "21600")], timeout: .seconds(1))
                guard token.status == 200 else {
                    throw CredentialError.endpointFailed(source: "instance metadata", url: endpoint, detail: "token request answered HTTP \(token.status)")
                }
                let header = [("X-aws-ec2-metadata-token", token.text)]
                let roles = try await MetadataHTTP.send(.GET, endpoint + credentialsPath, headers: header, timeout: .seconds(1))
                guard roles.status == 200, let role = roles.text.split(whereSeparator: \.isNewline).first else {
                    throw CredentialError.endpointFailed(source: "instance metadata", url: endpoint, detail: "no instance role (HTTP \(roles.status))")
                }
                let url = endpoint + credentialsPath + role
                return try MetadataHTTP.decodeCredentials(
                    try await MetadataHTTP.send(.GET, url, headers: header, timeout: .seconds(1)), source: "instance metadata", url: url)
            } catch let error as CredentialError {
                throw error
            } catch {
                throw CredentialError.endpointFailed(source: "instance metadata", url: endpoint, detail: "\(error)")
            }
        }
    }
}
