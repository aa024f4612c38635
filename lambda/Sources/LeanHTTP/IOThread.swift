import Glibc

/// Runs blocking work on a thread of its own and resumes the awaiting task with its result.
///
/// The client's sockets block (with deadlines) instead of running an event loop; a thread per exchange keeps
/// that blocking off Swift's cooperative pool. The function makes a handful of exchanges per invocation, and
/// a thread costs tens of microseconds.
enum IOThread {
    private final class Work {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    static func run<T: Sendable>(_ work: @escaping @Sendable () throws(HTTP1.Failure) -> T) async throws(HTTP1.Failure) -> T {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, HTTP1.Failure>, Never>) in
            let box = Unmanaged.passRetained(Work { continuation.resume(returning: Result { () throws(HTTP1.Failure) -> T in try work() }) })
            var thread = pthread_t()
            let status = pthread_create(&thread, nil, { context in
                Unmanaged<Work>.fromOpaque(context!).takeRetainedValue().run()
                return nil
            }, box.toOpaque())
            if status == 0 {
                pthread_detach(thread)
            } else {
                box.release()
                continuation.resume(returning: .failure(.broken("cannot start an I/O thread: \(String(cString: strerror(status)))", beforeAnswer: true)))
            }
        }
        return try result.get()
    }
}
