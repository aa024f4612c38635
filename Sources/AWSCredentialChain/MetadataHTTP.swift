import AWSSigV4
import AWSTransport
import AsyncHTTPTransport
import Foundation

/// Plain HTTP to the container and instance metadata endpoints: short deadlines, since on a laptop these
/// addresses lead nowhere and the chain must move on quickly.
enum MetadataHTTP {
    struct Response {
        var status: Int
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// The AWS CLI's `AWS_METADATA_SERVICE_TIMEOUT` (whole seconds, at least 1), else `fallback` seconds; it
    /// bounds every call to instance metadata and to container agents.
    static func timeout(_ environment: [String: String], fallback: Int64) -> Duration {
        .seconds(environment["AWS_METADATA_SERVICE_TIMEOUT"].flatMap { Int64($0) }.map { max(1, $0) } ?? fallback)
    }

    static func send(_ method: String, _ url: String, headers: [(name: String, value: String)] = [], timeout: Duration) async throws -> Response {
        let response = try await AsyncHTTPClientTransport.shared.send(HTTPRequest(method: method, url: url, headers: headers), timeout: timeout)
        return Response(status: response.status, body: response.body)
    }

    /// The JSON document containers and IMDS answer with.
    struct CredentialDocument: Decodable {
        var AccessKeyId: String
        var SecretAccessKey: String
        var Token: String?
        var Expiration: String?
    }

    static func decodeCredentials(_ response: Response, source: String, url: String) throws -> ExpiringCredentials {
        guard response.status == 200 else {
            throw CredentialError.endpointFailed(source: source, url: url, detail: "HTTP \(response.status)")
        }
        let document: CredentialDocument
        do {
            document = try JSONDecoder().decode(CredentialDocument.self, from: Data(response.body))
        } catch {
            // Never the body: a document that does not parse may still hold a secret key.
            throw CredentialError.endpointFailed(source: source, url: url, detail: "an answer that is not a credential document (\(response.body.count) bytes, withheld)")
        }
        return ExpiringCredentials(
            credentials: .init(accessKeyID: document.AccessKeyId, secretAccessKey: document.SecretAccessKey, sessionToken: document.Token),
            expiration: ExpiringCredentials.parseDate(document.Expiration))
    }
}
