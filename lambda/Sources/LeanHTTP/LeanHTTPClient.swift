import AWSTransport
import Glibc
import Synchronization

/// A small HTTP/1.1 client for the function: kept-alive connections per origin, TLS through mbedTLS, and a
/// deadline on every exchange.
///
/// The function first used async-http-client, then SwiftNIO with NIOSSL; with their event loops and
/// BoringSSL they made most of a static bootstrap whose zip must stay under 8 MB, and their set-up counted
/// in every cold start. The function sends one request at a time to two origins, the Runtime API and
/// DynamoDB, so blocking sockets on a thread per exchange and a list of idle connections per origin are all
/// it needs.
package final class LeanHTTPClient: HTTPTransport {
    private let maximumBodySize: Int
    private let caBundle: String?
    private let idle = Mutex<[HTTPURL.Origin: [Connection]]>([:])
    /// Read on the first `https` request: parsing the system's CA bundle costs milliseconds that a local run
    /// over plain HTTP should not pay at start.
    private let trust = Mutex<TrustStore?>(nil)

    /// - Parameter caBundle: a PEM file of trusted authorities (`AWS_CA_BUNDLE`); `nil` for the system's.
    package init(caBundle: String? = nil, maximumBodySize: Int = 64 << 20) {
        self.caBundle = caBundle
        self.maximumBodySize = maximumBodySize
    }

    /// The process-wide client, trusting `AWS_CA_BUNDLE` when it is set.
    package static let shared = LeanHTTPClient(caBundle: getenv("AWS_CA_BUNDLE").map { String(cString: $0) })

    package func send(_ request: HTTPRequest, timeout: Duration) async throws -> AWSResponse {
        guard let url = HTTPURL(request.url) else {
            throw HTTPTransportError.unreachable("'\(request.url)' is not an absolute http or https URL")
        }
        var headers = request.headers.filter { $0.name.lowercased() != "content-length" }
        if !headers.contains(where: { $0.name.lowercased() == "host" }) { headers.append((name: "Host", value: url.origin.hostHeader)) }
        headers.append((name: "Content-Length", value: String(request.body.count)))
        let bytes: [UInt8]
        do {
            bytes = try HTTP1.requestBytes(method: request.method, target: url.target, headers: headers, body: request.body)
        } catch {
            throw HTTPTransportError.connection("\(error)")
        }
        let deadline = ContinuousClock.now + timeout
        let inFlight = InFlight()
        let method = request.method
        do {
            let response = try await withTaskCancellationHandler {
                try await IOThread.run { () throws(HTTP1.Failure) in try self.exchange(bytes, method: method, origin: url.origin, deadline: deadline, inFlight: inFlight) }
            } onCancel: {
                inFlight.cancel()
            }
            return AWSResponse(status: response.status, headers: response.headers, body: response.body)
        } catch let failure as HTTP1.Failure {
            try Task.checkCancellation()
            switch failure {
            case .timeout: throw HTTPTransportError.timeout
            case .broken(let detail, _): throw HTTPTransportError.connection(detail)
            case .unreachable(let detail): throw HTTPTransportError.unreachable(detail)
            }
        }
    }

    /// The blocking part: a connection (kept or new), the request, the response.
    private func exchange(_ bytes: [UInt8], method: String, origin: HTTPURL.Origin, deadline: ContinuousClock.Instant, inFlight: InFlight) throws(HTTP1.Failure) -> HTTP1.Response {
        var reuse = true
        while true {
            let (connection, reused) = try self.connection(to: origin, deadline: deadline, reuse: reuse)
            guard inFlight.begin(connection) else {
                connection.stream.close()
                throw .broken("cancelled", beforeAnswer: true)
            }
            do throws(HTTP1.Failure) {
                let written = bytes.withUnsafeBytes { buffer in
                    Result { () throws(StreamError) in try connection.stream.write(buffer, deadline: deadline) }
                }
                switch written {
                case .success: break
                case .failure(.timeout): throw .timeout
                case .failure(.failed(let detail)): throw .broken("cannot send the request to \(origin): \(detail)", beforeAnswer: true)
                }
                var reader = HTTP1.ResponseReader(stream: connection.stream, deadline: deadline, maximumBodySize: maximumBodySize)
                let response = try reader.read(method: method)
                inFlight.end()
                if response.keepAlive { idle.withLock { $0[origin, default: []].append(connection) } } else { connection.stream.close() }
                return response
            } catch {
                inFlight.end()
                connection.stream.close()
                // A kept-alive connection the server closed while it sat idle: go again once on a new one.
                if case .broken(_, beforeAnswer: true) = error, reused, !inFlight.cancelled {
                    reuse = false
                    continue
                }
                throw error
            }
        }
    }

    private func connection(to origin: HTTPURL.Origin, deadline: ContinuousClock.Instant, reuse: Bool) throws(HTTP1.Failure) -> (Connection, reused: Bool) {
        if reuse, let kept = idle.withLock({ $0[origin]?.popLast() }) {
            return (kept, true)
        }
        do throws(StreamError) {
            let socket = try Socket.connect(host: origin.host, port: origin.port, deadline: deadline)
            guard origin.secure else { return (Connection(stream: socket), false) }
            do throws(StreamError) {
                return (Connection(stream: try TLSStream(socket: socket, host: origin.host, trust: try trustStore(), deadline: deadline)), false)
            } catch {
                socket.close()
                throw error
            }
        } catch {
            switch error {
            case .timeout: throw .timeout
            case .failed(let detail): throw .unreachable("cannot connect to \(origin): \(detail)")
            }
        }
    }

    private func trustStore() throws(StreamError) -> TrustStore {
        try trust.withLock { (store: inout TrustStore?) throws(StreamError) -> TrustStore in
            if let store { return store }
            let loaded = try TrustStore(environment: caBundle)
            store = loaded
            return loaded
        }
    }
}

/// A connection and the stream it speaks through; handed to one exchange at a time.
final class Connection: @unchecked Sendable {
    // @unchecked: a connection is used by one I/O thread at a time; the pool's lock orders the hand-overs.
    let stream: any ByteStream

    init(stream: any ByteStream) {
        self.stream = stream
    }
}

/// The connection an exchange is using, so that cancelling the task can wake its blocked thread.
final class InFlight: Sendable {
    private struct State {
        var connection: Connection?
        var cancelled = false
    }

    private let state = Mutex(State())

    var cancelled: Bool { state.withLock { $0.cancelled } }

    /// Records `connection` as in use; `false` when the task was already cancelled.
    func begin(_ connection: Connection) -> Bool {
        state.withLock { state in
            guard !state.cancelled else { return false }
            state.connection = connection
            return true
        }
    }

    func end() {
        state.withLock { $0.connection = nil }
    }

    func cancel() {
        state.withLock { state in
            state.cancelled = true
            state.connection?.stream.interrupt()
        }
    }
}
