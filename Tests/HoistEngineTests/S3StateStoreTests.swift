import AWSS3
import AWSSigV4
import AWSTransport
import Foundation
import HoistEngine
import HoistTestSupport
import Logging
import Testing

/// Team state in S3 against moto's S3 (signature checks on, conditional writes atomic as S3 makes them),
/// with the other writer played by boto3.
@Suite("S3 state")
struct S3StateStoreTests {
    let logger = Logger(label: "test")

    func objects(_ moto: MotoServer, _ arguments: [String]) async throws -> String {
        try await PythonScript.run(
            "Tests/HoistCLITests/s3_objects.py", arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey] + arguments)
    }

    func store(_ moto: MotoServer) -> S3StateStore {
        S3StateStore(s3: S3Client(client: moto.client()), bucket: "team-state", prefix: "hoist", project: "shop", environment: "dev", logger: logger)
    }

    @Test("a write replaces only the version this run read: a newer state written by another is refused, not overwritten")
    func guardedWrites() async throws {
        try await withMotoServer { moto in
            _ = try await objects(moto, ["create-bucket", "team-state"])
            let mine = store(moto)
            #expect(try await mine.load() == nil)
            var state = StateFile(project: "shop", environment: "dev", account: moto.accountID, region: "us-east-1")
            state.resources["role"] = .init(id: "shop-dev-role")
            try await mine.save(state)
            state.resources["table"] = .init(id: "shop-dev-table")
            try await mine.save(state)
            #expect(try await store(moto).load() == state, "another reader sees the last write")

            // Another writer gets there first; this run's next write must not overwrite it.
            var theirs = state
            theirs.resources["api"] = .init(id: "a1")
            _ = try await objects(moto, ["put", "team-state", "hoist/shop-dev.json", String(decoding: try StateStore.encode(theirs), as: UTF8.self)])
            state.resources["function"] = .init(id: "shop-dev")
            await #expect(throws: StateStore.StateError.staleWrite(location: "s3://team-state/hoist/shop-dev.json")) { try await mine.save(state) }
            #expect(try await store(moto).load() == theirs)

            // A fresh writer that finds none creates it only if it is still absent.
            try await mine.remove()
            let late = store(moto)
            #expect(try await late.load() == nil)
            try await mine.save(state)
            await #expect(throws: StateStore.StateError.staleWrite(location: "s3://team-state/hoist/shop-dev.json")) { try await late.save(theirs) }
        }
    }

    @Test("a bucket that is not there is one line with the command that makes it")
    func missingBucket() async throws {
        try await withMotoServer { moto in
            let missing = StateStore.StateError.missingBucket(bucket: "team-state", region: "us-east-1")
            await #expect(throws: missing) { try await store(moto).withLock(force: false) {} }
            await #expect(throws: missing) { try await store(moto).load() }
            #expect(missing.description == "the state bucket team-state does not exist in us-east-1; create it (aws s3 mb s3://team-state --region us-east-1) or fix hoist.yml's state")
        }
    }

    @Test("the lock: a second holder is refused naming the first; released at the end; a dead holder's lock is named until --force-unlock")
    func lock() async throws {
        try await withMotoServer { moto in
            _ = try await objects(moto, ["create-bucket", "team-state"])
            let first = store(moto), second = store(moto)
            try await first.withLock(force: false) {
                let lock = try await objects(moto, ["get", "team-state", "hoist/shop-dev.lock"])
                #expect(lock.contains("\"pid\":\(getpid())"), "\(lock)")
                do {
                    try await second.withLock(force: false) { Issue.record("two holders at once") }
                } catch let error as StateStore.StateError {
                    guard case .lockedRemotely(let location, let holder) = error else { throw error }
                    #expect(location == "s3://team-state/hoist/shop-dev.lock")
                    #expect(holder.contains("pid \(getpid()) on "), "\(holder)")
                }
            }
            await #expect(throws: (any Error).self) { try await objects(moto, ["get", "team-state", "hoist/shop-dev.lock"]) }
            try await second.withLock(force: false) {}

            // A holder killed mid-run leaves its lock: named in the refusal until forced.
            _ = try await objects(moto, ["put", "team-state", "hoist/shop-dev.lock", #"{"who":"ci","host":"runner-7","pid":4242,"since":"2026-12-02T10:00:00Z"}"#])
            await #expect(throws: StateStore.StateError.lockedRemotely(location: "s3://team-state/hoist/shop-dev.lock", holder: "ci, pid 4242 on runner-7 since 2026-12-02T10:00:00Z")) {
                try await first.withLock(force: false) {}
            }
            var ran = false
            try await first.withLock(force: true) { ran = true }
            #expect(ran)
        }
    }

    @Test("the lock carries an owner token: a run forced out does not delete its successor's lock when it ends")
    func forcedOut() async throws {
        try await withMotoServer { moto in
            _ = try await objects(moto, ["create-bucket", "team-state"])
            let successor = #"{"who":"ci","host":"runner-7","pid":4242,"since":"2026-12-02T10:00:00Z","token":"theirs"}"#
            try await store(moto).withLock(force: false) {
                // Another run takes the lock over (its --force-unlock) while this one still works.
                _ = try await objects(moto, ["delete", "team-state", "hoist/shop-dev.lock"])
                _ = try await objects(moto, ["put", "team-state", "hoist/shop-dev.lock", successor])
            }
            #expect(try await objects(moto, ["get", "team-state", "hoist/shop-dev.lock"]) == successor, "the successor's lock is still there")
        }
    }

    @Test("a lock create whose answer is lost: the lock read back is this run's, the run goes on, and the lock is gone after")
    func lostAcquire() async throws {
        try await withMotoServer { moto in
            _ = try await objects(moto, ["create-bucket", "team-state"])
            let dropping = LosingFirstAnswer { $0.method == "PUT" && $0.url.hasSuffix(".lock") }
            let store = S3StateStore(
                s3: S3Client(client: moto.client(transport: dropping)), bucket: "team-state", prefix: "hoist", project: "shop", environment: "dev", logger: logger)
            var ran = false
            let lock = try await store.withLock(force: false) { () async throws -> String in
                ran = true
                return try await objects(moto, ["get", "team-state", "hoist/shop-dev.lock"])
            }
            #expect(lock.contains("\"pid\":\(getpid())"), "\(lock)")
            #expect(ran && dropping.dropped, "the first answer was dropped")
            await #expect(throws: (any Error).self) { try await objects(moto, ["get", "team-state", "hoist/shop-dev.lock"]) }
        }
    }

    @Test("every state request names the bucket's owner: the deploying account by default, hoist.yml's bucket_owner when given; another owner is refused")
    func expectedOwner() async throws {
        try await withMotoServer { moto in
            _ = try await objects(moto, ["create-bucket", "team-state"])
            func backend(_ owner: String?) throws -> any StateBackend {
                var config = HoistConfig(projectName: "shop")
                config.state = HoistConfig.StateConfig(bucket: "team-state")
                config.state?.bucketOwner = owner
                return StateBackends.backend(config, environment: "dev", root: URL(fileURLWithPath: "/nonexistent"), client: moto.client(), logger: logger)
            }
            #expect(try await backend(nil).load() == nil)
            #expect(try await backend(moto.accountID).load() == nil)
            do {
                _ = try await backend("999999999999").load()
                Issue.record("a bucket of another account was used")
            } catch let error as S3Error {
                #expect(error.serviceError.code == "AccessDenied" && error.serviceError.status == 403, "\(error)")
            }
        }
    }
}
