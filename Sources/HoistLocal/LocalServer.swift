import Foundation
import LambdaContract
import Subprocess
import Synchronization

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// `hoist local`: the Runtime API on a free loopback port, the bootstrap as a child process polling it,
/// and HTTP on `127.0.0.1:port` translated to payload 2.0 events. A bootstrap that exits is restarted;
/// one that keeps dying at start stops the server with its last words. A call that runs past the function's
/// timeout ends with Lambda's timeout error and its bootstrap is replaced, as Lambda replaces the sandbox.
///
/// `hoist dev` hands it each new build through `replacements`: events are held back while the call under way
/// ends, the old bootstrap is stopped and the new one started, so no request fails for the swap; until a
/// build arrives the last one serves.
///
/// It owns nothing process-wide: cancelling `run` stops the bootstrap and both servers; the CLI decides which
/// signals cancel it.
package struct LocalServer: Sendable {
    /// What plays the function first.
    package var program: BootstrapProgram
    package var port: Int
    /// The function's configured timeout.
    package var timeout: Duration
    /// What the bootstrap is told it runs as (`RuntimeAPI.Header.invokedFunctionARN`).
    package var functionARN: String
    /// What the deployed API's routes would check before the function runs.
    package var authorization: LocalAuthorization
    /// The API's CORS configuration; `nil`: none, as with `cors: false`.
    package var cors: LocalCORS?
    /// Programs to swap the bootstrap for, each as it comes (`hoist dev`: a new build, or hoist.yml's new
    /// environment); serving ends when they end. `nil`: `program` is the only one, and a bootstrap that keeps
    /// dying at start ends the server.
    package var replacements: AsyncStream<BootstrapProgram>?

    package init(
        command: [String], environment: [String: String], port: Int, timeout: Duration, functionARN: String, authorization: LocalAuthorization = .open,
        cors: LocalCORS? = nil, replacements: AsyncStream<BootstrapProgram>? = nil
    ) {
        program = BootstrapProgram(command: command, environment: environment)
        self.port = port
        self.timeout = timeout
        self.functionARN = functionARN
        self.authorization = authorization
        self.cors = cors
        self.replacements = replacements
    }

    package struct KeepsCrashing: Error, CustomStringConvertible {
        package var status: String
        package var description: String { "the bootstrap keeps exiting at start (\(status)); its error is above; fix it and run hoist local again" }
        /// Said when another program may come, and the server keeps running.
        var waitingForNext: String { "the bootstrap keeps exiting at start (\(status)); its error is above; the next good build replaces it" }
    }

    /// Serves until cancelled; `ready` gets the URL once both servers listen and the bootstrap is started.
    package func run(ready: @escaping @Sendable (String) -> Void) async throws {
        let runtime = LocalRuntime(timeout: timeout)
        let functionARN = functionARN, authorization = authorization, cors = cors
        let bootstrap = Bootstrap()
        let slot = ProgramSlot(program, isFinal: replacements == nil)
        let replacements = replacements
        let runtimePort = Mutex(0)
        // Events carry requests and their tokens: only the bootstrap hoist started (or a process it started) may
        // take them, not any process of the machine that finds the port.
        let fromBootstrap: @Sendable (LoopbackHTTPServer.Request) async -> Bool = { request in
            guard let peer = request.peerPort else { return false }
            return SocketOwner.belongs(peerPort: peer, serverPort: runtimePort.withLock { $0 }, to: await bootstrap.running())
        }
        try await LoopbackHTTPServer.serve(port: 0, limits: .init(hosts: LoopbackHTTPServer.Limits.loopbackHosts), handler: { request in
            guard await fromBootstrap(request) else { return .init(status: 403, body: Array("the Runtime API serves only the bootstrap hoist local started".utf8)) }
            return await Self.runtimeAPI(request, runtime, functionARN: functionARN)
        }) { runtimeBound in
            runtimePort.withLock { $0 = runtimeBound }
            // The event carries the body: one past Lambda's limit is refused as it arrives, never held whole.
            try await LoopbackHTTPServer.serve(port: port, limits: .init(maxBody: LocalRuntime.payloadLimit, hosts: LoopbackHTTPServer.Limits.loopbackHosts), handler: { request in
                do {
                    // A preflight is API Gateway's to answer, before any authorizer, as it is deployed.
                    if let preflight = cors?.preflight(request) { return preflight }
                    let answer: LoopbackHTTPServer.Response
                    switch await authorization.decide(request) {
                    case .deny(let refusal):
                        answer = refusal
                    case .allow(let routeKey, let authorizer):
                        var event = GatewayEvent.event(for: request, requestID: UUID().uuidString.lowercased())
                        event.routeKey = routeKey
                        event.requestContext.routeKey = routeKey
                        event.requestContext.authorizer = authorizer
                        let trace = request.headers.first { $0.name.lowercased() == "x-amzn-trace-id" }?.value
                        answer = await runtime.invoke(try GatewayEvent.payload(event), traceID: trace)
                    }
                    return cors?.decorate(answer, for: request) ?? answer
                } catch {
                    return LoopbackHTTPServer.Response(status: 400, body: Array("cannot turn this request into an event: \(error)".utf8))
                }
            }) { frontPort in
                ready("http://127.0.0.1:\(frontPort)")
                var failure: (any Error)?
                do {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask { try await superviseBootstrap(bootstrap, slot: slot, runtimeAPI: "127.0.0.1:\(runtimeBound)", runtime: runtime) }
                        group.addTask { try await Self.enforceDeadlines(runtime, bootstrap) }
                        if let replacements {
                            group.addTask {
                                for await program in replacements { await Self.swap(to: program, slot: slot, runtime: runtime, bootstrap: bootstrap) }
                            }
                        }
                        try await group.next()
                        group.cancelAll()
                    }
                } catch {
                    failure = error
                }
                // Stopped, failed or done: the connections still waiting on the runtime get their answer, so both
                // servers can close.
                await runtime.close()
                bootstrap.close()
                if let failure { throw failure }
            }
        }
    }

    /// Makes `program` the one to run: events wait from now on, the call under way ends, the bootstrap of an
    /// older program is stopped, and the supervisor starts this one, which takes the waiting events.
    private static func swap(to program: BootstrapProgram, slot: ProgramSlot, runtime: LocalRuntime, bootstrap: Bootstrap) async {
        let generation = slot.replace(with: program)
        await runtime.hold(for: generation)
        await runtime.untilIdle()
        // Nothing older was running (the supervisor already started this generation, or none runs while it
        // waits out a crash loop): the hold is lifted here rather than by a start that has already happened.
        if !bootstrap.stop(olderThan: generation) { await runtime.release(for: generation) }
    }

    /// The running bootstrap: its pid and program generation, so a timed-out call, a swap or a cancelled run
    /// can stop it and the Runtime API can tell its connections from others, and whether hoist stopped it (a
    /// replacement is no crash at start).
    final class Bootstrap: Sendable {
        private struct State {
            var pid: pid_t = 0
            var generation = 0
            var stopped = false
            /// Those waiting for a pid: a bootstrap can call the Runtime API before its spawn has returned.
            var waiters: [CheckedContinuation<pid_t, Never>] = []
            var closed = false
        }

        private let state = Mutex(State())

        func started(_ pid: pid_t, generation: Int) {
            let waiters = state.withLock { state in
                (state.pid, state.generation, state.stopped) = (pid, generation, false)
                defer { state.waiters.removeAll() }
                return state.waiters
            }
            for waiter in waiters { waiter.resume(returning: pid) }
        }

        /// The running bootstrap's pid, once there is one; 0 once hoist local is stopping.
        func running() async -> pid_t {
            await withCheckedContinuation { waiter in
                let known = state.withLock { state -> pid_t? in
                    if state.pid > 0 || state.closed { return state.pid }
                    state.waiters.append(waiter)
                    return nil
                }
                if let known { waiter.resume(returning: known) }
            }
        }

        /// Stopping: nobody waits for a bootstrap any more.
        func close() {
            let waiters = state.withLock { state in
                state.closed = true
                defer { state.waiters.removeAll() }
                return state.waiters
            }
            for waiter in waiters { waiter.resume(returning: 0) }
        }

        /// Ends it (SIGKILL, as Lambda ends a sandbox past its timeout); a no-op when none runs.
        func stop() {
            state.withLock {
                guard $0.pid > 0 else { return }
                kill($0.pid, SIGKILL)
                $0.stopped = true
            }
        }

        /// Stops it when it runs a program older than `generation`; whether it did.
        func stop(olderThan generation: Int) -> Bool {
            state.withLock {
                guard $0.pid > 0, $0.generation < generation else { return false }
                kill($0.pid, SIGKILL)
                $0.stopped = true
                return true
            }
        }

        /// It exited: whether hoist stopped it.
        func exited() -> Bool {
            state.withLock { state in
                defer { (state.pid, state.stopped) = (0, false) }
                return state.stopped
            }
        }
    }

    /// Each call the bootstrap takes gets until its deadline; one still running then ends with Lambda's timeout
    /// error and its bootstrap is stopped, so the supervisor starts a fresh one.
    private static func enforceDeadlines(_ runtime: LocalRuntime, _ bootstrap: Bootstrap) async throws {
        for await call in runtime.started {
            try await ContinuousClock().sleep(until: call.deadline)
            if await runtime.timedOut(requestID: call.requestID) { bootstrap.stop() }
        }
    }

    private func superviseBootstrap(_ bootstrap: Bootstrap, slot: ProgramSlot, runtimeAPI: String, runtime: LocalRuntime) async throws {
        var quickExits = 0
        while !Task.isCancelled {
            let started = ContinuousClock.now
            let (program, generation) = slot.current
            let command = program.command
            var values: [Environment.Key: String] = [:]
            for (key, value) in program.environment.merging(["AWS_LAMBDA_RUNTIME_API": runtimeAPI], uniquingKeysWith: { $1 }) {
                values[Environment.Key(rawValue: key)!] = value
            }
            let result = try await withTaskCancellationHandler {
                try await Subprocess.run(
                    .path(FilePath(command[0])), arguments: Arguments(Array(command.dropFirst())), environment: .custom(values), input: .none,
                    output: .fileDescriptor(.standardOutput, closeAfterSpawningProcess: false),
                    error: .fileDescriptor(.standardError, closeAfterSpawningProcess: false)
                ) { execution in
                    bootstrap.started(execution.processIdentifier.value, generation: generation)
                    await runtime.release(for: generation)
                    // Cancelled before the pid was known: the handler below had nothing to stop yet.
                    if Task.isCancelled { bootstrap.stop() }
                }
            } onCancel: {
                bootstrap.stop()
            }
            let stoppedByHoist = bootstrap.exited()
            try Task.checkCancellation()
            await runtime.bootstrapExited("\(result.terminationStatus)")
            quickExits = !stoppedByHoist && ContinuousClock.now - started < .seconds(2) ? quickExits + 1 : 0
            if quickExits >= 3 {
                let crashing = KeepsCrashing(status: "\(result.terminationStatus)")
                if slot.isFinal { throw crashing }
                FileHandle.standardError.write(Data("\(crashing.waitingForNext)\n".utf8))
                await slot.changed(after: generation)
                quickExits = 0
            }
        }
    }

    /// The Runtime API's four endpoints (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html).
    static func runtimeAPI(_ request: LoopbackHTTPServer.Request, _ runtime: LocalRuntime, functionARN: String) async -> LoopbackHTTPServer.Response {
        let prefix = RuntimeAPI.basePath
        guard request.uri.hasPrefix(prefix) else { return .init(status: 404) }
        let path = request.uri.dropFirst(prefix.count).split(separator: "/").map(String.init)
        switch (request.method, path.count, path.first, path.last) {
        case ("GET", 2, "invocation", "next"):
            guard let event = await runtime.next() else { return .init(status: 503) }
            return .init(
                status: 200,
                headers: [
                    (name: RuntimeAPI.Header.requestID, value: event.requestID),
                    (name: RuntimeAPI.Header.deadline, value: String(Int64(event.deadline.timeIntervalSince1970 * 1000))),
                    (name: RuntimeAPI.Header.invokedFunctionARN, value: functionARN),
                    (name: RuntimeAPI.Header.traceID, value: event.traceID),
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
