import ArgumentParser
import Foundation
import HoistEngine
import HoistPackaging
import HoistZip

extension Hoist {
    /// Builds and zips the function without touching AWS: the first step of every deploy, on its own.
    struct Package: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the function's static bootstrap and zip it.",
            discussion: """
                Prints the zip's path, size, unzipped size and the base64 SHA-256 that Lambda reports as CodeSha256.

                Example: hoist package --architecture arm64 --json
                """)

        @Option(help: "CPU architecture of the function: x86_64 or arm64 (default: hoist.yml's, else x86_64).")
        var architecture: String?

        @Option(help: "Folder of the function's Swift package (default: hoist.yml's path, else the current folder).")
        var path: String?

        @Option(help: "Executable product to build, zipped as bootstrap (default: hoist.yml's product, else bootstrap).")
        var product: String?

        @Option(help: "Deflate level, 1 (fastest) to 9 (smallest).")
        var level: Int32 = ZipWriter.defaultLevel

        @Option(name: .customLong("include"), help: "Extra file to put in the zip, relative to the project (repeatable; replaces hoist.yml's files).")
        var extraFiles: [String] = []

        @Option(help: "Project file whose aws_lambda settings are the defaults, when it exists.")
        var config = "hoist.yml"

        @Flag(help: "Print JSON instead of text.")
        var json = false

        @Flag(name: .shortAndLong, help: "Show the compiler's output.")
        var verbose = false

        func validate() throws {
            if let architecture, FunctionPackager.Architecture(rawValue: architecture) == nil {
                throw ValidationError("--architecture '\(architecture)' is not one of x86_64, arm64")
            }
            guard (1...9).contains(level) else { throw ValidationError("--level \(level) is outside 1...9") }
        }

        func run() async throws {
            let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            let configPath = URL(fileURLWithPath: config, relativeTo: root).standardizedFileURL
            var function = HoistConfig.FunctionConfig()
            if let data = FileManager.default.contents(atPath: configPath.path) {
                function = try ConfigParser(file: config).parse(String(decoding: data, as: UTF8.self)).function
            }
            let architecture = architecture ?? function.architecture
            var packager = FunctionPackager(
                packageRoot: URL(fileURLWithPath: path ?? function.path, relativeTo: root).standardizedFileURL, product: product ?? function.product,
                architecture: FunctionPackager.Architecture(rawValue: architecture) ?? .x86_64, compressionLevel: level,
                extraFiles: extraFiles.isEmpty ? function.extraFiles : extraFiles, filesRoot: root,
                outputDirectory: root.appendingPathComponent(".build/hoist/\(architecture)"))
            packager.build.timeLimit = try BuildTimeLimit.from(ProcessInfo.processInfo.environment)
            let verbose = verbose
            FileHandle.standardError.write(Data("packaging the function…\n".utf8))
            let result = try await packager.package { line in
                if verbose { FileHandle.standardError.write(Data("  \(line)\n".utf8)) }
            }
            if !result.changed { FileHandle.standardError.write(Data("code unchanged since the last package\n".utf8)) }
            if json {
                try printJSON(result)
            } else {
                print(
                    """
                    zip          \(result.zipPath)
                    size         \(result.zipSize) bytes
                    unzipped     \(result.unzippedSize) bytes
                    CodeSha256   \(result.codeSha256)
                    """)
            }
        }
    }
}
