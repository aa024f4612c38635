import AWSSigV4
import Foundation

/// Checks a request's SigV4 signature as API Gateway's `AWS_IAM` authorization does, for the one identity
/// `hoist local` can verify: the credentials it runs with (an IAM policy check is AWS's, and stays there). The
/// signature is recomputed over the headers the request says it signed, with the request's own date, which
/// must be within AWS's 15 minutes of now.
package struct SigV4Check: Sendable {
    package var credentials: AWSCredentials
    package var signing: any RequestSigning

    package init(credentials: AWSCredentials, signing: any RequestSigning) {
        self.credentials = credentials
        self.signing = signing
    }

    /// The caller's access key when the signature is good, else `nil`.
    package func verify(_ request: LoopbackHTTPServer.Request, now: Date = Date()) -> String? {
        func header(_ name: String) -> String? { request.headers.first { $0.name.lowercased() == name }?.value }
        guard let authorization = header("authorization"), authorization.hasPrefix("AWS4-HMAC-SHA256 ") else { return nil }
        var fields: [String: String] = [:]
        for part in authorization.dropFirst("AWS4-HMAC-SHA256 ".count).split(separator: ",") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2 { fields[String(pair[0])] = String(pair[1]) }
        }
        let scope = fields["Credential"]?.split(separator: "/").map(String.init) ?? []
        guard scope.count == 5, scope[0] == credentials.accessKeyID, scope[3] == "execute-api", scope[4] == "aws4_request",
            let signedHeaders = fields["SignedHeaders"]?.split(separator: ";").map(String.init), let signature = fields["Signature"],
            let stamp = header("x-amz-date"), let date = AmzDate(timestamp: stamp), date.day == scope[1],
            abs(Int64(now.timeIntervalSince1970) - date.secondsSince1970) <= 15 * 60
        else { return nil }
        let (path, query) = GatewayEvent.split(request.uri)
        let signed = request.headers.filter { signedHeaders.contains($0.name.lowercased()) }
        let trace = signing.sign(
            SigningRequest(method: request.method, path: path, query: query, headers: signed, payload: .bytes(request.body)), credentials: credentials,
            region: scope[2], service: "execute-api", options: SigV4Options(), date: date)
        let recomputed = trace.request.header("authorization")?.split(separator: "=").last.map(String.init)
        return recomputed == signature ? credentials.accessKeyID : nil
    }
}
