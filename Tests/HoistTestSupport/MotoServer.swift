import AWSQuery
import AWSSigV4
import AWSSigV4BoringSSL
import AWSTransport
import AsyncHTTPTransport
import Foundation
import Logging

/// A running moto server with signature checking on, started by `withMotoServer`.
package struct MotoServer: Sendable {
    /// `http://127.0.0.1:<port>`
    package var endpoint: String
    /// The admin user's key that the launcher made; every request must be signed with it.
    package var credentials: AWSCredentials
    package var accountID: String
    /// One JSON line per AWS request the server received, for counting calls.
    package var requestLog: URL

    /// The environment a hoist process needs to talk to this server.
    package var environment: [String: String] {
        [
            "AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": credentials.accessKeyID, "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
            "AWS_REGION": "us-east-1",
        ]
    }

    /// A transport client for this server, for tests that call AWS directly.
    package func client(credentials: AWSCredentials? = nil, region: String = "us-east-1", transport: any HTTPTransport = AsyncHTTPClientTransport.shared) -> AWSClient {
        AWSClient(
            transport: transport,
            credentialProvider: StaticCredentialProvider(credentials ?? self.credentials),
            endpoints: EndpointResolver(region: region, environment: ["AWS_ENDPOINT_URL": endpoint]), signing: .boringSSL)
    }

    /// Sets the rates of injected failed and lost answers (scripts/fault_injection.py); 0, 0 turns them off.
    package func setFaults(error: Double, drop: Double, seed: Int = 1) async throws {
        let body = Array(#"{"error": \#(error), "drop": \#(drop), "seed": \#(seed)}"#.utf8)
        let answer = try await AsyncHTTPClientTransport.shared.send(HTTPRequest(method: "POST", url: "\(endpoint)/hoist-control/faults", body: body), timeout: .seconds(10))
        guard answer.status == 200 else { throw PythonServerFailure(script: "scripts/moto_server.py", detail: "fault control answered \(answer.status)") }
    }

    /// Stops (true) or restarts (false) the time of AWS's transitions in real-AWS mode (scripts/real_aws.py):
    /// held, a table stays CREATING and a new role unassumable, so a deploy is surely mid-way until released.
    package func holdAWSClock(_ held: Bool) async throws {
        let body = Array(#"{"held": \#(held)}"#.utf8)
        let answer = try await AsyncHTTPClientTransport.shared.send(HTTPRequest(method: "POST", url: "\(endpoint)/hoist-control/clock", body: body), timeout: .seconds(10))
        guard answer.status == 204 else { throw PythonServerFailure(script: "scripts/moto_server.py", detail: "clock control answered \(answer.status)") }
    }

    /// The requests logged so far, decoded.
    package func requests() throws -> [LoggedRequest] {
        guard FileManager.default.fileExists(atPath: requestLog.path) else { return [] }
        return try String(contentsOf: requestLog, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(LoggedRequest.self, from: Data($0.utf8))
        }
    }

    package struct LoggedRequest: Decodable, Sendable {
        package var method: String
        package var target: String
        package var amzTarget: String?
        package var action: String?
        /// A query-protocol (IAM, STS) request's parameters, and whether it carried a signature.
        package var parameters: [String: String]?
        package var signed: Bool?
        /// The `X-Amzn-Trace-Id` header, when the request carried one.
        package var traceId: String?
    }
}

private struct ReadyLine: Decodable, Sendable {
    var endpoint: String
    var accessKeyId: String
    var secretAccessKey: String
    var accountId: String
}

/// Real-AWS mode's delays times this in the tests: role propagation 1.6 s, a function Pending or InProgress
/// 0.6 s, a table CREATING 1 s and DELETING 0.8 s (scripts/real_aws.py has AWS's own figures and sources).
package let realAWSTestScale = 0.2

/// Runs `body` against a fresh moto server on 127.0.0.1 and a free port, stopping it when `body` ends.
///
/// The server is `scripts/moto_server.py`: moto's own server, with the signature checked over raw bytes.
/// - Parameters:
///   - realistic: AWS's delays, transitional states and conflicts (`--realistic`), delays times this.
///   - faults: failed and lost answers injected from the start, as `error,drop,seed` rates (`--faults`).
@discardableResult
package func withMotoServer<T: Sendable>(realistic: Double? = nil, faults: String? = nil, _ body: (MotoServer) async throws -> T) async throws -> T {
    let log = FileManager.default.temporaryDirectory.appendingPathComponent("hoist-moto-\(UUID().uuidString).jsonl")
    defer { try? FileManager.default.removeItem(at: log) }
    var arguments = ["--request-log", log.path]
    if let realistic { arguments += ["--realistic", "\(realistic)"] }
    if let faults { arguments += ["--faults", faults] }
    return try await withPythonServer(script: "scripts/moto_server.py", arguments: arguments, ready: ReadyLine.self) { ready in
        try await body(
            MotoServer(
                endpoint: ready.endpoint, credentials: AWSCredentials(accessKeyID: ready.accessKeyId, secretAccessKey: ready.secretAccessKey),
                accountID: ready.accountId, requestLog: log))
    }
}

extension MotoServer {
    /// Attaches a managed policy to a role, as a user or another tool would: hoist attaches none, so its IAM
    /// client has no such operation, and tests that need a role with rights (or drift to find) attach here.
    package func attach(policy arn: String, toRole role: String) async throws {
        _ = try await client().query(.iam, "AttachRolePolicy", [("RoleName", role), ("PolicyArn", arn)], logger: Logger(label: "test"))
    }
}
