import Crypto
import Foundation

/// A digest of the file signatures (path, size, modification time, inode) of everything `swift build` reads
/// from disk to build the function: the package folder, its local (path) dependencies, the checkouts of its
/// remote ones, and the Swift toolchain.
///
/// It lets an unchanged project skip SwiftPM's no-op build (about 2.4 s here; the walk itself costs about
/// 0.15 s over this repository's 10,000 files, most of them remote checkouts) without ever missing a change:
/// it is taken before each build, so an edit made while one runs shows at the next, and it covers every file
/// SwiftPM tracks, by the same kind of signature SwiftPM's build system compares. Anything it does not cover
/// (an upgraded system library) SwiftPM would not rebuild for either. Hidden files and folders (`.build`,
/// `.git`, ...) and hoist's `state/` are left out: SwiftPM never builds from them.
struct BuildInputs {
    var packageRoot: URL
    var scratch: URL

    /// `nil` when the scratch has never been resolved: there is nothing to compare with yet. `files` are
    /// further inputs anywhere on disk.
    func digest(settings: String, files: [URL]) -> String? {
        guard let localPackages = localDependencies() else { return nil }
        var hasher = SHA256()
        hasher.update(data: Array(settings.utf8) + [0])
        Self.addTree(packageRoot, skippingTopLevel: ["state"], to: &hasher)
        for folder in localPackages { Self.addTree(folder, skippingTopLevel: [], to: &hasher) }
        Self.addTree(scratch.appendingPathComponent("checkouts"), skippingTopLevel: [], to: &hasher)
        Self.add(scratch.appendingPathComponent("workspace-state.json").path, to: &hasher)
        for file in files { Self.add(file.path, to: &hasher) }
        if let swift = Self.toolchain() { Self.add(swift, to: &hasher) }
        return Data(hasher.finalize()).base64EncodedString()
    }

    private struct WorkspaceState: Decodable {
        struct Object: Decodable { var dependencies: [Dependency] }
        struct Dependency: Decodable { var packageRef: Reference }
        struct Reference: Decodable {
            var kind: String
            var location: String
        }
        var object: Object
    }

    /// The path packages the last resolution found, from SwiftPM's own record of it.
    private func localDependencies() -> [URL]? {
        guard let data = FileManager.default.contents(atPath: scratch.appendingPathComponent("workspace-state.json").path),
            let state = try? JSONDecoder().decode(WorkspaceState.self, from: data)
        else { return nil }
        return state.object.dependencies.filter { $0.packageRef.kind == "fileSystem" }.map { URL(fileURLWithPath: $0.packageRef.location) }
    }

    /// The `swift` that PATH names, resolved through its symlinks: a new toolchain is a new file.
    private static func toolchain() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/swift"
            if FileManager.default.isExecutableFile(atPath: candidate) { return URL(fileURLWithPath: candidate).resolvingSymlinksInPath().path }
        }
        return nil
    }

    private static func addTree(_ folder: URL, skippingTopLevel skipped: Set<String>, to hasher: inout SHA256) {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: folder.path) else {
            add(folder.path, to: &hasher)
            return
        }
        var pending = names.filter { !$0.hasPrefix(".") && !skipped.contains($0) }.sorted(by: >).map { folder.path + "/" + $0 }
        // Symlinked folders are followed, as SwiftPM follows them; each folder once, so a loop ends.
        var visited: Set<UInt64> = []
        while let path = pending.popLast() {
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFDIR {
                guard visited.insert(UInt64(info.st_ino)).inserted else { continue }
                let children = ((try? manager.contentsOfDirectory(atPath: path)) ?? []).filter { !$0.hasPrefix(".") }.sorted(by: >)
                pending.append(contentsOf: children.map { path + "/" + $0 })
            } else {
                add(path, to: &hasher)
            }
        }
    }

    private static func add(_ path: String, to hasher: inout SHA256) {
        var info = stat()
        let signature = stat(path, &info) == 0 ? "\(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_ino)" : "absent"
        hasher.update(data: Array("\(path)\u{0}\(signature)\u{0}".utf8))
    }
}
