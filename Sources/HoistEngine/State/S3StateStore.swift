import AWSS3
import AWSTransport
import Foundation
import Logging
import Synchronization

/// The environment's state as an S3 object, for a team and its CI sharing one environment (hoist.yml's
/// `state: {backend: s3, bucket: B, key: K}`): `<K>/<project>-<env>.json`, and beside it the lock
/// `<K>/<project>-<env>.lock`, as Terraform's S3 backend keeps `use_lockfile` locks.
///
/// The lock is an object created only if absent (`If-None-Match: *`), holding who, where and since when; it is
/// deleted when the run ends, and a holder killed before that leaves it, named in the refusal until
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
        do {
            if force { try await s3.deleteObject(bucket: bucket, key: lockKey, logger: logger) }
            try await acquire()
        } catch S3Error.noSuchBucket {
            throw StateStore.StateError.missingBucket(bucket: bucket, region: s3.client.region)
        }
        let result: T
        do {
            result = try await body()
        } catch {
            try? await release()
            throw error
        }
        try await release()
        return result
    }

    /// Creates the lock object if there is none. Refused, it reads who holds it; a lock released between the
    /// two (its holder just finished) is free, so it tries again, a few times at most.
    private func acquire() async throws {
        let body = Array(try JSONEncoder().encode(Holder.current))
        for _ in 1...3 {
            do {
                try await s3.putObject(bucket: bucket, key: lockKey, body: body, contentType: "application/json", condition: .absent, logger: logger)
                return
            } catch S3Error.preconditionFailed, S3Error.conditionalRequestConflict {
                guard let held = try await s3.getObject(bucket: bucket, key: lockKey, logger: logger) else { continue }
                let holder = (try? JSONDecoder().decode(Holder.self, from: Data(held.body)))?.description ?? "holder unknown"
                throw StateStore.StateError.lockedRemotely(location: lockLocation, holder: holder)
            }
        }
        throw StateStore.StateError.lockedRemotely(location: lockLocation, holder: "taken and released by others as this run tried")
    }

    /// Deletes the lock even when the run was cancelled (Ctrl-C), so the next run finds it free.
    private func release() async throws {
        let (s3, bucket, lockKey, logger) = (s3, bucket, lockKey, logger)
        try await Task { try await s3.deleteObject(bucket: bucket, key: lockKey, logger: logger) }.value
    }

    /// Who holds the lock, as the lock object records it.
    struct Holder: Codable, CustomStringConvertible {
        var who: String
        var host: String
        var pid: Int32
        var since: String

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
