import Crypto
import Foundation
import HoistZip
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Builds the function's product for Lambda's `provided.al2023` runtime and zips it as `bootstrap`, with the
/// resource bundles of its targets and the extra files.
///
/// Whether the code changed is decided by what was built, not by guessing which files the build reads:
/// `swift build` runs every time (SwiftPM skips what is up to date), and the zip is made again only when the
/// bytes that would go into it differ from the last package's. The package lives under the project's
/// `.build/hoist/<architecture>/`, shared by every environment, so a new `--env` zips nothing again; its
/// record holds no absolute path, so a moved project finds it.
package struct FunctionPackager: Sendable {
    package enum Architecture: String, Sendable, CaseIterable {
        case x86_64
        case arm64
    }

    package var build: SwiftBuild
    package var compressionLevel: Int32
    /// Paths relative to `filesRoot` that go into the zip beside `bootstrap`, under the same relative path.
    package var extraFiles: [String]
    package var filesRoot: URL
    /// Where the zip and its record are written; a build folder, never `state/`.
    package var outputDirectory: URL

    package init(
        packageRoot: URL, product: String = "bootstrap", architecture: Architecture = .x86_64, compressionLevel: Int32 = ZipWriter.defaultLevel,
        extraFiles: [String] = [], filesRoot: URL? = nil, outputDirectory: URL
    ) {
        build = SwiftBuild(packageRoot: packageRoot, product: product, architecture: architecture)
        self.compressionLevel = compressionLevel
        self.extraFiles = extraFiles
        self.filesRoot = filesRoot ?? packageRoot
        self.outputDirectory = outputDirectory
    }

    package var architecture: Architecture { build.architecture }

    /// What `hoist dev` watches: the package and its local dependencies, once a build has resolved them.
    package var sourceRoots: [URL]? {
        BuildInputs(packageRoot: build.packageRoot, scratch: build.scratch).sourceRoots
    }

    /// glibc of Amazon Linux 2023.
    static let glibcLimit = (2, 34)

    /// Where a package run starts: the last package and the snapshot of the build's inputs (`BuildInputs`).
    /// Taken apart from `package(from:)` so a caller can do it while it waits on the network, and know
    /// before any build whether one is needed.
    package struct Start: Sendable {
        /// The last package, when not one file the build reads changed since it was made: nothing to build.
        package var unchanged: FunctionPackage?
        fileprivate var record: PackageRecord?
        fileprivate var inputs: String?
    }

    package func start() -> Start {
        let destination = outputDirectory.appendingPathComponent("function.zip")
        let record = FileManager.default.contents(atPath: outputDirectory.appendingPathComponent("function.json").path).flatMap {
            try? JSONDecoder().decode(PackageRecord.self, from: $0)
        }
        let lastZip = Self.lastZipSize(record, at: destination)
        // Cross builds read a Swift SDK installed outside the project, which the snapshot does not cover.
        let inputs =
            architecture == .x86_64
            ? BuildInputs(packageRoot: build.packageRoot, scratch: build.scratch).digest(
                settings: "\(build.product) \(architecture.rawValue) \(compressionLevel) \(extraFiles)", files: extraFiles.map { filesRoot.appendingPathComponent($0) })
            : nil
        var start = Start(record: record, inputs: inputs)
        if let record, let lastZip, let inputs, record.inputs == inputs {
            start.unchanged = FunctionPackage(zipPath: destination.path, zipSize: lastZip, unzippedSize: record.unzippedSize, codeSha256: record.codeSha256, changed: false)
        }
        return start
    }

    /// Builds, checks the binary and writes `function.zip`, or keeps the last zip when the same bytes would
    /// go into it. When not one file the build reads changed since the last package (`BuildInputs`), even
    /// `swift build` is skipped; `built` is a binary this `build` has just made from the sources `start` saw
    /// (`hoist dev` runs it before it zips it), so the build is not run again.
    package func package(
        from start: Start? = nil, built: URL? = nil, progress: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> FunctionPackage {
        let start = start ?? self.start()
        if let unchanged = start.unchanged { return unchanged }
        let destination = outputDirectory.appendingPathComponent("function.zip")
        let recordFile = outputDirectory.appendingPathComponent("function.json")
        let (record, inputs) = (start.record, start.inputs)
        let binary: URL
        if let built { binary = built } else { binary = try await build.run(progress: progress) }
        let entries = try self.entries(binary: binary)
        let key = Self.contentKey(entries, architecture: architecture, level: compressionLevel)
        // The zip is checked against the record again now, not as `start` found it: another run packaging into
        // the same folder during this build (tests side by side, a second shell) may have replaced it, and the
        // record must never pair one zip's signature with another's CodeSha256.
        if let record, record.key == key, let lastZip = Self.lastZipSize(record, at: destination) {
            try write(
                PackageRecord(key: key, inputs: inputs, unzippedSize: record.unzippedSize, codeSha256: record.codeSha256, zip: FileSignature(path: destination.path)?.text),
                to: recordFile)
            return FunctionPackage(zipPath: destination.path, zipSize: lastZip, unzippedSize: record.unzippedSize, codeSha256: record.codeSha256, changed: false)
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
        let codeSha256 = Self.codeSha256(zip)
        try write(PackageRecord(key: key, inputs: inputs, unzippedSize: unzipped, codeSha256: codeSha256, zip: FileSignature(path: destination.path)?.text), to: recordFile)
        return FunctionPackage(zipPath: destination.path, zipSize: zip.count, unzippedSize: unzipped, codeSha256: codeSha256, changed: true)
    }

    /// What the last zip was made of, and from which build inputs; it names no path, so the project can move.
    fileprivate struct PackageRecord: Codable, Sendable {
        var key: String
        var inputs: String?
        var unzippedSize: Int
        var codeSha256: String
        /// The zip's `FileSignature` when written: while it holds, the zip is not read again.
        var zip: String?
    }

    /// The size of the zip the record describes, or `nil` when there is none: unchanged on disk since it was
    /// written (same signature), or failing that the same bytes. Reading and hashing megabytes of zip on every
    /// run is what the signature saves.
    private static func lastZipSize(_ record: PackageRecord?, at destination: URL) -> Int? {
        guard let record, let current = FileSignature(path: destination.path) else { return nil }
        if record.zip == current.text { return Int(current.size) }
        guard let zip = FileManager.default.contents(atPath: destination.path), codeSha256(Array(zip)) == record.codeSha256 else { return nil }
        return zip.count
    }

    private func write(_ record: PackageRecord, to file: URL) throws {
        try JSONEncoder().encode(record).write(to: file, options: .atomic)
    }

    /// A digest of every byte, path and mode that goes into the zip, and of the settings that shape it.
    static func contentKey(_ entries: [ZipEntry], architecture: Architecture, level: Int32) -> String {
        var hasher = SHA256()
        func add(_ text: String) { hasher.update(data: Array(text.utf8) + [0]) }
        add("\(architecture.rawValue) \(level)")
        for entry in entries {
            add("\(entry.path) \(entry.mode) \(entry.contents.count)")
            hasher.update(data: entry.contents)
        }
        return Data(hasher.finalize()).base64EncodedString()
    }

    /// The binary as `bootstrap`, the product's resource bundles beside it, then the extra files.
    private func entries(binary: URL) throws -> [ZipEntry] {
        let bootstrap: [UInt8]
        do {
            bootstrap = Array(try Data(contentsOf: binary))
        } catch {
            throw PackagingError.unreadableBinary(path: binary.path, reason: error.localizedDescription)
        }
        try check(bootstrap, path: binary.path)
        var entries = [ZipEntry(path: "bootstrap", contents: bootstrap, mode: 0o755)]
        let manager = FileManager.default
        for bundle in build.resourceBundles() {
            guard let walker = manager.enumerator(atPath: bundle.path) else { continue }
            var files: [String] = []
            for case let path as String in walker {
                var isDirectory: ObjCBool = false
                if manager.fileExists(atPath: bundle.appendingPathComponent(path).path, isDirectory: &isDirectory), !isDirectory.boolValue { files.append(path) }
            }
            for path in files.sorted() {
                let url = bundle.appendingPathComponent(path)
                guard let data = manager.contents(atPath: url.path) else { throw PackagingError.unreadableBinary(path: url.path, reason: "cannot be read") }
                entries.append(ZipEntry(path: "\(bundle.lastPathComponent)/\(path)", contents: Array(data), mode: 0o644))
            }
        }
        for path in extraFiles {
            let url = filesRoot.appendingPathComponent(path)
            guard let data = manager.contents(atPath: url.path) else { throw PackagingError.missingExtraFile(path) }
            entries.append(ZipEntry(path: path, contents: Array(data), mode: manager.isExecutableFile(atPath: url.path) ? 0o755 : 0o644))
        }
        return entries
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
}
