import AWSCredentialChain
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
                The package and its local dependencies are watched; a save is rebuilt (the build hoist deploys, \
                incremental) and served once it is ready, the last good build serving meanwhile. A build that \
                fails shows the compiler's errors and the last good build keeps serving.

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
            let watcher = try SourceWatcher(roots: loop.sourceRoots)
            defer { watcher.stop() }
            while first == nil {
                guard let changes = await loop.nextChanges(watcher) else { return }
                DevLoop.say("\(loop.describe(changes)); building…")
                first = await loop.build()
            }
            guard let first else { return }
            let (replacements, replace) = AsyncStream<[String]>.makeStream()
            let server = try await context.localServer(command: [try loop.stage(first).path], port: port, credentials: credentials, replacements: replacements)
            defer { loop.removeStaged() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await server.run { url in
                        DevLoop.say("serving \(url) (table \(tableName)); watching \(loop.sourceRoots.count) folder(s) for saves; Ctrl-C stops")
                    }
                }
                group.addTask { await Local.firstSignal([SIGINT, SIGTERM]) }
                group.addTask {
                    if deploy { await loop.ship(first) }
                    var served = first
                    while let changes = await loop.nextChanges(watcher) {
                        DevLoop.say("\(loop.describe(changes)); building…")
                        guard let build = await loop.build() else { continue }
                        guard build.bytes != served.bytes else {
                            DevLoop.say("built in \(build.seconds) s: the same binary, nothing to swap")
                            continue
                        }
                        replace.yield([try loop.stage(build).path])
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
    }
}
