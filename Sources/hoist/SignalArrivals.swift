import Foundation

/// The write end of the pipe the signal handler writes to; -1 while no one watches. A C signal handler can
/// reach only globals, and reading an `Int32` and calling `write(2)` are async-signal-safe.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// Signals as an async stream, with the handler in place before the body runs.
///
/// A Dispatch signal source is not enough on Linux: libdispatch installs its handler later, on its manager
/// thread, and a signal sent meanwhile (the caller had set SIG_IGN, as it must) is dropped, so a Ctrl-C at
/// the start of a deploy went unseen. Here `signal(2)` installs a handler at once that writes the signal's
/// number to a pipe; the pipe keeps what arrives until it is read, by one thread blocked on it.
enum SignalArrivals {
    /// Runs `body` with `signals` taken over, their arrivals in the stream it is given; their default action
    /// is back when it returns. One watcher at a time.
    static func watching<T>(_ signals: [Int32], _ body: (AsyncStream<Int32>) async throws -> T) async rethrows -> T {
        var ends: [Int32] = [-1, -1]
        // Out of file descriptors: the signals keep their default action (Ctrl-C ends hoist at once), and the
        // body gets a stream on which none arrives.
        guard pipe(&ends) == 0 else { return try await body(AsyncStream { _ in }) }
        // Not inherited: a bootstrap or `swift build` started meanwhile must not hold the pipe open.
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        precondition(signalPipeWriteEnd == -1, "signals are already watched")
        signalPipeWriteEnd = ends[1]
        for number in signals {
            signal(number) { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(signalPipeWriteEnd, &byte, 1)
            }
        }
        let (arrivals, continuation) = AsyncStream<Int32>.makeStream()
        let readEnd = ends[0]
        // The reader ends at end of file, once the write end is closed below.
        Thread.detachNewThread {
            var byte: UInt8 = 0
            while true {
                let count = read(readEnd, &byte, 1)
                if count == 1 {
                    continuation.yield(Int32(byte))
                } else if count < 0, errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            continuation.finish()
            close(readEnd)
        }
        defer {
            for number in signals { signal(number, SIG_DFL) }
            let writeEnd = signalPipeWriteEnd
            signalPipeWriteEnd = -1
            close(writeEnd)
        }
        return try await body(arrivals)
    }
}
