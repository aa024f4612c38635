/// The Runtime API as the loop needs it, so tests can drive the loop without a server.
package protocol LambdaRuntimeClient: Sendable {
    /// Blocks until Lambda has an event (it may wait a long time: no deadline applies).
    func nextInvocation() async throws -> Invocation
    func respond(requestID: String, body: [UInt8]) async throws
    func reportError(requestID: String, _ error: ErrorReport) async throws
    func reportInitError(_ error: ErrorReport) async throws
}

/// The JSON body Lambda expects for errors.
package struct ErrorReport: Codable, Sendable, Equatable {
    package var errorMessage: String
    package var errorType: String
    package init(errorMessage: String, errorType: String) {
        self.errorMessage = errorMessage
        self.errorType = errorType
    }
}
