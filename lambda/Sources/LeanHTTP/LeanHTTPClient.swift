import AWSTransport
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A small HTTP/1.1 client for the function: kept-alive connections per origin, TLS through NIOSSL, and a
/// deadline per exchange.
///
/// The function first used async-http-client. With HTTP/2, proxies, compression and tracing it brought
/// about 5 MB to a static bootstrap that needs none of them (the zipped package must stay under 8 MB), and
/// its set-up counted in every cold start. The function sends one request at a time to two origins, the
/// Runtime API and DynamoDB, so a list of idle connections per origin is all the pooling it needs.
package final class LeanHTTPClient: HTTPTransport {
    private let group: any EventLoopGroup
    private let maximumBodySize: Int
    private let idle = Mutex<[RequestURL.Origin: [any Channel]]>([:])
    /// Made on the first `https` request: loading the system's CA bundle costs milliseconds that a local
    /// run over plain HTTP should not pay at start.
    private let tlsContext = Mutex<NIOSSLContext?>(nil)

    package init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, maximumBodySize: Int = 64 << 20) {
        self.group = group
        self.maximumBodySize = maximumBodySize
    }

    /// The process-wide client.
    package static let shared = LeanHTTPClient()

    package func send(_ request: HTTPRequest, timeout: Duration) async throws -> AWSResponse {
        guard let url = RequestURL(request.url) else {
            throw HTTPTransportError.connection("'\(request.url)' is not an absolute http or https URL")
        }
        let deadline = NIODeadline.now() + TimeAmount(timeout)
        var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: request.method), uri: url.target)
        for header in request.headers { head.headers.add(name: header.name, value: header.value) }
        if !head.headers.contains(name: "host") { head.headers.add(name: "Host", value: url.origin.hostHeader) }
        head.headers.replaceOrAdd(name: "Content-Length", value: String(request.body.count))
        var (channel, reused) = try await connection(to: url.origin, deadline: deadline)
        while true {
            do {
                let response = try await exchange(Exchange(head: head, body: request.body, deadline: deadline, promise: channel.eventLoop.makePromise()), on: channel)
                if response.keepAlive { keep(channel, for: url.origin) } else { channel.close(promise: nil) }
                return AWSResponse(status: response.status, headers: response.headers, body: response.body)
            } catch let failure as ExchangeFailure {
                channel.close(promise: nil)
                try Task.checkCancellation()
                // A kept-alive connection the server closed while it sat idle: try once on a new one.
                guard reused, failure.beforeAnswer else { throw failure.error }
                (channel, reused) = try await connection(to: url.origin, deadline: deadline, reuse: false)
            }
        }
    }

    private func exchange(_ exchange: Exchange, on channel: any Channel) async throws -> ExchangeHandler.Response {
        try await withTaskCancellationHandler {
            channel.writeAndFlush(exchange, promise: nil)
            return try await exchange.promise.futureResult.get()
        } onCancel: {
            channel.close(promise: nil)
        }
    }

    private func connection(to origin: RequestURL.Origin, deadline: NIODeadline, reuse: Bool = true) async throws -> (channel: any Channel, reused: Bool) {
        if reuse {
            while let channel = idle.withLock({ $0[origin]?.popLast() }) {
                if channel.isActive { return (channel, true) }
            }
        }
        let tls = origin.secure ? try context() : nil
        let maximumBodySize = self.maximumBodySize
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(max(.milliseconds(1), min(.seconds(10), deadline - .now())))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        // SNI and certificate checks take a name; an IP literal has none to send.
                        let isAddress = origin.host.contains(":") || origin.host.allSatisfy { $0.isNumber || $0 == "." }
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: isAddress ? nil : origin.host))
                    }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(ExchangeHandler(maximumBodySize: maximumBodySize))
                }
            }
        do {
            return (try await bootstrap.connect(host: origin.host, port: origin.port).get(), false)
        } catch ChannelError.connectTimeout(_) {
            throw HTTPTransportError.timeout
        } catch {
            throw HTTPTransportError.connection("cannot connect to \(origin): \(error)")
        }
    }

    private func keep(_ channel: any Channel, for origin: RequestURL.Origin) {
        idle.withLock { $0[origin, default: []].append(channel) }
    }

    private func context() throws -> NIOSSLContext {
        try tlsContext.withLock { context in
            if let context { return context }
            do {
                let made = try NIOSSLContext(configuration: .makeClientConfiguration())
                context = made
                return made
            } catch {
                throw HTTPTransportError.connection("cannot set up TLS: \(error)")
            }
        }
    }
}
