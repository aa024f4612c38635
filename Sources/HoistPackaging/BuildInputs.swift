import Crypto
import Foundation

/// A digest of the file signatures (path, size, modification time, inode) of everything `swift build` reads
/// from disk to build the function: the package folder, its local (path) dependencies, the checkouts of its
/// remote ones, and the Swift toolchain.
///
/// It lets an unchanged project skip SwiftPM's no-op build (about 2.4 s here; the walk itself costs about
/// 0.05 s over this repository's 10,000 files, most of them remote checkouts) without ever missing a change:
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

    /// The folders a save can change the build from: the package and its local dependencies (remote checkouts
    /// change only through SwiftPM). `nil` before the first resolution.
    var sourceRoots: [URL]? {
        localDependencies().map { [packageRoot] + $0 }
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

    /// Depth first, each folder's entries in byte order, through `opendir`/`fstatat` rather than FileManager:
    /// the walk is on the path of every deploy, and Foundation's per-name objects cost several times the
    /// system calls themselves.
    private static func addTree(_ folder: URL, skippingTopLevel skipped: Set<String>, to hasher: inout SHA256) {
        var scratch: [UInt8] = []
        scratch.reserveCapacity(1 << 16)
        // Symlinked folders are followed, as SwiftPM follows them; each folder once, so a loop ends.
        var visited: Set<UInt64> = []
        var info = stat()
        guard stat(folder.path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            add(folder.path, to: &hasher)
            return
        }
        visited.insert(UInt64(info.st_ino))
        walk(Array(folder.path.utf8), skipping: Set(skipped.map { Array($0.utf8) }), visited: &visited, scratch: &scratch)
        hasher.update(data: scratch)
        func walk(_ path: [UInt8], skipping: Set<[UInt8]>, visited: inout Set<UInt64>, scratch: inout [UInt8]) {
            guard let directory = opendir(String(decoding: path, as: UTF8.self)) else { return }
            defer { closedir(directory) }
            var names: [[UInt8]] = []
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
                guard name.first != UInt8(ascii: "."), !skipping.contains(name) else { continue }
                names.append(name)
            }
            names.sort { $0.lexicographicallyPrecedes($1) }
            let descriptor = dirfd(directory)
            for name in names {
                var info = stat()
                guard fstatat(descriptor, String(decoding: name, as: UTF8.self), &info, 0) == 0 else { continue }
                let child = path + [UInt8(ascii: "/")] + name
                if info.st_mode & S_IFMT == S_IFDIR {
                    guard visited.insert(UInt64(info.st_ino)).inserted else { continue }
                    walk(child, skipping: [], visited: &visited, scratch: &scratch)
                } else {
                    scratch += child
                    scratch.append(0)
                    FileSignature(info).append(to: &scratch)
                    if scratch.count > 1 << 15 {
                        hasher.update(data: scratch)
                        scratch.removeAll(keepingCapacity: true)
                    }
                }
            }
        }
    }

    private static func add(_ path: String, to hasher: inout SHA256) {
        var bytes = Array(path.utf8) + [0]
        if let signature = FileSignature(path: path) { signature.append(to: &bytes) } else { bytes += Array("absent".utf8) }
        hasher.update(data: bytes)
    }
}
