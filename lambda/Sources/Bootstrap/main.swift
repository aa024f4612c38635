import FoundationEssentials
import LambdaRuntime

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// The function's entry point for the provided.al2023 runtime: read the environment once, then loop.
// It imports FoundationEssentials, not Foundation, so the static binary carries no ICU data.
// The items API (routing, DynamoDB) is not written yet; until it is, every request gets a 501 that says so.

/// Writes one line to standard error through the file descriptor (the C `stderr` global is not concurrency-safe).
func printError(_ message: String) {
    var line = "error: \(message)\n"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

guard let endpoint = ProcessInfo.processInfo.environment["AWS_LAMBDA_RUNTIME_API"] else {
    printError("\(LambdaRuntimeError.missingEnvironment("AWS_LAMBDA_RUNTIME_API"))")
    exit(1)
}

let notImplemented = Array(#"{"statusCode":501,"headers":{"content-type":"application/json"},"body":"{\"message\":\"the items API is not implemented yet\"}"}"#.utf8)
do {
    try await LambdaRuntime.run(client: HTTPRuntimeClient(endpoint: endpoint)) { _ in notImplemented }
} catch {
    printError("the Runtime API at \(endpoint) failed: \(error)")
    exit(1)
}
