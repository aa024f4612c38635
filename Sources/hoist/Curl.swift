import ArgumentParser
import Foundation
import HoistEngine
import HoistPackaging

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
        @Option(help: "A bearer token for an API behind auth (default: $HOIST_TOKEN, which keeps it out of ps and shell history).")
        var token: String?
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
            guard let curl = ExecutableSearch.onPath("curl") else {
                throw HoistError.toolFailed(tool: "curl", problem: "is not on PATH; install curl, or call \(url) with any HTTP client")
            }
            // curl takes the process over: its output, its terminal and its exit status are the user's. The token
            // reaches it as a config file read from a pipe, never as an argument `ps` would show; the pipe holds it
            // before curl starts. curl's environment has no AWS credentials.
            var arguments = ["curl"] + curlArguments + ["--url", url]
            if let token = token ?? ProcessInfo.processInfo.environment["HOIST_TOKEN"], !token.isEmpty {
                arguments += ["--config", "/dev/fd/\(try Self.pipe(#"header = "Authorization: Bearer \#(token)""# + "\n"))"]
            }
            var pointers = arguments.map { strdup($0) } + [nil]
            var environment = ChildEnvironment.scrubbed().map { strdup("\($0.key)=\($0.value)") } + [nil]
            execve(curl, &pointers, &environment)
            throw HoistError.toolFailed(tool: curl, problem: "could not be started: \(String(cString: strerror(errno)))")
        }

        /// A pipe holding `text`, its read end left open across exec: what curl reads as `/dev/fd/N`.
        private static func pipe(_ text: String) throws -> Int32 {
            var ends: [Int32] = [0, 0]
            guard Glibc.pipe(&ends) == 0 else { throw HoistError.toolFailed(tool: "pipe", problem: String(cString: strerror(errno))) }
            let bytes = Array(text.utf8)
            guard write(ends[1], bytes, bytes.count) == bytes.count else { throw HoistError.toolFailed(tool: "pipe", problem: String(cString: strerror(errno))) }
            close(ends[1])
            return ends[0]
        }
    }
}
