import AWSTransport
#if canImport(Glibc)
import Glibc
#endif
import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix

/// The CLI's HTTP transport: async-http-client, with its connection pool, proxies and HTTP/2.
package struct AsyncHTTPClientTransport: HTTPTransport {
    package let client: HTTPClient

    package init(client: HTTPClient = AsyncHTTPClientTransport.sharedHTTPClient) {
        self.client = client
    }

    /// The process-wide HTTP client, like `HTTPClient.shared` (and like it never shut down), but it does not
    /// retry refused connections on its own until the deadline: the retry policy decides, so an endpoint that
    /// is down fails in milliseconds with a message instead of hanging for the whole timeout. Up to 16
    /// connections per host, not 8: a deploy reads its whole stack at once, and with one endpoint for every
    /// service (an emulator, a proxy) 8 would split that round into two.
    package static let sharedHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 16
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// The transport on the shared client.
    package static let shared = AsyncHTTPClientTransport()

    package func send(_ request: HTTPRequest, timeout: Duration) async throws -> AWSResponse {
        var httpRequest = HTTPClientRequest(url: request.url)
        httpRequest.method = HTTPMethod(rawValue: request.method)
        for header in request.headers { httpRequest.headers.add(name: header.name, value: header.value) }
        if !request.body.isEmpty { httpRequest.body = .bytes(ByteBuffer(bytes: request.body)) }
        do {
            let response = try await client.execute(httpRequest, timeout: TimeAmount(timeout))
            var body = try await response.body.collect(upTo: 64 << 20)
            return AWSResponse(
                status: Int(response.status.code), headers: response.headers.map { (name: $0.name, value: $0.value) },
                body: body.readBytes(length: body.readableBytes) ?? [])
        } catch let error as HTTPClientError where error == .connectTimeout {
            throw HTTPTransportError.unreachable("no connection within the connect timeout")
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw HTTPTransportError.timeout
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as NIOConnectionError {
            throw HTTPTransportError.unreachable(Self.reason(error))
        } catch let error as IOError where Self.connectFailures.contains(error.errnoCode) {
            throw HTTPTransportError.unreachable(String(cString: strerror(error.errnoCode)).lowercased())
        } catch {
            throw HTTPTransportError.connection("\(error)")
        }
    }

    /// Errors of `connect`: the request never left.
    static let connectFailures: Set<Int32> = [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, EADDRNOTAVAIL]

    /// What stopped every address from connecting, as the system words it ("connection refused"), rather
    /// than NIO's dump of the attempts.
    static func reason(_ error: NIOConnectionError) -> String {
        if error.dnsAError != nil && error.dnsAAAAError != nil { return "cannot resolve \(error.host)" }
        let reasons = error.connectionErrors.map { failure -> String in
            guard let io = failure.error as? IOError else { return "\(failure.error)" }
            return String(cString: strerror(io.errnoCode)).lowercased()
        }
        return Array(Set(reasons)).sorted().joined(separator: ", ")
    }
}
