import NIOCore
import NIOHTTP1
import NIOPosix
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
    private let log = Mutex<[RecordedRequest]>([])

    init(baseURL: String) { self.baseURL = baseURL }

    package var requests: [RecordedRequest] { log.withLock { $0 } }
    func record(_ request: RecordedRequest) -> Int {
        log.withLock {
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
    let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        .bind(host: "127.0.0.1", port: 0) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
            }
        }
    let server = TestHTTPServer(baseURL: "http://127.0.0.1:\(listener.channel.localAddress?.port ?? 0)")
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            try await listener.executeThenClose { connections in
                try await withThrowingDiscardingTaskGroup { connectionGroup in
                    for try await connection in connections {
                        connectionGroup.addTask { try await serve(connection, server: server, handler: handler) }
                    }
                }
            }
            return nil
        }
        let result = try await body(server)
        group.cancelAll()
        return result
    }
}

private func serve(
    _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, server: TestHTTPServer,
    handler: @Sendable (RecordedRequest, Int) async -> CannedResponse
) async throws {
    try await connection.executeThenClose { inbound, outbound in
        var pending: RecordedRequest?
        for try await part in inbound {
            switch part {
            case .head(let head):
                pending = RecordedRequest(method: head.method.rawValue, uri: head.uri, headers: head.headers.map { (name: $0.name, value: $0.value) }, body: [])
            case .body(var buffer):
                pending?.body += buffer.readBytes(length: buffer.readableBytes) ?? []
            case .end:
                guard let request = pending else { continue }
                pending = nil
                let response = await handler(request, server.record(request))
                var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
                headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
                try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)))
                try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: response.body))))
                try await outbound.write(.end(nil))
            }
        }
    }
}
