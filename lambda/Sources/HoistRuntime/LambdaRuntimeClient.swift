/// The Runtime API as the loop needs it, so tests can drive the loop without a server.
package protocol LambdaRuntimeClient: Sendable {
    /// Blocks until Lambda has an event (it may wait a long time: no deadline applies).
    func nextInvocation() async throws -> Invocation
    func respond(requestID: String, body: [UInt8]) async throws
    func reportError(requestID: String, _ error: ErrorReport) async throws
    func reportInitError(_ error: ErrorReport) async throws
}

/// The JSON body Lambda expects for errors (the Runtime API's `ErrorRequest`: message, type, stack trace).
/// `errorType` also goes in the `Lambda-Runtime-Function-Error-Type` header, where the Runtime API asks for
/// `<category>.<reason>` (`Runtime.InitError`); a bare Swift type name there is read as `Runtime.Unknown`.
package struct ErrorReport: Codable, Sendable, Equatable {
    package var errorMessage: String
    package var errorType: String
    package var stackTrace: [String] = []
    package init(errorMessage: String, errorType: String) {
        self.errorMessage = errorMessage
        self.errorType = errorType
    }

    /// A handler's error: `Function.<its Swift type>`, letters and digits only.
    package init(handlerError error: any Error) {
        let name = String(describing: type(of: error)).filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
        self.init(errorMessage: "\(error)", errorType: "Function.\(name.isEmpty ? "Error" : name)")
    }
}
