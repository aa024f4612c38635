import AWSTransport
import AsyncHTTPTransport
import Synchronization

/// A transport that sends every request but loses the answer to the first one `matches` picks, after the
/// server acted on it, as a dropped connection would: how a test reaches the "did my create happen?" path.
package final class LosingFirstAnswer: HTTPTransport {
    private let matches: @Sendable (HTTPRequest) -> Bool
    private let lost = Mutex(false)

    package init(_ matches: @escaping @Sendable (HTTPRequest) -> Bool) { self.matches = matches }

    /// Whether an answer has been lost yet.
    package var dropped: Bool { lost.withLock { $0 } }

    package func send(_ request: HTTPRequest, timeout: Duration) async throws -> AWSResponse {
        let answer = try await AsyncHTTPClientTransport.shared.send(request, timeout: timeout)
        let drop = matches(request) && lost.withLock { lost in
            defer { lost = true }
            return !lost
        }
        if drop { throw HTTPTransportError.connection("connection reset after the request was sent") }
        return answer
    }
}
