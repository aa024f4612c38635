import AWSTransport

/// The invocation loop: one event at a time, a handler error reported and survived.
package enum LambdaRuntime {
    /// Something the function does with an event: returns the response body or throws.
    package typealias Handler = @Sendable (Invocation) async throws -> [UInt8]

    /// Asks for events until the task is cancelled or the Runtime API fails.
    package static func run(client: some LambdaRuntimeClient, handler: Handler) async throws {
        while !Task.isCancelled {
            let invocation = try await client.nextInvocation()
            let body: [UInt8]
            do {
                body = try await AWSClient.$invocationTraceHeader.withValue(invocation.traceID) { try await handler(invocation) }
            } catch {
                try await client.reportError(requestID: invocation.requestID, ErrorReport(handlerError: error))
                continue
            }
            try await client.respond(requestID: invocation.requestID, body: body)
        }
    }
}
