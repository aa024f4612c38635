import Synchronization

/// A value shared between a test and the closures it hands out (server handlers, sleep recorders).
package final class LockedBox<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>
    package init(_ value: Value) { storage = Mutex(value) }
    package var value: Value { storage.withLock { $0 } }
    package func mutate<R>(_ body: (inout Value) -> R) -> R { storage.withLock { body(&$0) } }
}
