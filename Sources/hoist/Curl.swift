import ArgumentParser
import Foundation
import HoistEngine

extension Hoist {
    /// The deployed API through the user's own curl, so every curl flag works and nothing is re-invented:
    /// hoist only finds the environment's URL.
    struct Curl: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Call the deployed API with curl: hoist finds the environment's URL, curl takes the rest.",
            discussion: """
                hoist's own options come before PATH; everything after PATH goes to curl unchanged, and hoist exits \
                with curl's status.

                Example: hoist curl --env prod /items -X POST -H 'content-type: application/json' -d '{"name":"pen"}' -i
                """)
        @OptionGroup var project: ProjectOptions
        @OptionGroup var aws: AWSOptions
        @Argument(help: "The path to call, starting with / (like /items?limit=10).")
        var path: String
        @Argument(parsing: .captureForPassthrough, help: "curl's own flags (-X, -H, -d, -i, ...).")
        var curlArguments: [String] = []

        func validate() throws {
            guard path.hasPrefix("/") else { throw ValidationError("PATH '\(path)' must start with / (like /items)") }
        }

        func run() async throws {
            let context = try ProjectContext(project: project, aws: aws)
            guard let outputs = try await explained(context, { try await context.engine.outputs() }) else {
                throw EngineError.notDeployed(stack: context.spec.functionName, environment: project.env)
            }
            let base = outputs["apiURL"] ?? ""
            let url = (base.hasSuffix("/") ? String(base.dropLast()) : base) + path
            guard let curl = Self.onPath("curl") else {
                throw HoistError.toolFailed(tool: "curl", problem: "is not on PATH; install curl, or call \(url) with any HTTP client")
            }
            // curl takes the process over: its output, its terminal and its exit status are the user's.
            let arguments = ["curl"] + curlArguments + ["--url", url]
            var pointers = arguments.map { strdup($0) } + [nil]
            execv(curl, &pointers)
            throw HoistError.toolFailed(tool: curl, problem: "could not be started: \(String(cString: strerror(errno)))")
        }

        /// The first executable `name` on PATH.
        static func onPath(_ name: String) -> String? {
            (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/\(name)" }.first {
                FileManager.default.isExecutableFile(atPath: $0)
            }
        }
    }
}
