import Foundation
import HoistEngine
import HoistTestSupport
import Testing

/// The state file and its backup survive a crash at any point whole, are the owner's only, and a crashed
/// writer's temp files do not pile up.
@Suite("State store files")
struct StateStoreTests {
    func state(_ api: String) -> StateFile {
        var state = StateFile(project: "shop", environment: "dev", account: "123456789012", region: "us-east-1")
        state.resources["api"] = StateFile.ResourceRecord(id: api, arn: nil)
        return state
    }

    @Test("state and backup are 0600; the backup is the previous state whole, a link to it rather than a copy")
    func modesAndBackup() async throws {
        try await withTemporaryDirectory { directory in
            let store = StateStore(directory: directory, project: "shop", environment: "dev")
            try store.save(state("first"))
            let inodeOfFirst = try FileManager.default.attributesOfItem(atPath: store.file.path)[.systemFileNumber] as? Int
            try store.save(state("second"))
            #expect(try store.load()?.resources["api"]?.id == "second")
            let backup = try JSONDecoder().decode(StateFile.self, from: Data(contentsOf: store.backup))
            #expect(backup.resources["api"]?.id == "first")
            #expect(try FileManager.default.attributesOfItem(atPath: store.backup.path)[.systemFileNumber] as? Int == inodeOfFirst)
            for file in [store.file, store.backup] {
                #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int == 0o600, "\(file.lastPathComponent)")
            }
            let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tmp") }
            #expect(left.isEmpty)
        }
    }

    @Test("temp files of a writer that died are removed under the lock; a live writer's are left")
    func staleTemporaryFiles() async throws {
        try await withTemporaryDirectory { directory in
            let store = StateStore(directory: directory, project: "shop", environment: "dev")
            // A pid that cannot be alive (above the kernel's pid_max) and this process's parent, which is.
            let dead = directory.appendingPathComponent(".shop-dev.json.99999999.tmp")
            let deadBackup = directory.appendingPathComponent(".shop-dev.json.backup.99999999.tmp")
            let live = directory.appendingPathComponent(".shop-dev.json.\(getppid()).tmp")
            let foreign = directory.appendingPathComponent(".other-dev.json.99999999.tmp")
            for file in [dead, deadBackup, live, foreign] { try Data("{".utf8).write(to: file) }
            try await store.withLock {}
            let left = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tmp") })
            #expect(left == [live.lastPathComponent, foreign.lastPathComponent])
        }
    }
}
