/// What the AWS client needs from HTTP: send one request, get its whole answer.
///
/// A protocol rather than one HTTP library, because two programs with different needs send AWS requests:
/// the `hoist` CLI uses async-http-client (`AsyncHTTPClientTransport`), while the deployed function uses a
/// small NIO client (`LeanHTTPClient`) so its static binary stays small and starts fast.
package protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the answer, whatever its status. Throws `HTTPTransportError` when no
    /// answer came (no connection, a connection that broke, deadline passed) and `CancellationError` when the
    /// task was cancelled.
    func send(_ request: HTTPRequest, timeout: Duration) async throws -> AWSResponse
}

/// One HTTP request in wire terms.
package struct HTTPRequest: Sendable {
    package var method: String
    /// `scheme://host[:port]/path[?query]`, already percent-encoded.
    package var url: String
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]

    package init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// Why no HTTP answer came.
package enum HTTPTransportError: Error, Equatable, CustomStringConvertible {
    /// The deadline passed before the whole answer arrived.
    case timeout
    /// No connection could be made: the request never left, so sending it again cannot do anything twice.
    case unreachable(String)
    /// The connection broke after the request may have been sent, before the whole answer came: the server
    /// may have acted on it.
    case connection(String)

    package var description: String {
        switch self {
        case .timeout: "no complete answer before the deadline"
        case .unreachable(let detail), .connection(let detail): detail
        }
    }
}
