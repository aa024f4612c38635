import AWSDynamoDB
import AWSSigV4
import AWSTransport
import ItemsAPI
import LambdaRuntime
import LeanHTTP
import Logging

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// The function's entry point for the provided.al2023 runtime: read the environment once, then loop.
// It imports FoundationEssentials, not Foundation, so the static binary carries no ICU data.

/// Writes one line to a file descriptor (the C `stdout`/`stderr` globals are not concurrency-safe).
func writeLine(_ text: String, to descriptor: Int32) {
    var line = text + "\n"
    line.withUTF8 { _ = write(descriptor, $0.baseAddress, $0.count) }
}

let environment = ProcessInfo.processInfo.environment
guard let endpoint = environment["AWS_LAMBDA_RUNTIME_API"] else {
    writeLine("error: \(LambdaRuntimeError.missingEnvironment("AWS_LAMBDA_RUNTIME_API"))", to: 2)
    exit(1)
}
let runtime = HTTPRuntimeClient(endpoint: endpoint)

/// Lambda hands the function its role's credentials in the environment; local runs point DynamoDB elsewhere.
func makeAPI() throws -> ItemsAPI {
    guard let table = environment["TABLE_NAME"], let region = environment["AWS_REGION"] else {
        throw LambdaRuntimeError.missingEnvironment("TABLE_NAME and AWS_REGION")
    }
    guard let key = environment["AWS_ACCESS_KEY_ID"], let secret = environment["AWS_SECRET_ACCESS_KEY"] else {
        throw LambdaRuntimeError.missingEnvironment("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
    }
    var endpoints: [String: String] = [:]
    for name in ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB"] { endpoints[name] = environment[name] }
    let client = AWSClient(
        transport: LeanHTTPClient.shared,
        credentialProvider: StaticCredentialProvider(AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"])),
        endpoints: EndpointResolver(region: region, environment: endpoints))
    var logger = Logger(label: "items") { StreamLogHandler.standardError(label: $0) }
    logger.logLevel = .warning
    return ItemsAPI(dynamoDB: DynamoDBClient(client: client), tableName: table, logger: logger)
}

let api: ItemsAPI
do {
    api = try makeAPI()
} catch {
    // Best effort: the process exits either way, and stderr below carries the same message.
    try? await runtime.reportInitError(ErrorReport(errorMessage: "\(error)", errorType: "Runtime.InitError"))
    writeLine("error: \(error)", to: 2)
    exit(1)
}

do {
    try await LambdaRuntime.run(client: runtime) { invocation in
        let clock = ContinuousClock()
        let start = clock.now
        let request = try JSONDecoder().decode(APIGatewayV2Request.self, from: Data(invocation.event))
        let response = await api.handle(request)
        let elapsed = clock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        // One JSON line per request: what CloudWatch Logs Insights queries by.
        let log: [String: String] = [
            "requestId": invocation.requestID, "method": request.requestContext.http.method, "path": request.rawPath,
            "status": String(response.statusCode), "durationMs": "\((milliseconds * 10).rounded() / 10)",
        ]
        writeLine(String(decoding: try JSONEncoder().encode(log), as: UTF8.self), to: 1)
        return Array(try JSONEncoder().encode(response))
    }
} catch {
    writeLine("error: the Runtime API at \(endpoint) failed: \(error)", to: 2)
    exit(1)
}
