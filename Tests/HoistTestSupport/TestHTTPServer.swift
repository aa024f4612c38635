import HoistLocal
import Synchronization

/// A request as the loopback test server received it.
package struct RecordedRequest: Sendable {
    package var method: String
    package var uri: String
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]

    package func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// What the loopback test server answers.
package struct CannedResponse: Sendable {
    package var status: Int
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]

    package init(status: Int = 200, headers: [(name: String, value: String)] = [], body: String = "") {
        self.status = status
        self.headers = headers
        self.body = Array(body.utf8)
    }
}

/// A running loopback server: its base URL and every request it has seen, in order.
package final class TestHTTPServer: Sendable {
    package let baseURL: String
    private let log: RequestLog

    init(baseURL: String, log: RequestLog) {
        self.baseURL = baseURL
        self.log = log
    }

    package var requests: [RecordedRequest] { log.all }
}

/// The requests a test server has received; shared by the server's handler and the test.
final class RequestLog: Sendable {
    private let entries = Mutex<[RecordedRequest]>([])
    var all: [RecordedRequest] { entries.withLock { $0 } }

    /// Appends `request` and answers how many there are now (1 for the first).
    func record(_ request: RecordedRequest) -> Int {
        entries.withLock {
            $0.append(request)
            return $0.count
        }
    }
}

/// Serves HTTP/1.1 on 127.0.0.1 and a free port while `body` runs; `handler` gets each request and the
/// count of requests so far (1 for the first), so scripted sequences need no shared state.
@discardableResult
package func withTestHTTPServer<T: Sendable>(
    handler: @escaping @Sendable (RecordedRequest, Int) async -> CannedResponse,
    _ body: (TestHTTPServer) async throws -> T
) async throws -> T {
    let log = RequestLog()
    return try await LoopbackHTTPServer.serve(port: 0, handler: { request in
        let recorded = RecordedRequest(method: request.method, uri: request.uri, headers: request.headers, body: request.body)
        let answer = await handler(recorded, log.record(recorded))
        return LoopbackHTTPServer.Response(status: answer.status, headers: answer.headers, body: answer.body)
    }) { port in
        try await body(TestHTTPServer(baseURL: "http://127.0.0.1:\(port)", log: log))
    }
}
