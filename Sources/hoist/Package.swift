import ArgumentParser
import Foundation
import HoistPackaging
import HoistZip

extension Hoist {
    /// Builds and zips the function without touching AWS: the first step of every deploy, on its own.
    struct Package: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the function's static bootstrap and zip it.",
            discussion: "Prints the zip's path, size, unzipped size and the base64 SHA-256 that Lambda reports as CodeSha256.")

        @Option(help: "Environment the package is for; the zip goes to .build/hoist/<env>/function.zip.")
        var env = "dev"

        @Option(help: "CPU architecture of the function: x86_64 or arm64.")
        var architecture = "x86_64"

        @Option(help: "Deflate level, 1 (fastest) to 9 (smallest).")
        var level: Int32 = ZipWriter.defaultLevel

        @Option(name: .customLong("include"), help: "Extra file to put in the zip, relative to the project (repeatable).")
        var extraFiles: [String] = []

        @Flag(help: "Print JSON instead of text.")
        var json = false

        @Flag(name: .shortAndLong, help: "Show the compiler's output.")
        var verbose = false

        func validate() throws {
            guard FunctionPackager.Architecture(rawValue: architecture) != nil else {
                throw ValidationError("--architecture '\(architecture)' is not one of x86_64, arm64")
            }
            guard (1...9).contains(level) else { throw ValidationError("--level \(level) is outside 1...9") }
            guard env.range(of: "^[a-z0-9][a-z0-9-]{0,31}$", options: .regularExpression) != nil else {
                throw ValidationError("--env '\(env)' must be 1-32 lower-case letters, digits or dashes")
            }
        }

        func run() async throws {
            let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            guard FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) else {
                throw ValidationError("no Package.swift in \(root.path); run hoist package from the project folder")
            }
            let packager = FunctionPackager(
                packageRoot: root, architecture: FunctionPackager.Architecture(rawValue: architecture)!, compressionLevel: level,
                extraFiles: extraFiles, outputDirectory: root.appendingPathComponent(".build/hoist/\(env)"))
            let verbose = verbose
            FileHandle.standardError.write(Data("packaging the function…\n".utf8))
            let result = try await packager.package { line in
                if verbose { FileHandle.standardError.write(Data("  \(line)\n".utf8)) }
            }
            if !result.rebuilt { FileHandle.standardError.write(Data("bootstrap unchanged: nothing rebuilt\n".utf8)) }
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
