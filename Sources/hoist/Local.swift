import AWSCredentialChain
import AWSSigV4
import AWSTransport
import ArgumentParser
import Foundation
import HoistEngine
import HoistLocal
import HoistPackaging

extension Hoist {
    /// Runs the function on this machine, behind a local HTTP server that speaks like API Gateway.
    struct Local: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the function locally: HTTP on 127.0.0.1:PORT, the bootstrap behind a local Runtime API.",
            discussion: """
                DynamoDB is whatever the AWS settings point at: the environment's table, or AWS_ENDPOINT_URL[_DYNAMODB] for a local server.

                Example: hoist local --port 8080 & curl -X POST localhost:8080/items -d '{"name":"pen"}'
                """)
        @OptionGroup var project: ProjectOptions
        @OptionGroup var aws: AWSOptions
        @Option(help: "Port to serve HTTP on (0 picks a free one).")
        var port = 3000

        @Option(
            help: ArgumentHelp(
                "Run this Runtime API client instead of building the bootstrap: an absolute path and its arguments, space-separated.",
                discussion: "For comparing runtimes, e.g. '/usr/bin/python3 -m awslambdaric handler.handler'."))
        var command: String?

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port \(port) is not a TCP port (0-65535)") }
            if let command, !(command.split(separator: " ").first?.hasPrefix("/") ?? false) {
                throw ValidationError("--command '\(command)' must start with an absolute path to the program")
            }
        }

        func run() async throws {
            let context = try ProjectContext(project: project, aws: aws)
            // Resolved before the build, so a missing credential fails at once rather than after it.
            let credentials = try await context.aws.credentials.credentials()
            var program = command?.split(separator: " ").map(String.init) ?? []
            if program.isEmpty {
                ProgressRenderer.line("building \(context.spec.config.function.product)…")
                program = [try await context.packager.build.run().path]
            }
            let server = try await context.localServer(command: program, port: port, credentials: credentials)
            // Ctrl-C or SIGTERM cancel the server, which stops the bootstrap it runs; then hoist exits 0.
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await server.run { url in
                        // Written straight to the descriptor, unbuffered, so a script reading the first line sees it now.
                        FileHandle.standardOutput.write(Data("serving \(url) (table \(context.spec.tableName)); Ctrl-C stops\n".utf8))
                    }
                }
                group.addTask { await Self.firstSignal([SIGINT, SIGTERM]) }
                defer { group.cancelAll() }
                do {
                    try await group.next()
                } catch is CancellationError {
                    return
                }
            }
        }

        /// Returns when one of `signals` arrives (their default action is off meanwhile), or when cancelled.
        static func firstSignal(_ signals: [Int32]) async {
            await SignalArrivals.watching(signals) { arrivals in
                for await _ in arrivals { return }
            }
        }
    }
}

extension ProjectContext {
    /// The function as `hoist local` and `hoist dev` serve it: `command` with what Lambda would set for it, and
    /// the API's authorization and CORS in front.
    func localServer(
        command: [String], port: Int, credentials: AWSCredentials, replacements: AsyncStream<BootstrapProgram>? = nil
    ) async throws -> LocalServer {
        // The environment's function ARN; the account is not asked for (a local DynamoDB needs no STS), so
        // it is AWS's placeholder account.
        LocalServer(
            command: command, environment: try localEnvironment(credentials), port: port, timeout: .seconds(spec.config.function.timeout),
            functionARN: StackARNs(spec: spec, account: "000000000000").function, authorization: try await routeAuthorization(credentials),
            cors: spec.config.api.cors.map { LocalCORS(allowOrigins: $0.allowOrigins, allowMethods: $0.allowMethods, allowHeaders: $0.allowHeaders) },
            replacements: replacements)
    }

    /// The function's environment as Lambda would set it, hoist.yml's `environment` included.
    func localEnvironment(_ credentials: AWSCredentials) throws -> [String: String] {
        // What Lambda sets for a function, so any runtime finds its region and credentials where it looks.
        var environment = spec.tableEnvironment.merging([
            "AWS_REGION": spec.region, "AWS_DEFAULT_REGION": spec.region,
            "AWS_ACCESS_KEY_ID": credentials.accessKeyID,
            "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
        ]) { $1 }
        environment.merge(spec.config.function.environment) { current, _ in current }
        if let token = credentials.sessionToken { environment["AWS_SESSION_TOKEN"] = token }
        // The services the function calls (its table, and Parameter Store for `ssm:` references), where the
        // AWS settings point them elsewhere than AWS.
        for service in [AWSService.dynamoDB, .ssm] {
            let endpoint = try aws.client.endpoints.endpoint(for: service)
            if endpoint.scheme == "http" || !endpoint.host.hasSuffix("amazonaws.com") && !endpoint.host.hasSuffix("amazonaws.com.cn") {
                environment["AWS_ENDPOINT_URL_\(service.endpointEnvironmentName)"] = endpoint.description
            }
        }
        return environment
    }
}
