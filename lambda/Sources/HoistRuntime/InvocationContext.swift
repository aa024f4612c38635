/// What Lambda says about the invocation under way, beside its event.
public struct InvocationContext: Sendable, Equatable {
    public var requestID: String
    /// When Lambda stops the invocation, in milliseconds since 1970 as Lambda gives it; work that cannot finish
    /// by then should not start. (A number, not a Foundation `Date`: the runtime links no Foundation.)
    public var deadlineMilliseconds: Int64
    public var invokedFunctionARN: String
    /// The X-Ray trace header, for passing on to calls the handler makes.
    public var traceID: String?

    package init(_ invocation: Invocation) {
        requestID = invocation.requestID
        deadlineMilliseconds = invocation.deadlineMilliseconds
        invokedFunctionARN = invocation.invokedFunctionARN
        traceID = invocation.traceID
    }

    /// Time left before the deadline, never negative.
    public var remainingTime: Duration {
        .milliseconds(max(0, deadlineMilliseconds - WallClock.millisecondsSince1970()))
    }
}
