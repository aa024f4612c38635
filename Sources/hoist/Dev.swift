import AWSCredentialChain
import AWSSigV4
import ArgumentParser
import Foundation
import HoistEngine
import HoistLocal
import HoistPackaging

extension Hoist {
    /// `hoist local` that follows the sources: each save is rebuilt and, when it builds, served in place of the
    /// last good build; with `--deploy` it is also sent to the environment as code only.
    struct Dev: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the function locally and rebuild it on every save; --deploy also updates the environment's code.",
            discussion: """
                The package, its local dependencies and hoist.yml are watched; a save is rebuilt (the build hoist \
                deploys, incremental) and served once it is ready, the last good build serving meanwhile. A build \
                that fails shows the compiler's errors and the last good build keeps serving. A hoist.yml save that \
                changes the function's environment is served without a build.

                Example: hoist dev --port 8080 --deploy
                """)
        @OptionGroup var project: ProjectOptions
        @OptionGroup var aws: AWSOptions
        @Option(help: "Port to serve HTTP on (0 picks a free one).")
        var port = 3000
        @Flag(help: "Also update the environment's function code with each good build, as update-code does.")
        var deploy = false

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port \(port) is not a TCP port (0-65535)") }
        }

        func run() async throws {
            var context = try ProjectContext(project: project, aws: aws)
            // Resolved before the build, so a missing credential fails at once rather than after it.
            let credentials = try await context.aws.credentials.credentials()
            if deploy {
                let asking = context
                context.engine.account = try await explained(asking) { try await asking.engine.callerAccount() }
            }
            let loop = DevLoop(context: context, deploy: deploy), tableName = context.spec.tableName
            DevLoop.say("building \(context.spec.config.function.product)…")
            var first = await loop.build()
            // hoist.yml too, wherever it is: its function environment is served as it is saved.
            let configFile = URL(fileURLWithPath: project.config, relativeTo: context.root).standardizedFileURL
            var roots = loop.sourceRoots
            if !roots.contains(where: { configFile.path.hasPrefix($0.standardizedFileURL.path + "/") }) { roots.append(configFile.deletingLastPathComponent()) }
            let watcher = try SourceWatcher(roots: roots)
            defer { watcher.stop() }
            while first == nil {
                guard let changes = await loop.nextChanges(watcher) else { return }
                DevLoop.say("\(loop.describe(changes)); building…")
                first = await loop.build()
            }
            guard let first else { return }
            let (replacements, replace) = AsyncStream<BootstrapProgram>.makeStream()
            let server = try await context.localServer(command: [try loop.stage(first).path], port: port, credentials: credentials, replacements: replacements)
            defer { loop.removeStaged() }
            let watching = roots.count, initialConfig = context.spec.config
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await server.run { url in
                        DevLoop.say("serving \(url) (table \(tableName)); watching \(watching) folder(s) for saves; Ctrl-C stops")
                    }
                }
                group.addTask { await Local.firstSignal([SIGINT, SIGTERM]) }
                group.addTask {
                    if deploy { await loop.ship(first) }
                    var served = first, program = server.program, config = initialConfig
                    while let changes = await loop.nextChanges(watcher) {
                        let sources = changes.filter { $0 != configFile.path }
                        if sources.count < changes.count, let (fresh, environment) = reload(since: config, credentials) {
                            if environment != program.environment {
                                program.environment = environment
                                replace.yield(program)
                                DevLoop.say("hoist.yml changed: serving with its environment")
                            }
                            config = fresh
                        }
                        guard !sources.isEmpty else { continue }
                        DevLoop.say("\(loop.describe(sources)); building…")
                        guard let build = await loop.build() else { continue }
                        guard build.bytes != served.bytes else {
                            DevLoop.say("built in \(build.seconds) s: the same binary, nothing to swap")
                            continue
                        }
                        program.command = [try loop.stage(build).path]
                        replace.yield(program)
                        DevLoop.say("built in \(build.seconds) s; serving it")
                        served = build
                        if deploy { await loop.ship(build) }
                    }
                }
                defer { group.cancelAll() }
                do {
                    try await group.next()
                } catch is CancellationError {
                    return
                }
            }
        }

        /// hoist.yml read again after a save, with the function environment it gives; `nil`, after saying why,
        /// when it does not parse: the last good settings keep serving. What else changed (the product, auth,
        /// CORS) needs a new `hoist dev`, which it says.
        private func reload(since current: HoistConfig, _ credentials: AWSCredentials) -> (HoistConfig, [String: String])? {
            do {
                let fresh = try ProjectContext(project: project, aws: aws)
                let environment = try fresh.localEnvironment(credentials)
                var others = fresh.spec.config
                others.function.environment = current.function.environment
                if others != current { DevLoop.say("hoist.yml changed: what it says besides the function's environment applies when hoist dev starts again") }
                return (fresh.spec.config, environment)
            } catch {
                DevLoop.say("hoist.yml: \(error); still serving with the settings it had")
                return nil
            }
        }
    }
}
