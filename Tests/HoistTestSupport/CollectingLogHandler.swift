import Logging
import Synchronization

/// Keeps every log line in memory, so tests can assert on what was (and was not) logged.
package struct CollectingLogHandler: LogHandler {
    package final class Store: Sendable {
        private let lines = Mutex<[String]>([])
        package init() {}
        package var all: [String] { lines.withLock { $0 } }
        func append(_ line: String) { lines.withLock { $0.append(line) } }
    }

    package let store: Store
    package var metadata: Logger.Metadata = [:]
    package var logLevel: Logger.Level = .trace

    package init(store: Store) { self.store = store }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        store.append("\(event.level) \(event.message) \(merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
    }
}

extension Logger {
    /// A trace-level logger whose lines land in `store`.
    package static func collecting(into store: CollectingLogHandler.Store) -> Logger {
        Logger(label: "test") { _ in CollectingLogHandler(store: store) }
    }
}
