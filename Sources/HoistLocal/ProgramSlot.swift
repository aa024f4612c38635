import Synchronization

/// What plays the function: the built `bootstrap`, or any Runtime API client (with arguments), and its
/// environment besides `AWS_LAMBDA_RUNTIME_API` (table, region, credentials, endpoint).
package struct BootstrapProgram: Sendable, Equatable {
    package var command: [String]
    package var environment: [String: String]

    package init(command: [String], environment: [String: String]) {
        self.command = command
        self.environment = environment
    }
}

/// The program the bootstrap should be, and its generation: `hoist dev` puts each good build (or hoist.yml's
/// new environment) here, and the supervisor starts the latest whenever it starts a bootstrap.
final class ProgramSlot: Sendable {
    private struct State {
        var program: BootstrapProgram
        var generation = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }

    private let state: Mutex<State>
    /// No other program will come (`hoist local`): a bootstrap that keeps dying ends the server.
    let isFinal: Bool

    init(_ program: BootstrapProgram, isFinal: Bool) {
        state = Mutex(State(program: program))
        self.isFinal = isFinal
    }

    var current: (program: BootstrapProgram, generation: Int) {
        state.withLock { ($0.program, $0.generation) }
    }

    /// Makes `program` the current one; returns its generation.
    func replace(with program: BootstrapProgram) -> Int {
        let (generation, waiters) = state.withLock { state in
            state.program = program
            state.generation += 1
            defer { state.waiters.removeAll() }
            return (state.generation, Array(state.waiters.values))
        }
        for waiter in waiters { waiter.resume() }
        return generation
    }

    /// Returns once a program later than `generation` is current, or when the task is cancelled.
    func changed(after generation: Int) async {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { waiter in
                let ready = state.withLock { state in
                    guard state.generation <= generation, !Task.isCancelled else { return true }
                    state.waiters[id] = waiter
                    return false
                }
                if ready { waiter.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
