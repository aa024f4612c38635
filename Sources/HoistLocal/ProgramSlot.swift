import Synchronization

/// The program the bootstrap should be, and its generation: `hoist dev` puts each good build here, and the
/// supervisor starts the latest whenever it starts a bootstrap.
final class ProgramSlot: Sendable {
    private struct State {
        var program: [String]
        var generation = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }

    private let state: Mutex<State>
    /// No other program will come (`hoist local`): a bootstrap that keeps dying ends the server.
    let isFinal: Bool

    init(_ program: [String], isFinal: Bool) {
        state = Mutex(State(program: program))
        self.isFinal = isFinal
    }

    var current: (program: [String], generation: Int) {
        state.withLock { ($0.program, $0.generation) }
    }

    /// Makes `program` the current one; returns its generation.
    func replace(with program: [String]) -> Int {
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
