import Foundation

/// Hands HTTP requests to the bootstrap one at a time through the Runtime API and its answers back, within
/// Lambda's limits: an event or an answer over 6 MB is refused as Lambda refuses it, and a call still running
/// at the function's timeout ends with Lambda's timeout error.
///
/// The front server calls `invoke`; the Runtime API server calls `next`, `respond` and `fail`; the supervisor
/// watches `started` for deadlines, and holds events back while one bootstrap is swapped for another. An actor, so the queue and the waiting callers change in one place;
/// continuations are resumed here, never in a lock.
package actor LocalRuntime {
    package struct Event: Sendable {
        package var requestID: String
        package var payload: [UInt8]
        /// The X-Ray trace header Lambda hands the function with the event (`Lambda-Runtime-Trace-Id`).
        package var traceID: String
        /// When Lambda would stop the call: set as the bootstrap takes the event.
        package var deadline = Date.distantFuture
    }

    /// Lambda's synchronous invocation limit, for the event and for the answer: "Request must be smaller than
    /// 6291556 bytes for the Invoke operation" (docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
    package static let payloadLimit = 6_291_556

    /// The configured `timeout`: the deadline the bootstrap is told, and enforced.
    package let timeout: Duration
    private let timeoutSeconds: Double
    /// Each event as the bootstrap takes it, with the instant its time runs out.
    package nonisolated let started: AsyncStream<(requestID: String, deadline: ContinuousClock.Instant)>
    private let startedContinuation: AsyncStream<(requestID: String, deadline: ContinuousClock.Instant)>.Continuation

    private var queue: [(event: Event, reply: CheckedContinuation<LoopbackHTTPServer.Response, Never>)] = []
    private var waiting: [CheckedContinuation<Event?, Never>] = []
    private var inFlight: [String: CheckedContinuation<LoopbackHTTPServer.Response, Never>] = [:]
    /// Stopping: every wait ends, no new one starts.
    private var closed = false
    /// The program generation a swap holds events back for: none is handed out until a bootstrap of that
    /// generation (or a later one) runs, so none goes to the bootstrap being replaced.
    private var heldFor: Int?
    /// Those waiting for the call under way to end.
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []

    package init(timeout: Duration) {
        self.timeout = timeout
        timeoutSeconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        (started, startedContinuation) = AsyncStream.makeStream()
    }

    /// Queues an event and waits for the function's answer (or a 502 if it fails, crashes or times out).
    /// `traceID`: the caller's `X-Amzn-Trace-Id`, which API Gateway passes on; without one, a new trace.
    package func invoke(_ payload: [UInt8], traceID: String? = nil) async -> LoopbackHTTPServer.Response {
        guard payload.count < Self.payloadLimit else {
            return Self.error(
                413, "the event is \(payload.count) bytes; Lambda takes events smaller than \(Self.payloadLimit) bytes (RequestEntityTooLargeException)")
        }
        let event = Event(requestID: UUID().uuidString.lowercased(), payload: payload, traceID: traceID ?? Self.newTraceID())
        guard !closed else { return Self.stopping }
        return await withCheckedContinuation { reply in
            queue.append((event, reply))
            dispatch()
        }
    }

    /// The next event for the bootstrap; waits as long as it takes, as Lambda's `next` does. `nil` once
    /// stopping.
    package func next() async -> Event? {
        guard !closed else { return nil }
        return await withCheckedContinuation { waiter in
            waiting.append(waiter)
            dispatch()
        }
    }

    /// Ends every wait, the bootstrap's and the callers', so the servers can close their connections: a
    /// continuation does not end by itself when its task is cancelled.
    package func close() {
        closed = true
        for waiter in waiting { waiter.resume(returning: nil) }
        waiting.removeAll()
        for (_, reply) in queue { reply.resume(returning: Self.stopping) }
        queue.removeAll()
        for (_, reply) in inFlight { reply.resume(returning: Self.stopping) }
        inFlight.removeAll()
        settled()
    }

    /// A swap to program `generation` begins: events wait in the queue from now on.
    package func hold(for generation: Int) {
        heldFor = max(heldFor ?? generation, generation)
    }

    /// A bootstrap of program `generation` runs (or is about to): events flow again unless a swap to a later
    /// program is under way.
    package func release(for generation: Int) {
        guard let held = heldFor, held <= generation else { return }
        heldFor = nil
        dispatch()
    }

    /// Returns once no call is under way, so a bootstrap can be stopped without cutting one short; or when the
    /// task is cancelled (hoist is stopping, and the call ends with the bootstrap).
    package func untilIdle() async {
        guard !inFlight.isEmpty, !Task.isCancelled else { return }
        await withTaskCancellationHandler {
            await withCheckedContinuation { idleWaiters.append($0) }
        } onCancel: {
            Task { await self.settled(force: true) }
        }
    }

    private func settled(force: Bool = false) {
        guard inFlight.isEmpty || force else { return }
        for waiter in idleWaiters { waiter.resume() }
        idleWaiters.removeAll()
    }

    private static let stopping = error(503, "hoist local is stopping")

    package func respond(requestID: String, payload: [UInt8]) {
        let answer =
            payload.count > Self.payloadLimit
            ? Self.error(502, "the function's answer is \(payload.count) bytes; Response payload size exceeded maximum allowed payload size (\(Self.payloadLimit) bytes)")
            : GatewayEvent.response(from: payload)
        inFlight.removeValue(forKey: requestID)?.resume(returning: answer)
        settled()
    }

    package func fail(requestID: String, report: [UInt8]) {
        inFlight.removeValue(forKey: requestID)?.resume(returning: Self.error(502, "the function failed: \(String(decoding: report, as: UTF8.self))"))
        settled()
    }

    /// The call's time ran out: it ends with Lambda's timeout error. `true` when it was still running, and the
    /// bootstrap running it must then be replaced, as Lambda replaces the sandbox.
    package func timedOut(requestID: String) -> Bool {
        guard let reply = inFlight.removeValue(forKey: requestID) else { return false }
        reply.resume(returning: Self.error(502, "Task timed out after \(String(format: "%.2f", timeoutSeconds)) seconds"))
        settled()
        return true
    }

    /// The bootstrap exited: whatever it was working on gets a 502 saying so, and its `next` calls still
    /// waiting end (their connection is gone), so no event is handed to it.
    package func bootstrapExited(_ reason: String) {
        for (_, reply) in inFlight { reply.resume(returning: Self.error(502, "the function crashed (\(reason)) and is being restarted")) }
        inFlight.removeAll()
        for waiter in waiting { waiter.resume(returning: nil) }
        waiting.removeAll()
        settled()
    }

    private func dispatch() {
        while heldFor == nil, !queue.isEmpty, !waiting.isEmpty {
            var (event, reply) = queue.removeFirst()
            event.deadline = Date(timeIntervalSinceNow: timeoutSeconds)
            inFlight[event.requestID] = reply
            startedContinuation.yield((event.requestID, ContinuousClock.now.advanced(by: timeout)))
            waiting.removeFirst().resume(returning: event)
        }
    }

    /// A trace header as Lambda sends one (docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader):
    /// version 1, the epoch seconds in 8 hex digits and 96 random bits; a parent segment id; not sampled, as
    /// nothing records it here.
    static func newTraceID() -> String {
        func hex(_ bits: Int) -> String {
            (0..<(bits / 32)).map { _ in String(UInt32.random(in: .min ... .max), radix: 16).leftPadded(to: 8) }.joined()
        }
        return "Root=1-\(String(UInt32(Date().timeIntervalSince1970), radix: 16).leftPadded(to: 8))-\(hex(96));Parent=\(hex(64));Sampled=0"
    }

    static func error(_ status: Int, _ message: String) -> LoopbackHTTPServer.Response {
        let body = (try? JSONSerialization.data(withJSONObject: ["error": message], options: [.sortedKeys])) ?? Data()
        return LoopbackHTTPServer.Response(status: status, headers: [(name: "content-type", value: "application/json")], body: Array(body))
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
