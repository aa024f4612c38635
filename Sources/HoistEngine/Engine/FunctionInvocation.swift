/// What one synchronous call of the deployed function answered, in the engine's terms: the CLI renders it
/// without knowing Lambda's shapes.
package struct FunctionInvocation: Sendable, Equatable {
    /// The function's answer (its error object when `functionError` is set).
    package var payload: [UInt8]
    /// `Unhandled` (or `Handled`) when the function failed.
    package var functionError: String?
    /// A failed call's `errorType: errorMessage`, in one line.
    package var failure: String
    /// Lambda's `REPORT` line (duration, billed duration, memory), when the log tail had one.
    package var report: String?
    /// Whether Lambda sent a log tail at all (a tail without a REPORT line is cut, not absent).
    package var hadLogTail: Bool
}

/// What API Gateway would put in an event's request context for this environment, from the state file.
package struct GatewayIdentity: Sendable, Equatable {
    package var account: String?
    package var apiID: String?
}
