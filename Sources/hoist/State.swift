import ArgumentParser
import Foundation
import HoistEngine

extension Hoist {
    /// Moves an environment's state between this machine and where hoist.yml keeps it (S3 for a team).
    struct State: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read, replace or move an environment's state (state/ here, or the S3 object hoist.yml's state names).",
            discussion: "Example: hoist state migrate --env prod   # after adding state: {backend: s3, bucket: my-team-state} to hoist.yml",
            subcommands: [Pull.self, Push.self, Migrate.self])
    }
}

extension Hoist.State {
    struct Pull: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the environment's state as JSON.", discussion: "Example: hoist state pull --env prod > prod-state.json")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var aws: AWSOptions

        func run() async throws {
            let context = try ProjectContext(project: project, aws: aws)
            let store = context.engine.store
            guard let state = try await explained(context, { try await store.load() }) else {
                throw EngineError.notDeployed(stack: context.spec.functionName, environment: project.env)
            }
            FileHandle.standardOutput.write(try StateStore.encode(state))
        }
    }

    struct Push: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the environment's state with a file (one `state pull` wrote, or a backup), under the lock.",
            discussion: "Example: hoist state push --env prod prod-state.json")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var aws: AWSOptions
        @Argument(help: "The state file to push.")
        var file: String

        func validate() throws {
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw ValidationError("\(file): no such file (give a state file, like one `hoist state pull` wrote)")
            }
        }

        func run() async throws {
            let context = try ProjectContext(project: project, aws: aws)
            guard let data = FileManager.default.contents(atPath: file) else {
                throw HoistError.toolFailed(tool: file, problem: "could not be read; check its permissions")
            }
            let state = try StateStore.decode(data, location: file)
            try Self.checkBelongs(state, file: file, context: context)
            let store = context.engine.store
            try await explained(context) {
                try await store.withLock(force: project.forceUnlock) {
                    _ = try await store.load()
                    try await store.save(state)
                }
            }
            print("pushed \(file) to \(store.location)")
        }

        /// A state of another project or environment would make this one adopt or delete the wrong resources.
        static func checkBelongs(_ state: StateFile, file: String, context: ProjectContext) throws {
            guard state.project == context.spec.project, state.environment == context.spec.environment else {
                throw HoistError.foreignState(file: file, of: "\(state.project)-\(state.environment)", stack: context.spec.functionName, environment: state.environment)
            }
        }
    }

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move the environment's local state (state/<project>-<env>.json) to the S3 object hoist.yml's state names.",
            discussion: """
                The S3 object must not exist yet. The local file is kept as state/<project>-<env>.json.migrated.

                Example: hoist state migrate --env prod
                """)
        @OptionGroup var project: ProjectOptions
        @OptionGroup var aws: AWSOptions

        func run() async throws {
            let context = try ProjectContext(project: project, aws: aws)
            let remote = context.engine.store
            let local = StateBackends.local(project: context.spec.project, environment: project.env, root: context.root)
            guard !(remote is StateStore) else {
                throw HoistError.stateAlreadyLocal(directory: local.directory.path)
            }
            guard let state = try local.load() else { throw HoistError.nothingToMigrate(path: local.file.path) }
            try await explained(context) {
                try await remote.withLock(force: project.forceUnlock) {
                    if try await remote.load() != nil {
                        throw HoistError.remoteStateExists(location: remote.location, environment: project.env)
                    }
                    try await remote.save(state)
                }
            }
            let kept = local.file.path + ".migrated"
            guard rename(local.file.path, kept) == 0 else {
                throw HoistError.localStateLeft(path: local.file.path, location: remote.location, reason: String(cString: strerror(errno)))
            }
            print("moved \(local.file.path) to \(remote.location) (the local copy is \(kept))")
        }
    }
}
