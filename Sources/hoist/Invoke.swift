import AWSCredentialChain
import AWSSigV4
import ArgumentParser
import Foundation
import HoistEngine
import HoistLocal
import LambdaContract

extension Hoist {
    /// Calls the deployed function directly with the event API Gateway would send, so a user sees what the
    /// function answers (and what it cost) without the API in between, and without the AWS CLI.
    struct Invoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Call the deployed function with an API Gateway event; print the HTTP answer, then Lambda's REPORT line.",
            discussion: """
                The event is the payload 2.0 event API Gateway sends (the one `hoist local` sends too). The answer goes \
                to stdout as `HTTP <status>`, its headers and its body; the REPORT line (duration, billed duration, \
                memory) goes to stderr. A function that fails exits 1 with its error type and message.

                Example: hoist invoke --env prod --method POST --path /items --data '{"name":"pen"}'
                """)
        @OptionGroup var project: ProjectOptions
        @OptionGroup var aws: AWSOptions
        @Option(help: "The HTTP method.")
        var method = "GET"
        @Option(help: "The request path, with a query string if any (/items?limit=10).")
        var path = "/items"
        @Option(help: "The request body: text, or @FILE to send a file's bytes.")
        var data: String?
        @Option(name: .customLong("header"), help: "A request header as 'Name: value'; repeat for more.")
        var headers: [String] = []
        @Option(help: "A bearer token for an API behind auth, checked as API Gateway would (default: $HOIST_TOKEN, which keeps it out of ps and shell history).")
        var token: String?

        func validate() throws {
            guard method.wholeMatches("[A-Za-z]+") else {
                throw ValidationError("--method '\(method)' is not an HTTP method (GET, POST, PUT, DELETE, ...)")
            }
            guard path.hasPrefix("/") else { throw ValidationError("--path '\(path)' must start with / (like /items)") }
            for header in headers where Self.header(header) == nil {
                throw ValidationError("--header '\(header)' is not 'Name: value' (like --header 'Accept: application/json')")
            }
            if let data, data.hasPrefix("@"), !FileManager.default.isReadableFile(atPath: String(data.dropFirst())) {
                throw ValidationError("--data \(data): no such file (give the path of the body to send)")
            }
        }

        /// `Name: value` split at the first colon; `nil` without one or without a name.
        static func header(_ text: String) -> (name: String, value: String)? {
            guard let colon = text.firstIndex(of: ":") else { return nil }
            let name = text[..<colon].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !name.contains(" ") else { return nil }
            return (name, text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }

        /// The body's bytes: `--data` as text, or the file `@FILE` names.
        func body() throws -> [UInt8] {
            guard let data else { return [] }
            guard data.hasPrefix("@") else { return Array(data.utf8) }
            let file = String(data.dropFirst())
            guard let contents = FileManager.default.contents(atPath: file) else {
                throw HoistError.toolFailed(tool: "--data @\(file)", problem: "could not be read; check its permissions")
            }
            return Array(contents)
        }

        func run() async throws {
            let context = try ProjectContext(project: project, aws: aws)
            var requestHeaders = headers.compactMap(Self.header)
            let body = try body()
            if !body.isEmpty, !requestHeaders.contains(where: { $0.name.lowercased() == "content-type" }) {
                requestHeaders.append((name: "content-type", value: "application/json"))
            }
            requestHeaders.append((name: "user-agent", value: "hoist/\(Hoist.configuration.version)"))
            if let token = token ?? ProcessInfo.processInfo.environment["HOIST_TOKEN"], !token.isEmpty {
                requestHeaders.append((name: "authorization", value: "Bearer \(token)"))
            }
            // The deployed API's id and account, as API Gateway would put them in the event; the state file
            // has them without a call, and a function invoked before any record gets placeholders.
            let deployed = await context.engine.gatewayIdentity()
            let apiID = deployed.apiID ?? "-"
            let origin = GatewayEvent.Origin(
                accountID: deployed.account ?? "-", apiID: apiID, domainName: "\(apiID).execute-api.\(context.spec.region).amazonaws.com", sourceIP: "127.0.0.1")
            let request = LoopbackHTTPServer.Request(method: method.uppercased(), uri: path, headers: requestHeaders, body: body)
            var event = GatewayEvent.event(for: request, requestID: UUID().uuidString.lowercased(), origin: origin)
            // What the API's authorizer would decide, so the function sees the caller it would see behind the API;
            // an IAM route's caller is hoist's own identity, which signs the Invoke itself.
            let credentials = try await context.aws.credentials.credentials()
            switch try await context.routeAuthorization(credentials).decide(request) {
            case .deny(let refusal):
                let why = refusal.headers.first { $0.name == "www-authenticate" }?.value ?? String(decoding: refusal.body, as: UTF8.self)
                if context.spec.config.api.auth != .iam { throw HoistError.refusedByAuthorizer(status: refusal.status, why: why) }
                event.requestContext.authorizer = .init(iam: .init(accessKey: credentials.accessKeyID))
            case .allow(let routeKey, let authorizer):
                event.routeKey = routeKey
                event.requestContext.routeKey = routeKey
                event.requestContext.authorizer = authorizer
            }
            let name = context.spec.functionName
            let answer = try await explained(context) { try await context.engine.invoke(payload: try GatewayEvent.payload(event)) }
            ProgressRenderer.line(answer.report ?? (answer.hadLogTail ? "(no REPORT line in the log's last 4 KB)" : "(Lambda sent no log tail, so no REPORT line)"))
            if let kind = answer.functionError {
                throw EngineError.invocationFailed(function: name, kind: kind, detail: answer.failure, environment: project.env)
            }
            let response = GatewayEvent.response(from: answer.payload)
            var head = "HTTP \(response.status)\n"
            for header in response.headers { head += "\(header.name): \(header.value)\n" }
            FileHandle.standardOutput.write(Data((head + "\n").utf8) + Data(response.body))
            if response.body.last != UInt8(ascii: "\n"), !response.body.isEmpty { FileHandle.standardOutput.write(Data("\n".utf8)) }
        }
    }
}
