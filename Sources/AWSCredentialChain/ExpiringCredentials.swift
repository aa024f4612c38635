import AWSSigV4
import AWSTransport
import Foundation

/// Credentials with the instant they stop working (`nil`: never).
package struct ExpiringCredentials: Sendable, Equatable {
    package var credentials: AWSCredentials
    package var expiration: Date?

    package init(credentials: AWSCredentials, expiration: Date?) {
        self.credentials = credentials
        self.expiration = expiration
    }

    /// Parses the ISO 8601 instants STS, containers and IMDS send (`2026-11-25T20:00:00Z`, fractions allowed),
    /// and the `…UTC` form botocore writes into the AWS CLI's caches.
    package static func parseDate(_ text: String?) -> Date? {
        guard var text else { return nil }
        if text.hasSuffix("UTC") { text = String(text.dropLast(3)) + "Z" }
        return (try? Date(text, strategy: .iso8601)) ?? (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
    }

    /// `2026-11-28T08:00:00Z`, as `aws sso login` writes instants into its caches.
    static func format(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon).timeZone(separator: .omitted))
    }
}

/// Serves cached credentials and fetches new ones five minutes before they expire, as the SDKs do, so a
/// long deploy never signs with a key that dies mid-flight. Callers arriving while a fetch runs wait for
/// that one: a deploy starts many calls at once, and a `credential_process` (which may prompt, or hold a
/// lock) or an STS call must run once, not once per call.
package actor RefreshingCredentialProvider: CredentialProvider {
    private let fetch: @Sendable () async throws -> ExpiringCredentials
    private let now: @Sendable () -> Date
    private var cached: ExpiringCredentials?
    private var inFlight: Task<ExpiringCredentials, any Error>?
    static let refreshMargin: TimeInterval = 300

    package init(now: @escaping @Sendable () -> Date = { Date() }, fetch: @escaping @Sendable () async throws -> ExpiringCredentials) {
        self.fetch = fetch
        self.now = now
    }

    /// When the credentials served now stop working; `nil` before the first fetch or for keys that never expire.
    package var expiration: Date? { cached?.expiration }

    package func credentials() async throws -> AWSCredentials {
        if let cached, cached.expiration.map({ $0.timeIntervalSince(now()) > Self.refreshMargin }) ?? true {
            return cached.credentials
        }
        if let inFlight { return try await inFlight.value.credentials }
        let fetch = fetch
        let task = Task { try await fetch() }
        inFlight = task
        defer { inFlight = nil }
        let fresh = try await task.value
        cached = fresh
        return fresh.credentials
    }
}
