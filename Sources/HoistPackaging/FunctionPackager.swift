import Crypto
import Foundation
import HoistZip
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Builds the function's `bootstrap` for Lambda's `provided.al2023` runtime and zips it.
///
/// The binary is linked fully static: this machine's glibc is newer than Amazon Linux 2023's 2.34, so a
/// `--static-swift-stdlib` build would ask for symbols Lambda does not have. The build has its own scratch
/// folder (`.build/lambda`) because its flags differ from the CLI's; SwiftPM's incremental build keeps a
/// second run with unchanged sources to a no-op.
package struct FunctionPackager: Sendable {
    package enum Architecture: String, Sendable, CaseIterable {
        case x86_64
        case arm64
    }

    /// The folder holding `Package.swift` with the `bootstrap` product.
    package var packageRoot: URL
    package var architecture: Architecture
    package var compressionLevel: Int32
    /// Paths relative to `packageRoot` that go into the zip beside `bootstrap`.
    package var extraFiles: [String]
    /// Where the zip is written; a build folder, never `state/`.
    package var outputDirectory: URL

    package init(packageRoot: URL, architecture: Architecture = .x86_64, compressionLevel: Int32 = ZipWriter.defaultLevel, extraFiles: [String] = [], outputDirectory: URL) {
        self.packageRoot = packageRoot
        self.architecture = architecture
        self.compressionLevel = compressionLevel
        self.extraFiles = extraFiles
        self.outputDirectory = outputDirectory
    }

    /// glibc of Amazon Linux 2023.
    static let glibcLimit = (2, 34)

    var scratchPath: String { packageRoot.appendingPathComponent(".build/lambda").path }

    /// Builds (or finds up to date) the static bootstrap; `progress` receives the compiler's output lines.
    package func build(progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> (binary: URL, rebuilt: Bool) {
        var arguments = ["build", "-c", "release", "--product", "bootstrap", "--scratch-path", scratchPath, "-Xswiftc", "-static-executable", "-Xlinker", "-s"]
        if architecture == .arm64 {
            guard try await hasArm64SDK() else { throw PackagingError.noCrossToolchain(architecture: architecture.rawValue) }
            arguments += ["--swift-sdk", "aarch64-unknown-linux-gnu"]
        }
        let binary = URL(fileURLWithPath: scratchPath).appendingPathComponent(architecture == .arm64 ? "aarch64-unknown-linux-gnu/release/bootstrap" : "release/bootstrap")
        let before = modificationDate(binary)
        let result = try await Subprocess.run(
            .name("swift"), arguments: Arguments(arguments), workingDirectory: FilePath(packageRoot.path),
            output: .string(limit: 8 << 20), error: .string(limit: 8 << 20))
        let output = result.standardOutput + result.standardError
        for line in output.split(separator: "\n") { progress(String(line)) }
        guard result.terminationStatus.isSuccess else {
            let errors = output.split(separator: "\n").filter { $0.contains("error:") }
            if errors.contains(where: { $0.contains("'mbedtls/") && $0.contains("not found") }) {
                throw PackagingError.missingSystemLibrary(name: "mbedTLS", debianPackage: "libmbedtls-dev")
            }
            throw PackagingError.buildFailed(compilerOutput: (errors.isEmpty ? output.split(separator: "\n").suffix(30) : errors.prefix(30)).joined(separator: "\n"))
        }
        let after = modificationDate(binary)
        return (binary, before == nil || before != after)
    }

    /// A digest of everything the package is made from: the function's sources, the manifest, the extra
    /// files and the settings. When it matches the last package's, the zip is reused without starting
    /// `swift build` at all, which costs seconds even when nothing changed.
    package func fingerprint() throws -> String {
        var hasher = SHA256()
        func add(_ text: String) { hasher.update(data: Array(text.utf8) + [0]) }
        add("\(architecture.rawValue) \(compressionLevel)")
        let manager = FileManager.default
        var files = ["Package.swift", "Package.resolved"] + extraFiles
        let sources = packageRoot.appendingPathComponent("lambda/Sources")
        if let walker = manager.enumerator(atPath: sources.path) {
            for case let path as String in walker where path.hasSuffix(".swift") { files.append("lambda/Sources/" + path) }
        }
        for path in files.sorted() {
            add(path)
            if let data = manager.contents(atPath: packageRoot.appendingPathComponent(path).path) { hasher.update(data: data) }
        }
        // Dependencies of the bootstrap (AWSTransport and below) live under Sources/.
        for module in ["AWSSigV4", "AWSTransport", "Services/DynamoDB"] {
            guard let walker = manager.enumerator(atPath: packageRoot.appendingPathComponent("Sources/\(module)").path) else { continue }
            for case let path as String in walker where path.hasSuffix(".swift") {
                add(module + "/" + path)
                if let data = manager.contents(atPath: packageRoot.appendingPathComponent("Sources/\(module)/\(path)").path) { hasher.update(data: data) }
            }
        }
        return Data(hasher.finalize()).base64EncodedString()
    }

    /// Builds, checks the binary, zips it with the extra files and writes `function.zip`; reuses the last
    /// zip when nothing it is made from changed.
    package func package(progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> FunctionPackage {
        let destination = outputDirectory.appendingPathComponent("function.zip")
        let record = outputDirectory.appendingPathComponent("function.json")
        let fingerprint = try fingerprint()
        if let data = FileManager.default.contents(atPath: record.path),
            let cached = try? JSONDecoder().decode(CachedPackage.self, from: data), cached.fingerprint == fingerprint,
            let zip = FileManager.default.contents(atPath: destination.path), Self.codeSha256(Array(zip)) == cached.package.codeSha256
        {
            var package = cached.package
            package.rebuilt = false
            return package
        }
        let result = try await buildAndZip(progress: progress, destination: destination)
        try JSONEncoder().encode(CachedPackage(fingerprint: fingerprint, package: result)).write(to: record, options: .atomic)
        return result
    }

    private struct CachedPackage: Codable {
        var fingerprint: String
        var package: FunctionPackage
    }

    private func buildAndZip(progress: @escaping @Sendable (String) -> Void, destination: URL) async throws -> FunctionPackage {
        let (binary, rebuilt) = try await build(progress: progress)
        let bootstrap: [UInt8]
        do {
            bootstrap = Array(try Data(contentsOf: binary))
        } catch {
            throw PackagingError.unreadableBinary(path: binary.path, reason: error.localizedDescription)
        }
        try check(bootstrap, path: binary.path)
        var entries = [ZipEntry(path: "bootstrap", contents: bootstrap, mode: 0o755)]
        for path in extraFiles {
            let url = packageRoot.appendingPathComponent(path)
            guard let data = FileManager.default.contents(atPath: url.path) else { throw PackagingError.missingExtraFile(path) }
            let executable = FileManager.default.isExecutableFile(atPath: url.path)
            entries.append(ZipEntry(path: path, contents: Array(data), mode: executable ? 0o755 : 0o644))
        }
        let unzipped = entries.reduce(0) { $0 + $1.contents.count }
        guard unzipped <= PackagingError.unzippedLimit else { throw PackagingError.unzippedTooLarge(bytes: unzipped) }
        let zip: [UInt8]
        do {
            zip = try await ZipWriter(level: compressionLevel).archive(entries)
        } catch let error as ZipError {
            throw PackagingError.zip(error)
        }
        guard zip.count <= PackagingError.zippedLimit else { throw PackagingError.zipTooLarge(bytes: zip.count) }
        try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
        try Data(zip).write(to: destination, options: .atomic)
        return FunctionPackage(
            zipPath: destination.path, zipSize: zip.count, unzippedSize: unzipped, codeSha256: Self.codeSha256(zip), rebuilt: rebuilt)
    }

    /// Refuses a binary Lambda could not start: another CPU, or a glibc newer than AL2023's.
    package func check(_ bytes: [UInt8], path: String) throws {
        let elf: ELFFile
        do {
            elf = try ELFFile(bytes: bytes)
        } catch {
            throw PackagingError.unreadableBinary(path: path, reason: error.description)
        }
        let expected: ELFFile.Machine = architecture == .arm64 ? .aarch64 : .x86_64
        guard elf.machine == expected else { throw PackagingError.wrongMachine(expected: expected.description, found: elf.machine.description) }
        if elf.isDynamic, let newest = elf.glibcRequirements(above: Self.glibcLimit).first {
            throw PackagingError.glibcTooNew(version: newest.version, symbol: newest.symbol)
        }
    }

    /// Lambda's `CodeSha256`: base64 of the zip's SHA-256.
    package static func codeSha256(_ zip: [UInt8]) -> String {
        Data(SHA256.hash(data: zip)).base64EncodedString()
    }

    private func modificationDate(_ url: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
    }

    private func hasArm64SDK() async throws -> Bool {
        let result = try await Subprocess.run(.name("swift"), arguments: ["sdk", "list"], output: .string(limit: 1 << 20), error: .discarded)
        return result.standardOutput.contains("aarch64")
    }
}
