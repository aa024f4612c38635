import AWSS3
import AWSTransport
import Foundation
import Logging
import Synchronization

/// The environment's state as an S3 object, for a team and its CI sharing one environment (hoist.yml's
/// `state: {backend: s3, bucket: B, key: K}`): `<K>/<project>-<env>.json`, and beside it the lock
/// `<K>/<project>-<env>.lock`, as Terraform's S3 backend keeps `use_lockfile` locks.
///
/// The lock is an object created only if absent (`If-None-Match: *`), holding who, where, since when and a
/// random owner token; it is deleted when the run ends, only if it is still the version this run made, and a holder killed before that leaves it, named in the refusal until
/// `--force-unlock` removes it. Every write replaces only the version this run read or wrote last
/// (`If-Match` on its ETag), so a writer that lost the lock (forced out) cannot overwrite a newer state.
package struct S3StateStore: StateBackend {
    package let s3: S3Client
    package let bucket: String
    package let stateKey: String
    package let lockKey: String
    package let logger: Logger
    /// The ETag of the state as this run last read or wrote it; `nil`: there was none.
    private let eTag = LastETag()

    package init(s3: S3Client, bucket: String, prefix: String, project: String, environment: String, logger: Logger) {
        self.s3 = s3
        self.bucket = bucket
        let folder = prefix.isEmpty ? "" : (prefix.hasSuffix("/") ? prefix : prefix + "/")
        stateKey = "\(folder)\(project)-\(environment).json"
        lockKey = "\(folder)\(project)-\(environment).lock"
        self.logger = logger
    }

    package var location: String { "s3://\(bucket)/\(stateKey)" }

    /// The state object and its lock, and nothing else of the bucket. Listing, limited to those two keys, is
    /// what makes S3 answer 404 for a state not written yet: without it a missing key is a 403.
    package func permissions(partition: String) -> [PolicyStatement] {
        [
            PolicyStatement(
                sid: "TeamState", actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                resources: ["arn:\(partition):s3:::\(bucket)/\(stateKey)", "arn:\(partition):s3:::\(bucket)/\(lockKey)"]),
            PolicyStatement(
                sid: "TeamStateList", actions: ["s3:ListBucket"], resources: ["arn:\(partition):s3:::\(bucket)"],
                condition: ["StringEquals": ["s3:prefix": [stateKey, lockKey]]]),
        ]
    }
    private var lockLocation: String { "s3://\(bucket)/\(lockKey)" }

    package func load() async throws -> StateFile? {
        let found: S3Client.Object?
        do {
            found = try await s3.getObject(bucket: bucket, key: stateKey, logger: logger)
        } catch S3Error.noSuchBucket {
            throw StateStore.StateError.missingBucket(bucket: bucket, region: s3.client.region)
        }
        guard let object = found else {
            eTag.set(nil)
            return nil
        }
        eTag.set(object.eTag)
        return try StateStore.decode(Data(object.body), location: location)
    }

    package func save(_ state: StateFile) async throws {
        let last = eTag.get()
        do {
            let written = try await s3.putObject(
                bucket: bucket, key: stateKey, body: Array(try StateStore.encode(state)), contentType: "application/json",
                condition: last.map { .unchanged(eTag: $0) } ?? .absent, logger: logger)
            eTag.set(written)
        } catch S3Error.preconditionFailed, S3Error.conditionalRequestConflict, S3Error.noSuchKey {
            // noSuchKey: the state this run read was deleted meanwhile (If-Match on a key that is gone).
            throw StateStore.StateError.staleWrite(location: location)
        }
    }

    package func remove() async throws {
        try await s3.deleteObject(bucket: bucket, key: stateKey, logger: logger)
        eTag.set(nil)
    }

    package func withLock<T>(force: Bool, _ body: () async throws -> T) async throws -> T {
        let held: String
        do {
            if force { try await forceUnlock() }
            held = try await acquire()
        } catch S3Error.noSuchBucket {
            throw StateStore.StateError.missingBucket(bucket: bucket, region: s3.client.region)
        }
        let result: T
        do {
            result = try await body()
        } catch {
            try? await release(held)
            throw error
        }
        try await release(held)
        return result
    }

    /// Creates the lock object if there is none, with a random owner token. Refused, it reads who holds it; a
    /// lock released between the two (its holder just finished) is free, so it tries again, a few times at most.
    /// A create whose answer was lost may have made the lock: the lock is read, and one holding this run's
    /// token is this run's.
    /// - Returns: the ETag of the lock this run holds.
    private func acquire() async throws -> String {
        let token = UUID().uuidString
        var holder = Holder.current
        holder.token = token
        let body = Array(try JSONEncoder().encode(holder))
        for _ in 1...3 {
            do {
                return try await s3.putObject(bucket: bucket, key: lockKey, body: body, contentType: "application/json", condition: .absent, logger: logger)
            } catch S3Error.preconditionFailed, S3Error.conditionalRequestConflict {
                // Someone holds it: read who.
            } catch where RetryPolicy.outcomeUnknown(error) {
                // Perhaps made, perhaps not: read whose it is.
            }
            guard let found = try await s3.getObject(bucket: bucket, key: lockKey, logger: logger) else { continue }
            let owner = try? JSONDecoder().decode(Holder.self, from: Data(found.body))
            if owner?.token == token { return found.eTag }
            throw StateStore.StateError.lockedRemotely(location: lockLocation, holder: owner?.description ?? "holder unknown")
        }
        throw StateStore.StateError.lockedRemotely(location: lockLocation, holder: "taken and released by others as this run tried")
    }

    /// Deletes the lock if it is still the one this run made (`If-Match` on its ETag), even when the run was
    /// cancelled (Ctrl-C), so the next run finds it free. One forced away by another run is theirs now, and
    /// stays.
    private func release(_ eTag: String) async throws {
        let (s3, bucket, lockKey, logger) = (s3, bucket, lockKey, logger)
        try await Task {
            do {
                try await s3.deleteObject(bucket: bucket, key: lockKey, ifMatch: eTag, logger: logger)
            } catch S3Error.preconditionFailed, S3Error.noSuchKey {
                logger.warning("the state lock \(lockKey) was taken over by another run (--force-unlock); left to it")
            }
        }.value
    }

    /// Removes the lock found now, and only that one (`If-Match` on the ETag read): a lock made meanwhile by
    /// another run is not removed blind.
    private func forceUnlock() async throws {
        guard let found = try await s3.getObject(bucket: bucket, key: lockKey, logger: logger) else { return }
        do {
            try await s3.deleteObject(bucket: bucket, key: lockKey, ifMatch: found.eTag, logger: logger)
        } catch S3Error.preconditionFailed, S3Error.noSuchKey {
            // Changed or gone since it was read: the acquire that follows says who holds it now.
        }
    }

    /// Who holds the lock, as the lock object records it.
    struct Holder: Codable, CustomStringConvertible {
        var who: String
        var host: String
        var pid: Int32
        var since: String
        /// Random per acquire: which run made the lock, whatever its pid and host say.
        var token: String?

        static var current: Holder {
            let environment = ProcessInfo.processInfo.environment
            return Holder(
                who: environment["USER"] ?? environment["LOGNAME"] ?? "unknown", host: ProcessInfo.processInfo.hostName, pid: getpid(),
                since: ISO8601DateFormatter().string(from: Date()))
        }

        var description: String { "\(who), pid \(pid) on \(host) since \(since)" }
    }

    /// Shared by every copy of the store, so the recorder's writes and the engine's read see one ETag.
    final class LastETag: Sendable {
        private let value = Mutex<String?>(nil)
        func get() -> String? { value.withLock { $0 } }
        func set(_ eTag: String?) { value.withLock { $0 = eTag } }
    }
}
