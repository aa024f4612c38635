import Synchronization

/// The standard mode's retry budget (botocore `retries/quota.py`): retries spend tokens, successes earn
/// them back, so a service that is down sees a burst of failures, not three times the traffic.
package final class RetryQuota: Sendable {
    package static let initialCapacity = 500
    static let retryCost = 5
    static let timeoutCost = 10
    static let successRefund = 1

    private let state: Mutex<Int>

    package init(capacity: Int = RetryQuota.initialCapacity) {
        state = Mutex(capacity)
    }

    package var available: Int { state.withLock { $0 } }

    /// Takes the cost of one retry, or answers `nil` when the budget is spent.
    func acquire(for failure: RetryPolicy.Failure) -> Int? {
        let cost = failure == .timeout ? Self.timeoutCost : Self.retryCost
        return state.withLock { tokens in
            guard tokens >= cost else { return nil }
            tokens -= cost
            return cost
        }
    }

    /// A success gives back what its retry cost, or one token when it needed none.
    func release(_ cost: Int?) {
        state.withLock { tokens in
            tokens = min(Self.initialCapacity, tokens + (cost ?? Self.successRefund))
        }
    }
}
