import AsyncHTTPClient
import FoundationEssentials
import NIOCore
import NIOHTTP1

/// The Runtime API over HTTP (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html).
package struct HTTPRuntimeClient: LambdaRuntimeClient {
    let base: String
    let httpClient: HTTPClient

    /// The client for the Runtime API: a refused connection fails at once instead of being retried until
    /// the (day-long) deadline of `next`, so a bootstrap started outside Lambda says so and exits.
    package static let sharedHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// - Parameter endpoint: `AWS_LAMBDA_RUNTIME_API`, a `host:port`.
    package init(endpoint: String, httpClient: HTTPClient = HTTPRuntimeClient.sharedHTTPClient) {
        base = "http://\(endpoint)/2018-06-01/runtime"
        self.httpClient = httpClient
    }

    package func nextInvocation() async throws -> Invocation {
        let (status, headers, body) = try await send(.GET, "/invocation/next", body: nil, timeout: .hours(24))
        guard status == 200 else { throw LambdaRuntimeError.unexpectedStatus(path: "/invocation/next", status: status) }
        return try Invocation(headers: headers, body: body)
    }

    package func respond(requestID: String, body: [UInt8]) async throws {
        try await post("/invocation/\(requestID)/response", body: body)
    }

    package func reportError(requestID: String, _ error: ErrorReport) async throws {
        try await post("/invocation/\(requestID)/error", body: Array(try JSONEncoder().encode(error)), errorType: error.errorType)
    }

    package func reportInitError(_ error: ErrorReport) async throws {
        try await post("/init/error", body: Array(try JSONEncoder().encode(error)), errorType: error.errorType)
    }

    private func post(_ path: String, body: [UInt8], errorType: String? = nil) async throws {
        let (status, _, _) = try await send(.POST, path, body: body, errorType: errorType, timeout: .seconds(30))
        guard status == 202 else { throw LambdaRuntimeError.unexpectedStatus(path: path, status: status) }
    }

    private func send(_ method: HTTPMethod, _ path: String, body: [UInt8]?, errorType: String? = nil, timeout: TimeAmount) async throws -> (Int, [(name: String, value: String)], [UInt8]) {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        if let errorType { request.headers.add(name: "Lambda-Runtime-Function-Error-Type", value: errorType) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await httpClient.execute(request, timeout: timeout)
        var buffer = try await response.body.collect(upTo: 6 << 20)
        return (Int(response.status.code), response.headers.map { (name: $0.name, value: $0.value) }, buffer.readBytes(length: buffer.readableBytes) ?? [])
    }
}
