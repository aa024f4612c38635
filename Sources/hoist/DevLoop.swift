import Foundation
import HoistEngine
import HoistPackaging
import Synchronization

/// The builds of one `hoist dev` session: each is the build `hoist deploy` zips (static, release, in the
/// same scratch folder), so a save costs one incremental build, what is served is what would be deployed,
/// and `--deploy` zips the binary already built instead of building again. Measured on the hello project
/// on 2 cores: 1.6 s after a one-line edit, against 1.3 s for a debug build of the host, which would have
/// cost a second full build of every dependency first and served a binary unlike the deployed one.
final class DevLoop: Sendable {
    struct Build: Sendable {
        var binary: URL
        var bytes: Data
        /// The build-input snapshot taken before it, for `--deploy`'s package record.
        var start: FunctionPackager.Start?
        var seconds: String
    }

    let context: ProjectContext
    let packager: FunctionPackager
    let deploy: Bool
    /// The copies served so far, newest last; see `stage`.
    private let staged = Mutex<[URL]>([])

    init(context: ProjectContext, deploy: Bool) {
        self.context = context
        packager = context.packager
        self.deploy = deploy
    }

    /// Unbuffered on stdout, so a script or a test reading the session's lines sees each as it happens.
    static func say(_ text: String) {
        FileHandle.standardOutput.write(Data("\(text)\n".utf8))
    }

    /// The package and its local dependencies; the package alone until a build has resolved them.
    var sourceRoots: [URL] {
        packager.sourceRoots ?? [packager.build.packageRoot]
    }

    /// The files of one save come within a few milliseconds of each other (an editor's temporary file and its
    /// rename, a formatter's second write); 50 ms gathers them, within the 100 ms a save may wait.
    static let settling = Duration.milliseconds(50)

    func nextChanges(_ watcher: SourceWatcher) async -> [String]? {
        let changes = await watcher.nextChanges(settling: Self.settling, clock: ContinuousClock())
        return Task.isCancelled ? nil : changes
    }

    /// "changed Sources/Function/Function.swift", paths relative to the package where they are inside it. An
    /// editor's temporary files, gone by now, are left out unless nothing else changed (a deleted source).
    func describe(_ paths: [String]) -> String {
        let root = packager.build.packageRoot.path + "/"
        let present = paths.filter { FileManager.default.fileExists(atPath: $0) }
        let names = (present.isEmpty ? paths : present).map { $0.hasPrefix(root) ? String($0.dropFirst(root.count)) : $0 }
        guard names.count > 1 else { return "changed \(names.first ?? "")" }
        return "changed \(names.count) files (\(names.prefix(3).joined(separator: ", "))\(names.count > 3 ? ", …" : ""))"
    }

    /// The binary, or `nil` after printing why it did not build.
    func build() async -> Build? {
        let start = deploy ? packager.start() : nil
        let clock = ContinuousClock(), began = clock.now
        do {
            let binary = try await packager.build.run()
            return Build(binary: binary, bytes: try Data(contentsOf: binary), start: start, seconds: Self.seconds(clock.now - began))
        } catch {
            let serving = staged.withLock { !$0.isEmpty }
            Self.say(
                "build failed after \(Self.seconds(clock.now - began)) s; "
                    + (serving ? "the last good build keeps serving" : "save a fix to serve it") + ":\n\(error)")
            return nil
        }
    }

    /// A copy of the build for the bootstrap to run from: the next build rewrites the binary in place while
    /// this one still serves. Beside the original, where the product's resource bundles are, since
    /// `Bundle.module` looks beside the executable. The copy before the last is removed: it no longer runs.
    func stage(_ build: Build) throws -> URL {
        try staged.withLock { staged in
            let copy = build.binary.deletingLastPathComponent().appendingPathComponent("\(packager.build.product).dev-\(getpid())-\(staged.count)")
            try build.bytes.write(to: copy)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: copy.path)
            if staged.count >= 2 { try? FileManager.default.removeItem(at: staged[staged.count - 2]) }
            staged.append(copy)
            return copy
        }
    }

    /// Removes the copies still on disk, once nothing runs them.
    func removeStaged() {
        for copy in staged.withLock({ $0.suffix(2) }) { try? FileManager.default.removeItem(at: copy) }
    }

    /// Zips the build and sends it to the environment as code only; a failure is printed and the session goes
    /// on, since the next good build tries again.
    func ship(_ build: Build) async {
        let context = context, name = context.spec.functionName
        do {
            let package = try await packager.package(from: build.start, built: build.binary)
            let code = CodePackage(path: package.zipPath, codeSha256: package.codeSha256, source: context.source)
            let updated = try await explained(context) { try await context.engine.updateCode(code: code) }
            Self.say(updated ? "updated \(name): CodeSha256 \(code.codeSha256)" : "unchanged: \(name) already runs this code")
        } catch {
            Self.say("update-code failed: \(error); the next good build tries again")
        }
    }

    private static func seconds(_ duration: Duration) -> String {
        String(format: "%.1f", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }
}
