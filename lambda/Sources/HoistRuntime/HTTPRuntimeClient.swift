import AWSTransport
import LeanJSON
import LambdaContract
import LeanHTTP

/// The Runtime API over HTTP (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html).
package struct HTTPRuntimeClient: LambdaRuntimeClient {
    let base: String
    let http: any HTTPTransport

    /// - Parameter endpoint: `AWS_LAMBDA_RUNTIME_API`, a `host:port`.
    package init(endpoint: String, http: any HTTPTransport = LeanHTTPClient.shared) {
        base = "http://\(endpoint)\(RuntimeAPI.basePath)"
        self.http = http
    }

    package func nextInvocation() async throws -> Invocation {
        let response = try await send("GET", "/invocation/next", body: [], timeout: .seconds(24 * 3600))
        guard response.status == 200 else { throw LambdaRuntimeError.unexpectedStatus(path: "/invocation/next", status: response.status) }
        return try Invocation(headers: response.headers, body: response.body)
    }

    package func respond(requestID: String, body: [UInt8]) async throws {
        try await post("/invocation/\(requestID)/response", body: body)
    }

    package func reportError(requestID: String, _ error: ErrorReport) async throws {
        try await post("/invocation/\(requestID)/error", body: try LeanJSONEncoder().encode(error), errorType: error.errorType)
    }

    package func reportInitError(_ error: ErrorReport) async throws {
        try await post("/init/error", body: try LeanJSONEncoder().encode(error), errorType: error.errorType)
    }

    private func post(_ path: String, body: [UInt8], errorType: String? = nil) async throws {
        let response = try await send("POST", path, body: body, errorType: errorType, timeout: .seconds(30))
        guard response.status == 202 else { throw LambdaRuntimeError.unexpectedStatus(path: path, status: response.status) }
    }

    private func send(_ method: String, _ path: String, body: [UInt8], errorType: String? = nil, timeout: Duration) async throws -> AWSResponse {
        var headers: [(name: String, value: String)] = []
        if let errorType {
            headers.append((name: RuntimeAPI.Header.functionErrorType, value: errorType))
            headers.append((name: "Content-Type", value: RuntimeAPI.errorContentType))
        }
        return try await http.send(HTTPRequest(method: method, url: base + path, headers: headers, body: body), timeout: timeout)
    }
}
