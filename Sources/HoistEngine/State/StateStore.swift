import Foundation

/// Reads and writes `state/<project>-<env>.json`: atomically (temp file, fsync, rename) after each change,
/// keeping the previous version as `.backup`, and guarded by a lock so two deploys of one environment never
/// interleave. Both files are the owner's only (0600): they name the account and every resource.
package struct StateStore: StateBackend {
    package let directory: URL
    package let project: String
    package let environment: String

    package init(directory: URL, project: String, environment: String) {
        self.directory = directory
        self.project = project
        self.environment = environment
    }

    package var file: URL { directory.appendingPathComponent("\(project)-\(environment).json") }
    package var backup: URL { directory.appendingPathComponent("\(project)-\(environment).json.backup") }
    package var lockFile: URL { directory.appendingPathComponent("\(project)-\(environment).lock") }

    package enum StateError: Error, Equatable, CustomStringConvertible {
        case corrupt(path: String, detail: String)
        case newerVersion(path: String, version: Int)
        case otherTarget(path: String, account: String, region: String, expectedAccount: String, expectedRegion: String)
        case locked(path: String, holder: String)
        /// An S3 lock outlives a holder that was killed, so the message says what to do then.
        case lockedRemotely(location: String, holder: String)
        /// The state changed since this run read it: another writer got there first.
        case staleWrite(location: String)
        /// hoist.yml's state names a bucket that is not there.
        case missingBucket(bucket: String, region: String)
        case io(path: String, detail: String)

        package var description: String {
            switch self {
            case .corrupt(let path, let detail):
                "\(path) is not a hoist state file (\(detail)); restore it from \(path).backup or move it away to let hoist adopt what exists"
            case .newerVersion(let path, let version):
                "\(path) was written by a newer hoist (state version \(version)); upgrade hoist"
            case .otherTarget(let path, let account, let region, let expectedAccount, let expectedRegion):
                "\(path) belongs to account \(account) in \(region), but the credentials are for \(expectedAccount) in \(expectedRegion); use the matching credentials/--region or another --env"
            case .locked(let path, let holder):
                "another hoist holds \(path) (\(holder)); wait for it to finish, or run with --force-unlock if it hangs"
            case .lockedRemotely(let location, let holder):
                "another hoist holds \(location) (\(holder)); wait for it to finish, or if that run was killed, run with --force-unlock"
            case .missingBucket(let bucket, let region):
                "the state bucket \(bucket) does not exist in \(region); create it (aws s3 mb s3://\(bucket) --region \(region)) or fix hoist.yml's state"
            case .staleWrite(let location):
                "\(location) changed since this run read it (another hoist wrote it); nothing was overwritten, run the command again"
            case .io(let path, let detail):
                "cannot write \(path): \(detail)"
            }
        }
    }

    package var location: String { file.path }

    /// The state, `nil` when none was written yet.
    package func load() throws(StateError) -> StateFile? {
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw .io(path: file.path, detail: error.localizedDescription)
        }
        return try Self.decode(data, location: file.path)
    }

    /// A state file's bytes, wherever they were kept: refused when corrupt or written by a newer hoist.
    package static func decode(_ data: Data, location: String) throws(StateError) -> StateFile {
        struct Versioned: Decodable { var version: Int }
        guard let versioned = try? JSONDecoder().decode(Versioned.self, from: data) else {
            throw .corrupt(path: location, detail: "no \"version\"")
        }
        guard versioned.version <= StateFile.currentVersion else { throw .newerVersion(path: location, version: versioned.version) }
        do {
            return try JSONDecoder().decode(StateFile.self, from: data)
        } catch {
            throw .corrupt(path: location, detail: "\(error)")
        }
    }

    /// A state as it is written: stable key order, so two writes of one state are the same bytes.
    package static func encode(_ state: StateFile) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(state) + Data("\n".utf8)
    }

    /// Writes `state` so that a crash at any point leaves the state and the backup each whole: the new state
    /// is written to a temp file and renamed over the old; the backup is a hard link to the old state, made
    /// under a temp name and renamed into place, so it is never a partial copy.
    package func save(_ state: StateFile) throws(StateError) {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let data = try Self.encode(state)
            let temporary = temporaryFile(for: file)
            try Self.writeDurably(data, to: temporary.path)
            if FileManager.default.fileExists(atPath: file.path) {
                let linked = temporaryFile(for: backup)
                unlink(linked.path)
                try Self.check(link(file.path, linked.path))
                try Self.check(rename(linked.path, backup.path))
            }
            try Self.check(rename(temporary.path, file.path))
            // The renames are entries of the folder: until it is synced too, a power cut can bring back the old
            // state (a resource made, then forgotten) however durably the file itself was written.
            try Self.syncFolder(directory.path)
        } catch let error as StateError {
            throw error
        } catch {
            throw .io(path: file.path, detail: "\(error)")
        }
    }

    /// `.<name>.<pid>.tmp` beside `target`: the pid tells a later run whether its writer is still alive.
    private func temporaryFile(for target: URL) -> URL {
        directory.appendingPathComponent(".\(target.lastPathComponent).\(getpid()).tmp")
    }

    private static func syncFolder(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        try check(descriptor >= 0 ? 0 : -1)
        defer { close(descriptor) }
        try check(fsync(descriptor))
    }

    private static func writeDurably(_ data: Data, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        try check(descriptor >= 0 ? 0 : -1)
        defer { close(descriptor) }
        try data.withUnsafeBytes { bytes in
            var written = 0
            while written < bytes.count {
                let count = write(descriptor, bytes.baseAddress! + written, bytes.count - written)
                if count < 0, errno == EINTR { continue }
                try check(count < 0 ? -1 : 0)
                written += count
            }
        }
        try check(fsync(descriptor))
    }

    private static func check(_ result: Int32) throws {
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    /// Removes the temp files of writers that died (a crash, `kill -9`) between writing and renaming them.
    /// Called under the lock, so no live hoist of this environment is writing; a live pid is left alone anyway.
    package func removeStaleTemporaryFiles() {
        let prefixes = [".\(file.lastPathComponent).", ".\(backup.lastPathComponent)."]
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names where name.hasSuffix(".tmp") {
            let pids = prefixes.filter { name.hasPrefix($0) }.compactMap { Int32(name.dropFirst($0.count).dropLast(".tmp".count)) }
            guard let pid = pids.first, pid != getpid(), kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            unlink(directory.appendingPathComponent(name).path)
        }
    }

    /// Removes the state once everything it listed is gone.
    package func remove() throws(StateError) {
        do {
            for url in [file, backup] where FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
        } catch {
            throw .io(path: file.path, detail: "\(error)")
        }
    }

    /// Holds the environment's lock for the duration of `body`.
    ///
    /// The lock is a POSIX record lock (`fcntl`) on `<project>-<env>.lock`. The system releases it when its
    /// holder exits however it exits (Ctrl-C, a crash, `kill -9`), so a run that died never blocks the next one
    /// and `--force-unlock` is only for a holder that hangs; and unlike `flock`, a process the holder starts
    /// never inherits it, so it cannot outlive the holder in a child. The file's text (pid, host, time) names
    /// the live holder in the refusal. `force` starts a new lock file, leaving a hung holder the old one.
    package func withLock<T>(force: Bool = false, _ body: () async throws -> T) async throws -> T {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if force { try? FileManager.default.removeItem(at: lockFile) }
        let descriptor = open(lockFile.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw StateError.io(path: lockFile.path, detail: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var whole = flock()
        whole.l_type = Int16(F_WRLCK)
        whole.l_whence = Int16(SEEK_SET)
        guard fcntl(descriptor, F_SETLK, &whole) == 0 else {
            let holder = (try? String(contentsOf: lockFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            throw StateError.locked(path: lockFile.path, holder: holder.isEmpty ? "holder unknown" : holder)
        }
        let holder = "pid \(getpid()) on \(ProcessInfo.processInfo.hostName) since \(ISO8601DateFormatter().string(from: Date()))\n"
        _ = ftruncate(descriptor, 0)
        _ = holder.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        // Emptied before the descriptor closes (defers run last first), so no later reader names a gone holder.
        defer { _ = ftruncate(descriptor, 0) }
        removeStaleTemporaryFiles()
        return try await body()
    }
}
