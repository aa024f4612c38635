import AWSTransport
import NIOCore
import NIOHTTP1

/// One request and where its answer goes.
struct Exchange: Sendable {
    var head: HTTPRequestHead
    var body: [UInt8]
    var deadline: NIODeadline
    var promise: EventLoopPromise<ExchangeHandler.Response>
}

/// Why an exchange failed, with whether the connection had been used before: a kept-alive connection the
/// server closed while idle fails before any answer byte, and the request can go again on a new one.
struct ExchangeFailure: Error {
    var error: HTTPTransportError
    var beforeAnswer: Bool
}

/// Runs one HTTP/1.1 exchange at a time on a connection: writes the request, gathers the answer, enforces
/// the deadline, and says whether the connection may be used again.
final class ExchangeHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = Exchange
    typealias OutboundOut = HTTPClientRequestPart

    struct Response: Sendable {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]
        var keepAlive: Bool
    }

    private let maximumBodySize: Int
    private var current: Exchange?
    private var head: HTTPResponseHead?
    private var body: ByteBuffer?
    private var timer: Scheduled<Void>?

    init(maximumBodySize: Int) {
        self.maximumBodySize = maximumBodySize
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        guard current == nil else {
            exchange.promise.fail(ExchangeFailure(error: .connection("a request is already in flight on this connection"), beforeAnswer: true))
            return
        }
        current = exchange
        head = nil
        body = nil
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: exchange.deadline) { [self] in
            fail(.timeout, beforeAnswer: false)
            context.close(promise: nil)
        }
        context.write(wrapOutboundOut(.head(exchange.head)), promise: nil)
        if !exchange.body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: exchange.body)))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let responseHead):
            head = responseHead
        case .body(var part):
            if (body?.readableBytes ?? 0) + part.readableBytes > maximumBodySize {
                fail(.connection("the answer is larger than \(maximumBodySize) bytes"), beforeAnswer: false)
                context.close(promise: nil)
                return
            }
            if body == nil { body = part } else { body!.writeBuffer(&part) }
        case .end:
            guard let exchange = current, let head else { return }
            finish()
            exchange.promise.succeed(
                Response(
                    status: Int(head.status.code), headers: head.headers.map { (name: $0.name, value: $0.value) },
                    body: body.map { Array($0.readableBytesView) } ?? [], keepAlive: head.isKeepAlive))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(.connection("\(error)"), beforeAnswer: head == nil)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.connection("the server closed the connection before the answer was complete"), beforeAnswer: head == nil)
        context.fireChannelInactive()
    }

    private func fail(_ error: HTTPTransportError, beforeAnswer: Bool) {
        guard let exchange = current else { return }
        finish()
        exchange.promise.fail(ExchangeFailure(error: error, beforeAnswer: beforeAnswer))
    }

    private func finish() {
        timer?.cancel()
        timer = nil
        current = nil
    }
}
