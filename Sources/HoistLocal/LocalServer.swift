import Foundation
import Subprocess
import Synchronization

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// `hoist local`: the Runtime API on a free loopback port, the bootstrap as a child process polling it,
/// and HTTP on `127.0.0.1:port` translated to payload 2.0 events. A bootstrap that exits is restarted;
/// one that keeps dying at start stops the server with its last words.
package struct LocalServer: Sendable {
    /// The program that plays the function: the built `bootstrap`, or any Runtime API client (with arguments).
    package var command: [String]
    /// The bootstrap's environment besides `AWS_LAMBDA_RUNTIME_API` (table, region, credentials, endpoint).
    package var environment: [String: String]
    package var port: Int

    package init(command: [String], environment: [String: String], port: Int) {
        self.command = command
        self.environment = environment
        self.port = port
    }

    package struct KeepsCrashing: Error, CustomStringConvertible {
        package var status: String
        package var description: String { "the bootstrap keeps exiting at start (\(status)); its error is above; fix it and run hoist local again" }
    }

    /// Serves until cancelled; `ready` gets the URL once both servers listen and the bootstrap is started.
    package func run(ready: @escaping @Sendable (String) -> Void) async throws {
        let runtime = LocalRuntime()
        try await LoopbackHTTPServer.serve(port: 0, handler: { await Self.runtimeAPI($0, runtime) }) { runtimePort in
            try await LoopbackHTTPServer.serve(port: port, handler: { request in
                do {
                    let event = try LocalEvent.event(
                        for: .init(method: request.method, target: request.uri, headers: request.headers, body: request.body), requestID: UUID().uuidString.lowercased())
                    let answer = await runtime.invoke(event)
                    return LoopbackHTTPServer.Response(status: answer.status, headers: answer.headers, body: answer.body)
                } catch {
                    return LoopbackHTTPServer.Response(status: 400, body: Array("cannot turn this request into an event: \(error)".utf8))
                }
            }) { frontPort in
                ready("http://127.0.0.1:\(frontPort)")
                try await superviseBootstrap(runtimeAPI: "127.0.0.1:\(runtimePort)", runtime: runtime)
            }
        }
    }

    /// The running bootstrap's pid, for the signal handler: SIGINT/SIGTERM to hoist stop the child first, so
    /// nothing it started outlives it.
    private static let child = Mutex<pid_t>(0)
    private static let signalSources = Mutex<[any DispatchSourceSignal]>([])

    private static func stopChildOnSignals() {
        signalSources.withLock { sources in
            guard sources.isEmpty else { return }
            for number in [SIGINT, SIGTERM] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler {
                    let pid = child.withLock { $0 }
                    if pid > 0 { kill(pid, SIGTERM) }
                    exit(0)
                }
                source.resume()
                sources.append(source)
            }
        }
    }

    private func superviseBootstrap(runtimeAPI: String, runtime: LocalRuntime) async throws {
        Self.stopChildOnSignals()
        var values: [Environment.Key: String] = [:]
        for (key, value) in environment.merging(["AWS_LAMBDA_RUNTIME_API": runtimeAPI], uniquingKeysWith: { $1 }) {
            values[Environment.Key(rawValue: key)!] = value
        }
        var quickExits = 0
        while !Task.isCancelled {
            let started = ContinuousClock.now
            let result = try await Subprocess.run(
                .path(FilePath(command[0])), arguments: Arguments(Array(command.dropFirst())), environment: .custom(values), input: .none,
                output: .fileDescriptor(.standardOutput, closeAfterSpawningProcess: false), error: .fileDescriptor(.standardError, closeAfterSpawningProcess: false)
            ) { execution in
                Self.child.withLock { $0 = execution.processIdentifier.value }
            }
            Self.child.withLock { $0 = 0 }
            try Task.checkCancellation()
            await runtime.crashed("\(result.terminationStatus)")
            quickExits = ContinuousClock.now - started < .seconds(2) ? quickExits + 1 : 0
            if quickExits >= 3 { throw KeepsCrashing(status: "\(result.terminationStatus)") }
        }
    }

    /// The Runtime API's four endpoints (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html).
    static func runtimeAPI(_ request: LoopbackHTTPServer.Request, _ runtime: LocalRuntime) async -> LoopbackHTTPServer.Response {
        let prefix = "/2018-06-01/runtime"
        guard request.uri.hasPrefix(prefix) else { return .init(status: 404) }
        let path = request.uri.dropFirst(prefix.count).split(separator: "/").map(String.init)
        switch (request.method, path.count, path.first, path.last) {
        case ("GET", 2, "invocation", "next"):
            let event = await runtime.next()
            let deadline = Int64((Date().timeIntervalSince1970 + 30) * 1000)
            return .init(
                status: 200,
                headers: [
                    (name: "Lambda-Runtime-Aws-Request-Id", value: event.requestID), (name: "Lambda-Runtime-Deadline-Ms", value: String(deadline)),
                    (name: "Lambda-Runtime-Invoked-Function-Arn", value: "arn:aws:lambda:local:000000000000:function:local"),
                    (name: "Content-Type", value: "application/json"),
                ],
                body: event.payload)
        case ("POST", 3, "invocation", "response"):
            await runtime.respond(requestID: path[1], payload: request.body)
            return .init(status: 202)
        case ("POST", 3, "invocation", "error"):
            await runtime.fail(requestID: path[1], report: request.body)
            return .init(status: 202)
        case ("POST", 2, "init", "error"):
            FileHandle.standardError.write(Data("bootstrap init error: \(String(decoding: request.body, as: UTF8.self))\n".utf8))
            return .init(status: 202)
        default:
            return .init(status: 404)
        }
    }
}
