/// The AWS SDKs' *standard* retry mode (botocore `retries/standard.py`): few attempts, exponential backoff
/// with full jitter, and only for errors that a retry can fix.
///
/// A 4xx that is not throttling is the caller's mistake and is never retried; a create is only replayed
/// after a throttling answer, a 5xx or a dropped connection, where AWS did not act on it or will say so.
package struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    package var maxAttempts: Int = 3
    package var baseDelay: Duration = .seconds(1)
    package var maxDelay: Duration = .seconds(20)

    package init(maxAttempts: Int = 3, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(20)) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
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
            case .connection: return .transient
            case .timeout: return .timeout
            case .undecodableBody(_, _, let status, _, _): return Self.transientStatuses.contains(status) ? .transient : nil
            case .invalidEndpoint: return nil
            }
        default:
            return nil
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
