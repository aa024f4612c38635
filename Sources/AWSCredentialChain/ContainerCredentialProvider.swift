import AWSTransport
import Foundation

/// Credentials an ECS task or EKS pod gets from its container agent
/// (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` or `…_FULL_URI`, optional authorization token;
/// `AWS_METADATA_SERVICE_TIMEOUT` bounds the call).
package enum ContainerCredentialProvider {
    static let ecsHost = "http://169.254.170.2"
    /// Hosts a plain-http full URI may name: loopback and the ECS/EKS agents' link-local addresses.
    static let allowedHTTPHosts: Set<String> = ["localhost", "169.254.170.2", "169.254.170.23", "[fd00:ec2::23]", "[::1]"]

    /// The provider for this environment, or `nil` when no container variables are set.
    package static func make(environment: [String: String]) throws -> RefreshingCredentialProvider? {
        let url: String
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], !relative.isEmpty {
            url = ecsHost + relative
        } else if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"], !full.isEmpty {
            guard isAllowed(full) else { throw CredentialError.containerEndpointNotAllowed(full) }
            url = full
        } else {
            return nil
        }
        let timeout = MetadataHTTP.timeout(environment, fallback: 5)
        let tokenFile = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"]
        let token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
        return RefreshingCredentialProvider {
            var headers: [(name: String, value: String)] = []
            if let tokenFile, !tokenFile.isEmpty {
                headers.append((name: "Authorization", value: try String(contentsOfFile: tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
            } else if let token, !token.isEmpty {
                headers.append((name: "Authorization", value: token))
            }
            let response: MetadataHTTP.Response
            do {
                response = try await MetadataHTTP.send("GET", url, headers: headers, timeout: timeout)
            } catch {
                throw CredentialError.endpointFailed(source: "container", url: url, detail: "\(error)")
            }
            return try MetadataHTTP.decodeCredentials(response, source: "container", url: url)
        }
    }

    static func isAllowed(_ url: String) -> Bool {
        if url.hasPrefix("https://") { return true }
        guard url.hasPrefix("http://") else { return false }
        let authority = url.dropFirst("http://".count).prefix { $0 != "/" }
        let host = authority.hasPrefix("[") ? String(authority.prefix { $0 != "]" }) + "]" : String(authority.prefix { $0 != ":" })
        return allowedHTTPHosts.contains(host) || isLoopbackIPv4(host)
    }

    /// An IPv4 literal in 127.0.0.0/8: four decimal parts, each 0-255. A host name that starts with "127."
    /// (`127.attacker.example`) is not one, and plain HTTP to it would hand the token to whoever runs it.
    static func isLoopbackIPv4(_ host: String) -> Bool {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127"
            && parts.allSatisfy { part in !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && part.allSatisfy(\.isNumber) && Int(part)! <= 255 }
    }
}
