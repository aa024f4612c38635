import Deadline
import Foundation
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// One `swift build` of the function's product, static and release, in a scratch folder of its own.
///
/// SwiftPM decides what to recompile: it sees every input of the build (each target's sources and
/// resources, local and remote packages, manifests, the toolchain, headers it reads), which no digest hoist
/// could take of the folder would be sure to. Its no-op costs about 2 s on an unchanged project; the
/// packager compares the binary it leaves to decide whether anything changed.
///
/// The binary is linked fully static: this machine's glibc is newer than Amazon Linux 2023's 2.34, so a
/// `--static-swift-stdlib` build would ask for symbols Lambda does not have. The scratch folder
/// (`.build/lambda`) is apart from the CLI's because its flags differ.
package struct SwiftBuild: Sendable {
    package var packageRoot: URL
    package var product: String
    package var architecture: FunctionPackager.Architecture

    package init(packageRoot: URL, product: String, architecture: FunctionPackager.Architecture) {
        self.packageRoot = packageRoot
        self.product = product
        self.architecture = architecture
    }

    var scratch: URL { packageRoot.appendingPathComponent(".build/lambda") }

    /// Where SwiftPM puts the product and the resource bundles of its targets.
    package var binDirectory: URL {
        scratch.appendingPathComponent(architecture == .arm64 ? "aarch64-unknown-linux-gnu/release" : "x86_64-unknown-linux-gnu/release")
    }

    /// Records which folder the scratch was built in: Swift's module caches hold absolute paths, so a copied
    /// or moved project fails with "missing required module 'SwiftShims'" until they are rebuilt.
    var builtAtMarker: URL { scratch.appendingPathComponent("hoist-built-at") }

    /// A first build of a large package takes minutes on a small machine; one past this is stuck (a lock held
    /// by another build, a dependency fetch that never answers). `HOIST_BUILD_TIMEOUT` sets it for a package
    /// that needs longer.
    package var timeLimit: Duration = .seconds(30 * 60)

    /// Builds the product (SwiftPM skips what is up to date) and returns its binary.
    package func run(progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> URL {
        guard FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent("Package.swift").path) else {
            throw PackagingError.noPackage(path: packageRoot.path)
        }
        try forgetModuleCachesIfMoved()
        // No build id: the linker hashes the whole output into it, so any byte that depends on the folder would
        // change it too.
        var arguments = [
            "build", "-c", "release", "--product", product, "--scratch-path", scratch.path, "-Xswiftc", "-static-executable", "-Xlinker", "-s", "-Xlinker",
            "--build-id=none",
        ]
        if architecture == .arm64 {
            guard try await hasArm64SDK() else { throw PackagingError.noCrossToolchain(architecture: architecture.rawValue) }
            arguments += ["--swift-sdk", "aarch64-unknown-linux-gnu"]
        }
        let folder = FilePath(packageRoot.path), command = Arguments(arguments)
        let built = try await withDeadline(timeLimit, clock: ContinuousClock()) {
            try await Subprocess.run(
                .name("swift"), arguments: command, environment: ChildEnvironment.forSubprocess, workingDirectory: folder,
                output: .string(limit: 8 << 20), error: .string(limit: 8 << 20))
        }
        guard let result = built else { throw PackagingError.buildTimedOut(limit: timeLimit) }
        let output = result.standardOutput + result.standardError
        for line in output.split(separator: "\n") { progress(String(line)) }
        guard result.terminationStatus.isSuccess else { throw try await failure(output) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try Data(packageRoot.standardizedFileURL.path.utf8).write(to: builtAtMarker, options: .atomic)
        return try await withoutModuleHashes(binDirectory.appendingPathComponent(product))
    }

    /// The binary without its `.swift_modhash` section: the hashes of the modules it was built from, which
    /// differ with the folder the package sits in, so the same sources in two folders (a second clone, a CI
    /// runner) would give two `CodeSha256`s and upload again. The Swift runtime does not read the section.
    /// Made with the toolchain's own llvm-objcopy, beside `swift`, into `<product>.lambda`; without it, the
    /// binary as built.
    private func withoutModuleHashes(_ binary: URL) async throws -> URL {
        guard let objcopy = Self.toolchainTool("llvm-objcopy") else { return binary }
        let output = binary.appendingPathExtension("lambda")
        let result = try await Subprocess.run(
            .path(FilePath(objcopy)), arguments: ["--remove-section=.swift_modhash", binary.path, output.path], environment: ChildEnvironment.forSubprocess,
            output: .discarded, error: .string(limit: 1 << 16))
        guard result.terminationStatus.isSuccess else {
            throw PackagingError.unreadableBinary(path: binary.path, reason: "llvm-objcopy: \(result.standardError)")
        }
        return output
    }

    /// A tool of the toolchain whose `swift` is on PATH (symbolic links followed), when it has one.
    static func toolchainTool(_ name: String) -> String? {
        guard let swift = ExecutableSearch.onPath("swift") else { return nil }
        let tool = URL(fileURLWithPath: swift).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent(name).path
        return FileManager.default.isExecutableFile(atPath: tool) ? tool : nil
    }

    private func forgetModuleCachesIfMoved() throws {
        guard let data = FileManager.default.contents(atPath: builtAtMarker.path),
            String(decoding: data, as: UTF8.self) != packageRoot.standardizedFileURL.path
        else { return }
        for triple in ["x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"] {
            let cache = scratch.appendingPathComponent("\(triple)/release/ModuleCache")
            if FileManager.default.fileExists(atPath: cache.path) { try FileManager.default.removeItem(at: cache) }
        }
    }

    /// The one error that says what to fix: a missing product lists those there are; a missing C library
    /// names its package; otherwise the compiler's errors.
    private func failure(_ output: String) async throws -> PackagingError {
        let errors = output.split(separator: "\n").filter { $0.contains("error:") }
        if errors.contains(where: { $0.contains("no product named '\(product)'") }) {
            return PackagingError.noSuchProduct(product, packagePath: packageRoot.path, executables: try await executableProducts())
        }
        if errors.contains(where: { $0.contains("'mbedtls/") && $0.contains("not found") }) {
            return PackagingError.missingSystemLibrary(name: "mbedTLS", debianPackage: "libmbedtls-dev")
        }
        var seen: Set<Substring> = []
        let distinct = errors.filter { seen.insert($0).inserted }
        return PackagingError.buildFailed(compilerOutput: (distinct.isEmpty ? output.split(separator: "\n").suffix(30) : distinct.prefix(30)).joined(separator: "\n"))
    }

    private struct Description: Decodable {
        struct Product: Decodable {
            var name: String
            var type: [String: String?]
        }
        var products: [Product]
    }

    /// The package's executable products, as `swift package describe` lists them.
    private func executableProducts() async throws -> [String] {
        let result = try await Subprocess.run(
            .name("swift"), arguments: ["package", "--scratch-path", scratch.path, "describe", "--type", "json"], environment: ChildEnvironment.forSubprocess,
            workingDirectory: FilePath(packageRoot.path),
            output: .string(limit: 8 << 20), error: .discarded)
        guard result.terminationStatus.isSuccess,
            let description = try? JSONDecoder().decode(Description.self, from: Data(result.standardOutput.utf8))
        else { return [] }
        return description.products.filter { $0.type.keys.contains("executable") }.map(\.name).sorted()
    }

    private struct BuildDescription: Decodable {
        struct Node: Decodable { var name: String }
        struct Copy: Decodable { var outputs: [Node] }
        var copyCommands: [String: Copy]
    }

    /// The resource bundles of the product's targets: SwiftPM copies each target's resources into a
    /// `<package>_<target>.resources` folder beside the binary, where `Bundle.module` looks for it at run
    /// time, so in Lambda it must sit beside `bootstrap`. The build description SwiftPM writes for this
    /// build names exactly the product's; without it, every bundle in the folder goes (never one too few).
    package func resourceBundles() -> [URL] {
        let manager = FileManager.default
        let names: Set<String>
        if let data = manager.contents(atPath: binDirectory.appendingPathComponent("description.json").path),
            let description = try? JSONDecoder().decode(BuildDescription.self, from: data)
        {
            names = Set(
                description.copyCommands.values.flatMap(\.outputs).compactMap { output in
                    output.name.split(separator: "/").first { $0.hasSuffix(".resources") }.map(String.init)
                })
        } else {
            names = Set(((try? manager.contentsOfDirectory(atPath: binDirectory.path)) ?? []).filter { $0.hasSuffix(".resources") })
        }
        return names.sorted().map { binDirectory.appendingPathComponent($0) }
    }

    private func hasArm64SDK() async throws -> Bool {
        let result = try await Subprocess.run(.name("swift"), arguments: ["sdk", "list"], environment: ChildEnvironment.forSubprocess, output: .string(limit: 1 << 20), error: .discarded)
        return result.standardOutput.contains("aarch64")
    }
}
