import LeanJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A function behind an HTTP API: mark the type `@main` and hoist's runtime loop serves it.
///
/// ```swift
/// import HoistRuntime
///
/// @main
/// struct Hello: APIHandler {
///     init() async throws {}
///     func handle(_ request: APIGatewayV2Request, context: InvocationContext) async throws -> APIGatewayV2Response {
///         try .json(["message": "hello from \(request.rawPath)"])
///     }
/// }
/// ```
///
/// `init` runs once per cold start: open clients and read settings there. `ssm:/path/name` environment
/// values (hoist.yml's Parameter Store references) already hold their parameters' values by then. If it throws, Lambda is told
/// (an init error, as its logs show it) and the process exits. `handle` runs once per request; one that
/// throws gives API Gateway an invocation error (a 500 to the caller) and the next request is served.
public protocol APIHandler: Sendable {
    init() async throws
    func handle(_ request: APIGatewayV2Request, context: InvocationContext) async throws -> APIGatewayV2Response
}

extension APIHandler {
    /// The process's entry point: set up once, then answer events until Lambda ends the process.
    public static func main() async {
        guard let endpoint = ProcessEnvironment.current["AWS_LAMBDA_RUNTIME_API"] else {
            RuntimeOutput.line("error: \(LambdaRuntimeError.missingEnvironment("AWS_LAMBDA_RUNTIME_API"))", to: 2)
            exit(1)
        }
        let runtime = HTTPRuntimeClient(endpoint: endpoint)
        let handler: Self
        do {
            try await ParameterReferences.resolveInPlace()
            handler = try await Self()
        } catch {
            // Best effort: the process exits either way, and stderr below carries the same message.
            try? await runtime.reportInitError(ErrorReport(errorMessage: "\(error)", errorType: "Runtime.InitError"))
            RuntimeOutput.line("error: \(error)", to: 2)
            exit(1)
        }
        do {
            try await LambdaRuntime.run(client: runtime) { invocation in
                let request = try LeanJSONDecoder().decode(APIGatewayV2Request.self, from: invocation.event)
                return try LeanJSONEncoder().encode(try await handler.handle(request, context: InvocationContext(invocation)))
            }
        } catch {
            RuntimeOutput.line("error: the Runtime API at \(endpoint) failed: \(error)", to: 2)
            exit(1)
        }
    }
}

/// Lines to the function's log: what a handler writes to stdout or stderr goes to CloudWatch Logs.
public enum RuntimeOutput {
    /// Writes one line straight to a file descriptor (the C `stdout`/`stderr` globals are not
    /// concurrency-safe, and an unbuffered write is in the log even if the process dies next).
    public static func line(_ text: String, to descriptor: Int32 = 1) {
        var line = text + "\n"
        line.withUTF8 { _ = write(descriptor, $0.baseAddress, $0.count) }
    }
}
