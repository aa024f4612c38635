import AWSTransport

/// Sends a create so that it makes its resource once, however often its answer is lost.
///
/// The transport does not send a create again after an unknown outcome (a dropped connection, a timeout, a
/// 5xx): AWS may have made the resource. Here hoist first looks for what it may have made (by name, by the
/// tags it set at creation, by integration URI, by statement id) and adopts it; only when nothing is there is
/// the create sent again. An "already exists" answer is success when what exists is checked to be the
/// resource wanted (the answer to hoist's own earlier attempt), and the error otherwise.
package enum CreateOnce {
    /// Creates in all, the first included: each after an unknown outcome and a look that found nothing.
    package static let attempts = 4

    /// - Parameters:
    ///   - create: the create call.
    ///   - find: the resource if it exists and is the one wanted, else `nil`.
    ///   - alreadyExists: whether an error is the service saying the resource exists.
    package static func run<T>(
        _ create: () async throws -> T, find: () async throws -> T?, alreadyExists: (any Error) -> Bool = { _ in false }
    ) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await create()
            } catch let error where alreadyExists(error) {
                if let found = try await find() { return found }
                throw error
            } catch let error where RetryPolicy.outcomeUnknown(error) && attempt < attempts {
                if let found = try await find() { return found }
                attempt += 1
            }
        }
    }
}
