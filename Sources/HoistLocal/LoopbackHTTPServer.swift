import NIOCore
import NIOHTTP1
import NIOPosix

/// A small HTTP/1.1 server on 127.0.0.1 for `hoist local`: the Runtime API the bootstrap polls, and the
/// API users call. Each request is handed to `handler`; keep-alive connections are served in turn.
package enum LoopbackHTTPServer {
    package struct Request: Sendable {
        package var method: String
        package var uri: String
        package var headers: [(name: String, value: String)]
        package var body: [UInt8]
        /// The client's port on loopback, which tells whose connection it is.
        package var peerPort: Int?

        package init(method: String, uri: String, headers: [(name: String, value: String)], body: [UInt8], peerPort: Int? = nil) {
            self.method = method
            self.uri = uri
            self.headers = headers
            self.body = body
            self.peerPort = peerPort
        }
    }

    package struct Response: Sendable {
        package var status: Int
        package var headers: [(name: String, value: String)]
        package var body: [UInt8]

        package init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
            self.status = status
            self.headers = headers
            self.body = body
        }
    }

    /// What a server refuses before its handler sees the request.
    package struct Limits: Sendable {
        /// Bodies past this many bytes are answered 413 without being kept: memory stays bounded whatever
        /// a client sends.
        package var maxBody: Int?
        /// The host names the `Host` header may carry (any port): another name is a page elsewhere that
        /// resolved its own name to 127.0.0.1 (DNS rebinding), answered 421.
        package var hosts: Set<String>?

        package init(maxBody: Int? = nil, hosts: Set<String>? = nil) {
            self.maxBody = maxBody
            self.hosts = hosts
        }

        package static let none = Limits()
        /// What a browser or curl on this machine sends for a loopback server.
        package static let loopbackHosts: Set<String> = ["127.0.0.1", "localhost", "[::1]"]

        /// The refusal for a request with `head`, before its body is read.
        func refusal(_ head: HTTPRequestHead) -> Response? {
            if let hosts {
                let host = head.headers.first(name: "host") ?? ""
                let name = host.hasPrefix("[") ? String(host.prefix { $0 != "]" }) + "]" : String(host.prefix { $0 != ":" })
                if !hosts.contains(name.lowercased()) {
                    return Response(status: 421, headers: [(name: "content-type", value: "application/json")], body: Array(#"{"message":"Misdirected Request: this server answers only to 127.0.0.1, localhost and [::1]"}"#.utf8))
                }
            }
            if let maxBody, let length = head.headers.first(name: "content-length").flatMap(Int.init), length > maxBody { return Self.tooLarge }
            return nil
        }

        static let tooLarge = Response(status: 413, headers: [(name: "content-type", value: "application/json")], body: Array(#"{"message":"Request Entity Too Large"}"#.utf8))
    }

    package struct BindError: Error, CustomStringConvertible {
        package var port: Int
        package var reason: String
        package var description: String { "cannot listen on 127.0.0.1:\(port) (\(reason)); choose another --port" }
    }

    /// Serves on `port` (0: any free port) while `body` runs, handing it the bound port.
    ///
    /// When `body` ends the listener is closed first and the connections it had already accepted are still
    /// taken from it, then the open ones are cancelled. Cancelling the accept loop instead would drop a
    /// connection accepted in that moment unconsumed, which NIO treats as a fatal error ("Deinited
    /// NIOAsyncWriter without calling finish()"). So the loop runs in a task of its own, which the caller's
    /// cancellation (Ctrl-C, a test ending its group) does not reach: it ends when the listener closes.
    package static func serve<T: Sendable>(
        port: Int, limits: Limits = .none, handler: @escaping @Sendable (Request) async -> Response, _ body: (Int) async throws -> T
    ) async throws -> T {
        let listener: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>
        do {
            listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: "127.0.0.1", port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                        return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw BindError(port: port, reason: "\(error)")
        }
        let bound = listener.channel.localAddress?.port ?? port
        let acceptLoop = Task {
            // Closing an already closed listener at the end is no failure of the server's.
            try? await listener.executeThenClose { connections in
                try await withThrowingDiscardingTaskGroup { connectionGroup in
                    for try await connection in connections {
                        connectionGroup.addTask {
                            // A client that hangs up mid-request is its own business, not the server's.
                            try? await serveConnection(connection, limits: limits, handler: handler)
                        }
                    }
                    connectionGroup.cancelAll()
                }
            }
        }
        let outcome: Result<T, any Error>
        do {
            outcome = .success(try await body(bound))
        } catch {
            outcome = .failure(error)
        }
        try? await listener.channel.close()
        await acceptLoop.value
        return try outcome.get()
    }

    private static func serveConnection(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, limits: Limits, handler: @Sendable (Request) async -> Response
    ) async throws {
        try await connection.executeThenClose { inbound, outbound in
            func write(_ response: Response) async throws {
                var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
                headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
                try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)))
                try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: response.body))))
                try await outbound.write(.end(nil))
            }
            var pending: Request?
            // Refused: answered at once (a client waiting to send its body reads it), the rest of the request read
            // and dropped, never kept, and the connection closed after it. No `Connection: close` on the answer:
            // NIO would close as soon as it is written, while the client is still sending.
            var refused = false
            for try await part in inbound {
                switch part {
                case .head(let head):
                    if let refusal = limits.refusal(head) {
                        refused = true
                        try await write(refusal)
                    } else {
                        pending = Request(
                            method: head.method.rawValue, uri: head.uri, headers: head.headers.map { (name: $0.name, value: $0.value) }, body: [],
                            peerPort: connection.channel.remoteAddress?.port)
                    }
                case .body(var buffer):
                    guard !refused else { continue }
                    pending?.body += buffer.readBytes(length: buffer.readableBytes) ?? []
                    if let maxBody = limits.maxBody, (pending?.body.count ?? 0) > maxBody {
                        refused = true
                        pending = nil
                        try await write(Limits.tooLarge)
                    }
                case .end:
                    if refused { return }
                    guard let request = pending else { continue }
                    pending = nil
                    try await write(await handler(request))
                }
            }
        }
    }
}
