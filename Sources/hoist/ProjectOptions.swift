import AWSCredentialChain
import AWSS3
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

    @Flag(help: "Take the environment's lock even though another run holds it (a run that exited never does).")
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

    init(project: ProjectOptions, aws options: AWSOptions, json: Bool = false, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
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
            clients: StackClients(client: aws.client), spec: spec, store: Self.store(config, environment: project.env, root: root, aws: aws),
            waiter: Waiter(clock: ContinuousClock()), events: ProgressRenderer.renderer(ProgressRenderer.mode(json: json, logging: logger.logLevel < .warning, environment: environment)),
            logger: logger)
    }

    /// `state/` beside the project, or the team's S3 object when hoist.yml's `state` names a bucket (in its own
    /// region when it gives one, through the same endpoint settings and credentials).
    static func store(_ config: HoistConfig, environment: String, root: URL, aws: AWSContext) -> any StateBackend {
        guard let remote = config.state else {
            return StateStore(directory: root.appendingPathComponent("state"), project: config.projectName, environment: environment)
        }
        var endpoints = aws.client.endpoints
        endpoints.region = remote.region ?? aws.client.region
        let client = AWSClient(
            transport: aws.client.transport, credentialProvider: aws.client.credentialProvider, endpoints: endpoints, retryPolicy: aws.client.retryPolicy,
            timeout: aws.client.timeout)
        return S3StateStore(
            s3: S3Client(client: client), bucket: remote.bucket, prefix: remote.key, project: config.projectName, environment: environment, logger: aws.logger)
    }

    /// The packager for the function as hoist.yml describes it.
    var packager: FunctionPackager {
        let function = spec.config.function
        return FunctionPackager(
            packageRoot: URL(fileURLWithPath: function.path, relativeTo: root).standardizedFileURL, product: function.product,
            architecture: FunctionPackager.Architecture(rawValue: function.architecture) ?? .x86_64, extraFiles: function.extraFiles, filesRoot: root,
            outputDirectory: root.appendingPathComponent(".build/hoist/\(function.architecture)"))
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
        return CodePackage(path: result.zipPath, codeSha256: result.codeSha256)
    }
}

/// Progress on stderr; stdout stays for the product (plan, outputs). On a terminal a live block, one line per
/// resource redrawn in place as it runs and finishes (`LiveProgress`), in colour unless NO_COLOR is set; with
/// `-v`/`--debug` log lines interleave, so a line as each resource starts and finishes instead; piped, one
/// plain line per finished resource; with `--json`, one JSON object per event for scripts.
enum ProgressRenderer {
    enum Mode: Sendable {
        case live(color: Bool)
        case terminal(color: Bool)
        case plain
        case json
    }

    static func line(_ text: String) {
        FileHandle.standardError.write(Data("\(text)\n".utf8))
    }

    static func mode(json: Bool, logging: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) -> Mode {
        if json { return .json }
        guard isatty(2) != 0 else { return .plain }
        let color = environment["NO_COLOR"].map(\.isEmpty) ?? true && environment["TERM"] != "dumb"
        return logging || environment["TERM"] == "dumb" ? .terminal(color: color) : .live(color: color)
    }

    static func renderer(_ mode: Mode) -> @Sendable (DeployEvent) -> Void {
        if case .live(let color) = mode {
            let live = LiveProgress(color: color, width: LiveProgress.terminalWidth()) { FileHandle.standardError.write(Data($0.utf8)) }
            return { live.handle($0) }
        }
        return { event in
            switch (mode, event) {
            case (.json, .started(let kind, let name, let action)):
                json(["event": "started", "resource": kind.rawValue, "name": name, "action": action])
            case (.json, .finished(let kind, let name, let action, let seconds)):
                json(["event": "finished", "resource": kind.rawValue, "name": name, "action": action, "seconds": String(format: "%.3f", seconds)])
            case (.terminal(let color), .started(let kind, let name, let action)):
                line(paint(startedLine(kind, name, action), code: "2", color))
            case (.terminal(let color), .finished(let kind, let name, let action, let seconds)):
                line(paint(finishedLine(kind, name, action, seconds), code: colorCode(action), color))
            case (.plain, .finished(let kind, let name, let action, let seconds)):
                line(finishedLine(kind, name, action, seconds))
            case (.json, .waiting(let kind, let name, let what)):
                json(["event": "waiting", "resource": kind.rawValue, "name": name, "for": what])
            case (.terminal(let color), .waiting(let kind, let name, let what)):
                line(paint(waitingLine(kind, name, what), code: "2", color))
            case (.json, .stopping):
                json(["event": "stopping"])
            case (.terminal, .stopping), (.plain, .stopping):
                line(stoppingLine)
            case (.plain, .started), (.plain, .waiting), (.live, _):
                break
            }
        }
    }

    static let stoppingLine = "stopping once the steps under way finish (Ctrl-C again to quit now)"

    static func label(_ kind: ResourceKind) -> String { kind.rawValue.padding(toLength: 19, withPad: " ", startingAt: 0) }

    static func startedLine(_ kind: ResourceKind, _ name: String, _ action: String) -> String {
        "… \(action.padding(toLength: 7, withPad: " ", startingAt: 0)) \(label(kind)) \(name)"
    }

    static func waitingLine(_ kind: ResourceKind, _ name: String, _ what: String) -> String {
        "… waiting \(label(kind)) \(name): for \(what)"
    }

    static func finishedLine(_ kind: ResourceKind, _ name: String, _ action: String, _ seconds: Double) -> String {
        let symbol = action == "create" ? "+" : action == "delete" ? "-" : "~"
        return "\(symbol) \(action.padding(toLength: 7, withPad: " ", startingAt: 0)) \(label(kind)) \(name)  \(duration(seconds))"
    }

    static func duration(_ seconds: Double) -> String {
        String(format: "%.1fs", seconds)
    }

    /// The colour of a finished resource's line: green for made, red for deleted, yellow for changed.
    static func colorCode(_ action: String) -> String {
        action == "create" ? "32" : action == "delete" ? "31" : "33"
    }

    static func paint(_ text: String, code: String, _ color: Bool) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    static func json(_ fields: [String: String]) {
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) else { return }
        line(String(decoding: data, as: UTF8.self))
    }
}
