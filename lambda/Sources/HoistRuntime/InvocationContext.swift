#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let nowMilliseconds = Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
        return .milliseconds(max(0, deadlineMilliseconds - nowMilliseconds))
    }
}
