import HoistZip

/// Why the function could not be packaged; each names the value at fault and what to do.
package enum PackagingError: Error, CustomStringConvertible {
    case buildFailed(compilerOutput: String)
    /// `swift build` ran past its time limit and was stopped.
    case buildTimedOut(limit: Duration)
    /// The function's folder has no Swift package.
    case noPackage(path: String)
    case noSuchProduct(String, packagePath: String, executables: [String])
    /// The function's bootstrap links a C library whose headers the build machine lacks.
    case missingSystemLibrary(name: String, debianPackage: String)
    case noCrossToolchain(architecture: String)
    case wrongMachine(expected: String, found: String)
    case glibcTooNew(version: String, symbol: String)
    case unreadableBinary(path: String, reason: String)
    case missingExtraFile(String)
    case zipTooLarge(bytes: Int)
    case unzippedTooLarge(bytes: Int)
    case zip(ZipError)

    /// `30m`, or `90s` when it is not whole minutes: as `HOIST_BUILD_TIMEOUT` is written.
    static func minutesOrSeconds(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        return seconds % 60 == 0 ? "\(seconds / 60)m" : "\(seconds)s"
    }

    package static let zippedLimit = 50 * 1_000_000
    package static let unzippedLimit = 250 * 1_000_000

    package var description: String {
        switch self {
        case .buildFailed(let output):
            "building the function failed:\n\(output)"
        case .buildTimedOut(let limit):
            "swift build ran past \(Self.minutesOrSeconds(limit)) and was stopped; check for another build holding the package's .build lock or a dependency that cannot be fetched, or set HOIST_BUILD_TIMEOUT (like 1h) for a package that needs longer"
        case .noPackage(let path):
            "no Package.swift in \(path); set path: in the aws_lambda config to your function's package folder, or run `hoist init` there"
        case .noSuchProduct(let product, let path, let executables):
            "the package in \(path) has no product named '\(product)'; "
                + (executables.isEmpty
                    ? "add an executable product to its Package.swift"
                    : "set product: in the aws_lambda config to one of its executables: \(executables.joined(separator: ", "))")
        case .missingSystemLibrary(let name, let debianPackage):
            "building the function needs \(name)'s headers, which are not installed; install them (apt-get install \(debianPackage)) and run again"
        case .noCrossToolchain(let architecture):
            "architecture \(architecture) needs a Swift SDK for aarch64-unknown-linux-gnu and none is installed (`swift sdk list`); install one or set architecture: x86_64"
        case .wrongMachine(let expected, let found):
            "the built bootstrap is for \(found), but the function is configured for \(expected); fix the architecture setting or the toolchain"
        case .glibcTooNew(let version, let symbol):
            "the bootstrap needs \(version) (symbol '\(symbol)'), newer than Amazon Linux 2023's glibc 2.34; build it static (-static-executable)"
        case .unreadableBinary(let path, let reason):
            "cannot inspect \(path): \(reason)"
        case .missingExtraFile(let path):
            "extra file '\(path)' does not exist; fix the path in the function's files list"
        case .zipTooLarge(let bytes):
            "the zip is \(bytes / 1_000_000) MB, over Lambda's 50 MB direct-upload limit; drop extra files or lower what the bootstrap links"
        case .unzippedTooLarge(let bytes):
            "the function unzips to \(bytes / 1_000_000) MB, over Lambda's 250 MB limit; drop extra files"
        case .zip(let error):
            "writing the zip failed: \(error)"
        }
    }
}
