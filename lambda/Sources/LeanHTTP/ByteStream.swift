/// A connection's bytes in both directions, plain or through TLS, each call bounded by a deadline.
protocol ByteStream: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer, deadline: ContinuousClock.Instant) throws(StreamError)
    /// Reads at least one byte into `buffer`; 0 means the peer closed the connection.
    func read(into buffer: UnsafeMutableRawBufferPointer, deadline: ContinuousClock.Instant) throws(StreamError) -> Int
    /// Wakes a blocked `read` or `write` from another thread, which then fails; for task cancellation.
    func interrupt()
    func close()
}

/// Why a stream operation failed.
enum StreamError: Error, Equatable {
    case timeout
    case failed(String)
}
