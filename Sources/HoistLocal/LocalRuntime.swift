import Foundation

/// Hands HTTP requests to the bootstrap one at a time through the Runtime API and its answers back.
///
/// The front server calls `invoke`; the Runtime API server calls `next`, `respond` and `fail`. An actor, so
/// the queue and the waiting callers change in one place; continuations are resumed here, never in a lock.
package actor LocalRuntime {
    package struct Event: Sendable {
        package var requestID: String
        package var payload: [UInt8]
    }

    private var queue: [(event: Event, reply: CheckedContinuation<LocalEvent.HTTPResponse, Never>)] = []
    private var waiting: [CheckedContinuation<Event, Never>] = []
    private var inFlight: [String: CheckedContinuation<LocalEvent.HTTPResponse, Never>] = [:]

    package init() {}

    /// Queues an event and waits for the function's answer (or a 502 if it fails or crashes).
    package func invoke(_ payload: [UInt8]) async -> LocalEvent.HTTPResponse {
        let event = Event(requestID: UUID().uuidString.lowercased(), payload: payload)
        return await withCheckedContinuation { reply in
            queue.append((event, reply))
            dispatch()
        }
    }

    /// The next event for the bootstrap; waits as long as it takes, as Lambda's `next` does.
    package func next() async -> Event {
        await withCheckedContinuation { waiter in
            waiting.append(waiter)
            dispatch()
        }
    }

    package func respond(requestID: String, payload: [UInt8]) {
        inFlight.removeValue(forKey: requestID)?.resume(returning: LocalEvent.response(from: payload))
    }

    package func fail(requestID: String, report: [UInt8]) {
        inFlight.removeValue(forKey: requestID)?.resume(returning: Self.badGateway("the function failed: \(String(decoding: report, as: UTF8.self))"))
    }

    /// The bootstrap exited: whatever it was working on gets a 502 saying so.
    package func crashed(_ reason: String) {
        for (_, reply) in inFlight { reply.resume(returning: Self.badGateway("the function crashed (\(reason)) and is being restarted")) }
        inFlight.removeAll()
    }

    private func dispatch() {
        while !queue.isEmpty, !waiting.isEmpty {
            let (event, reply) = queue.removeFirst()
            inFlight[event.requestID] = reply
            waiting.removeFirst().resume(returning: event)
        }
    }

    static func badGateway(_ message: String) -> LocalEvent.HTTPResponse {
        let body = (try? JSONSerialization.data(withJSONObject: ["error": message], options: [.sortedKeys])) ?? Data()
        return LocalEvent.HTTPResponse(status: 502, headers: [(name: "content-type", value: "application/json")], body: Array(body))
    }
}
