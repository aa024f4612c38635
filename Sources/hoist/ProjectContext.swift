import AWSTransport
import ArgumentParser
import Foundation
import HoistEngine
import HoistPackaging
import Logging

/// Everything a project command needs, resolved once at start-up.
struct ProjectContext: Sendable {
    var aws: AWSContext
    var spec: StackSpec
    var root: URL
    var engine: Engine<ContinuousClock>
    /// What a version published from this run was built from (`ReleaseSource`).
    var source: String
    var buildTimeLimit: Duration

    init(project: ProjectOptions, aws options: AWSOptions, json: Bool = false, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let path = project.config.hasPrefix("/") ? project.config : root.appendingPathComponent(project.config).path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HoistError.noConfig(file: project.config, folder: root.path)
        }
        let config = try ConfigParser(file: project.config).parse(String(decoding: data, as: UTF8.self))
        source = ReleaseSource.describe(config: data, projectRoot: root)
        buildTimeLimit = try BuildTimeLimit.from(environment)
        var options = options
        if options.region == nil, environment["AWS_REGION"] == nil, environment["AWS_DEFAULT_REGION"] == nil { options.region = config.region }
        aws = try options.context(environment: environment)
        spec = StackSpec(config: config, environment: project.env, region: aws.client.region)
        try spec.validate()
        let logger = aws.logger
        engine = Engine(
            clients: StackClients(client: aws.client), spec: spec,
            store: StateBackends.backend(config, environment: project.env, root: root, client: aws.client, logger: logger),
            waiter: Waiter(clock: ContinuousClock()), events: ProgressRenderer.renderer(ProgressRenderer.mode(json: json, logging: logger.logLevel < .warning, environment: environment)),
            logger: logger)
    }

    /// The packager for the function as hoist.yml describes it.
    var packager: FunctionPackager {
        let function = spec.config.function
        var packager = FunctionPackager(
            packageRoot: URL(fileURLWithPath: function.path, relativeTo: root).standardizedFileURL, product: function.product,
            architecture: FunctionPackager.Architecture(rawValue: function.architecture) ?? .x86_64, extraFiles: function.extraFiles, filesRoot: root,
            outputDirectory: root.appendingPathComponent(".build/hoist/\(function.architecture)"))
        packager.build.timeLimit = buildTimeLimit
        return packager
    }

    /// Builds and zips the function (one package for every environment) when anything the build reads
    /// changed, else takes the last package; the first step of deploy, plan and update-code. STS is asked
    /// who the credentials are (once: the engine reuses the answer) while the snapshot of the build's inputs
    /// walks the disk: the two are independent, and on a deploy with nothing to build the walk would otherwise
    /// hold back every AWS call, the role's create (and so its seconds of propagation) among them. A build
    /// starts only once STS has answered, so a missing or wrong credential fails in a second rather than
    /// after minutes of build.
    mutating func package() async throws -> CodePackage {
        let packager = packager, context = self
        async let account = explained(context) { try await context.engine.callerAccount() }
        let start = packager.start()
        engine.account = try await account
        ProgressRenderer.line("packaging the function…")
        let result = try await packager.package(from: start)
        ProgressRenderer.line(
            result.changed ? "packaged \(result.zipSize / 1024) KiB zip, CodeSha256 \(result.codeSha256)" : "code unchanged since the last package: CodeSha256 \(result.codeSha256)")
        return CodePackage(path: result.zipPath, codeSha256: result.codeSha256, source: source)
    }
}
