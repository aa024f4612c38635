/// The AWS SDKs' *standard* retry mode (botocore `retries/standard.py`): few attempts, exponential backoff
/// with full jitter, and only for errors that a retry can fix.
///
/// A 4xx that is not throttling is the caller's mistake and is never retried; a create is only replayed
/// after a throttling answer, a 5xx or a dropped connection, where AWS did not act on it or will say so.
package struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    package var maxAttempts: Int = 3
    /// Attempts in all when AWS throttles. A deploy's control-plane calls meet low fixed rates (API
    /// Gateway's management API takes 10 requests per second per account), where waiting out the limit is the
    /// fix, so the CLI allows more than the SDKs' three; a dead endpoint or a server error still fails after
    /// `maxAttempts`.
    package var throttlingAttempts: Int = 3
    package var baseDelay: Duration = .seconds(1)
    package var maxDelay: Duration = .seconds(20)

    package init(maxAttempts: Int = 3, throttlingAttempts: Int? = nil, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(20)) {
        self.maxAttempts = maxAttempts
        self.throttlingAttempts = throttlingAttempts ?? maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Whether attempt `attempt` (counting from 1) that failed as `failure` may be followed by another.
    package func allowsAnother(after attempt: Int, _ failure: Failure) -> Bool {
        attempt < (failure == .throttling ? throttlingAttempts : maxAttempts)
    }

    package enum Failure: Sendable, Equatable {
        case throttling
        case transient
        case timeout
    }

    /// Codes the SDKs treat as "slow down".
    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown",
    ]
    /// Codes the SDKs treat as passing faults.
    static let transientCodes: Set<String> = ["RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"]
    static let transientStatuses: Set<Int> = [500, 502, 503, 504]

    /// Which kind of retryable failure this is, or `nil` when retrying cannot help.
    package func classify(_ error: any Error) -> Failure? {
        switch error {
        case let error as AWSServiceError:
            if Self.throttlingCodes.contains(error.code) || error.status == 429 { return .throttling }
            if Self.transientCodes.contains(error.code) || Self.transientStatuses.contains(error.status) { return .transient }
            return nil
        case let error as TransportError:
            switch error {
            case .connection, .answerLost: return .transient
            case .timeout: return .timeout
            case .undecodableBody(_, _, let status, _, _): return Self.transientStatuses.contains(status) ? .transient : nil
            case .invalidEndpoint: return nil
            }
        default:
            return nil
        }
    }

    /// Whether AWS may have acted on a request that failed this way: its answer was lost (a connection that
    /// broke, a timeout) or was a server error. A throttling answer, a 4xx and a connection that was never
    /// made all mean it did not. Service clients' error enums are looked through to the AWS error they carry.
    package static func outcomeUnknown(_ error: any Error) -> Bool {
        switch error {
        case let error as TransportError:
            switch error {
            case .answerLost, .timeout: return true
            case .undecodableBody(_, _, let status, _, _): return status >= 500
            case .connection, .invalidEndpoint: return false
            }
        case let error as any AWSServiceErrorWrapping:
            let error = error.serviceError
            return error.status >= 500 && !throttlingCodes.contains(error.code)
        default:
            return false
        }
    }

    /// The wait before attempt `attempt + 1` (attempts count from 1): `random × min(base × 2^(attempt−1), max)`,
    /// or the server's `Retry-After` when it asked for a longer wait (still capped).
    package func delay(afterAttempt attempt: Int, random: Double, retryAfter: Duration? = nil) -> Duration {
        let exponential = baseDelay * (1 << min(attempt - 1, 30))
        let jittered = min(exponential, maxDelay) * random
        guard let retryAfter else { return jittered }
        return min(max(jittered, retryAfter), maxDelay)
    }
}
