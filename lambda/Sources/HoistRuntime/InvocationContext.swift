#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What Lambda says about the invocation under way, beside its event.
public struct InvocationContext: Sendable, Equatable {
    public var requestID: String
    /// When Lambda stops the invocation; work that cannot finish by then should not start.
    public var deadline: Date
    public var invokedFunctionARN: String
    /// The X-Ray trace header, for passing on to calls the handler makes.
    public var traceID: String?

    package init(_ invocation: Invocation) {
        requestID = invocation.requestID
        deadline = Date(timeIntervalSince1970: Double(invocation.deadlineMilliseconds) / 1000)
        invokedFunctionARN = invocation.invokedFunctionARN
        traceID = invocation.traceID
    }

    /// Time left before the deadline, never negative.
    public var remainingTime: Duration {
        .milliseconds(max(0, Int64(deadline.timeIntervalSinceNow * 1000)))
    }
}
