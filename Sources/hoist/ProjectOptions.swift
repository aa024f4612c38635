import AWSCredentialChain
import AWSTransport
import ArgumentParser
import Foundation
import HoistEngine
import HoistPackaging
import Logging

/// The flags of commands that act on one environment of the project in the current folder.
struct ProjectOptions: ParsableArguments {
    @Option(help: "Environment: names become <project>-<env>.")
    var env = "dev"

    @Option(help: "Project file.")
    var config = "hoist.yml"

    @Flag(help: "Take the environment's lock even if a crashed run left it behind.")
    var forceUnlock = false

    func validate() throws {
        guard env.range(of: "^[a-z0-9][a-z0-9-]{0,19}$", options: .regularExpression) != nil else {
            throw ValidationError("--env '\(env)' must be 1-20 lower-case letters, digits or dashes")
        }
    }
}

/// Everything a project command needs, resolved once at start-up.
struct ProjectContext: Sendable {
    var aws: AWSContext
    var spec: StackSpec
    var root: URL
    var engine: Engine<ContinuousClock>

    init(project: ProjectOptions, aws options: AWSOptions, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let path = project.config.hasPrefix("/") ? project.config : root.appendingPathComponent(project.config).path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("no \(project.config) in \(root.path); run `hoist init` first or pass --config")
        }
        let config = try ConfigParser(file: project.config).parse(String(decoding: data, as: UTF8.self))
        var options = options
        if options.region == nil, environment["AWS_REGION"] == nil, environment["AWS_DEFAULT_REGION"] == nil { options.region = config.region }
        aws = try options.context(environment: environment)
        spec = StackSpec(config: config, environment: project.env, region: aws.client.region)
        try spec.validate()
        let logger = aws.logger
        engine = Engine(
            clients: StackClients(client: aws.client), spec: spec,
            store: StateStore(directory: root.appendingPathComponent("state"), project: config.projectName, environment: project.env),
            waiter: Waiter(clock: ContinuousClock()), events: ProgressRenderer.render, logger: logger)
    }

    /// Builds and zips the function for this environment; the first step of deploy, plan and update-code.
    func package() async throws -> (zip: Data, package: FunctionPackage) {
        let packager = FunctionPackager(
            packageRoot: root, architecture: FunctionPackager.Architecture(rawValue: spec.config.function.architecture) ?? .x86_64,
            extraFiles: spec.config.function.extraFiles, outputDirectory: root.appendingPathComponent(".build/hoist/\(spec.environment)"))
        ProgressRenderer.line("packaging the function…")
        let result = try await packager.package()
        ProgressRenderer.line(result.rebuilt ? "built \(result.zipSize / 1024) KiB zip, CodeSha256 \(result.codeSha256)" : "bootstrap unchanged: nothing rebuilt")
        return (try Data(contentsOf: URL(fileURLWithPath: result.zipPath)), result)
    }
}

/// Progress on stderr, one line per resource as it finishes; stdout stays for the product (plan, outputs).
enum ProgressRenderer {
    static func line(_ text: String) {
        FileHandle.standardError.write(Data("\(text)\n".utf8))
    }

    static let render: @Sendable (DeployEvent) -> Void = { event in
        switch event {
        case .started: break
        case .finished(let kind, let name, let action, let seconds):
            let symbol = action == "create" ? "+" : action == "delete" ? "-" : "~"
            line("\(symbol) \(action.padding(toLength: 7, withPad: " ", startingAt: 0)) \(kind.rawValue.padding(toLength: 19, withPad: " ", startingAt: 0)) \(name)  \(String(format: "%.1fs", seconds))")
        }
    }
}
