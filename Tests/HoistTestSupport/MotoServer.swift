import AWSSigV4
import AWSTransport
import AsyncHTTPTransport
import Foundation
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

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
            endpoints: EndpointResolver(region: region, environment: ["AWS_ENDPOINT_URL": endpoint]))
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
    }

    package struct StartFailure: Error, CustomStringConvertible {
        package var detail: String
        package var description: String { "moto did not start: \(detail)\n\(Repository.pythonSetupHint)" }
    }
}

private struct ReadyLine: Decodable {
    var endpoint: String
    var accessKeyId: String
    var secretAccessKey: String
    var accountId: String
}

/// Runs `body` against a fresh moto server on 127.0.0.1 and a free port, stopping it when `body` ends.
///
/// The server is `scripts/moto_server.py`: moto's own server, with the signature checked over raw bytes.
@discardableResult
package func withMotoServer<T: Sendable>(_ body: (MotoServer) async throws -> T) async throws -> T {
    let log = FileManager.default.temporaryDirectory.appendingPathComponent("hoist-moto-\(UUID().uuidString).jsonl")
    defer { try? FileManager.default.removeItem(at: log) }
    let script = Repository.root.appendingPathComponent("scripts/moto_server.py").path
    let outcome = try await Subprocess.run(
        Repository.pythonExecutable,
        arguments: [script, "--request-log", log.path],
        input: .none,
        output: .sequence,
        error: .string(limit: 1 << 20)
    ) { execution -> Result<T, any Error>? in
        var ready: ReadyLine?
        for try await line in execution.standardOutput.strings() {
            ready = try JSONDecoder().decode(ReadyLine.self, from: Data(line.utf8))
            break
        }
        guard let ready else { return nil }
        let server = MotoServer(
            endpoint: ready.endpoint,
            credentials: AWSCredentials(accessKeyID: ready.accessKeyId, secretAccessKey: ready.secretAccessKey),
            accountID: ready.accountId,
            requestLog: log)
        let result: Result<T, any Error>
        do {
            result = .success(try await body(server))
        } catch {
            result = .failure(error)
        }
        try execution.send(signal: .terminate)
        return result
    }
    guard let result = outcome.closureResult else {
        throw MotoServer.StartFailure(detail: "\(outcome.terminationStatus): \(outcome.standardError.suffix(3000))")
    }
    return try result.get()
}
