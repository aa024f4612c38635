import Glibc
import Synchronization

/// A non-blocking TCP socket driven by `poll`, so every connect, read and write honours a deadline.
final class Socket: ByteStream, Sendable {
    /// The descriptor, or -1 once closed; guarded so that `interrupt` from another thread can never act on a
    /// descriptor number the system has already handed to someone else.
    private let descriptor: Mutex<Int32>

    private init(descriptor: Int32) {
        self.descriptor = Mutex(descriptor)
    }

    /// Resolves `host` and connects to the first address that answers before `deadline`.
    static func connect(host: String, port: Int, deadline: ContinuousClock.Instant) throws(StreamError) -> Socket {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let list else {
            throw .failed("cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var failure = StreamError.failed("no address for \(host)")
        var entry: UnsafeMutablePointer<addrinfo>? = list
        while let address = entry?.pointee {
            entry = address.ai_next
            let fd = socket(address.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), address.ai_protocol)
            guard fd >= 0 else {
                failure = .failed("cannot open a socket: \(String(cString: strerror(errno)))")
                continue
            }
            let candidate = Socket(descriptor: fd)
            do {
                if Glibc.connect(fd, address.ai_addr, address.ai_addrlen) != 0 {
                    guard errno == EINPROGRESS else { throw StreamError.failed(String(cString: strerror(errno))) }
                    try candidate.wait(for: Int16(POLLOUT), deadline: deadline)
                    var error: Int32 = 0
                    var length = socklen_t(MemoryLayout<Int32>.size)
                    getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
                    guard error == 0 else { throw StreamError.failed(String(cString: strerror(error))) }
                }
                var on: Int32 = 1
                setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
                return candidate
            } catch {
                candidate.close()
                failure = error as? StreamError ?? .failed("\(error)")
                if failure == .timeout { throw .timeout }
            }
        }
        throw failure
    }

    func write(_ bytes: UnsafeRawBufferPointer, deadline: ContinuousClock.Instant) throws(StreamError) {
        var offset = 0
        while offset < bytes.count {
            let sent = send(try current(), bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if sent >= 0 {
                offset += sent
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                try wait(for: Int16(POLLOUT), deadline: deadline)
            } else if errno != EINTR {
                throw .failed(String(cString: strerror(errno)))
            }
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, deadline: ContinuousClock.Instant) throws(StreamError) -> Int {
        while true {
            let received = recv(try current(), buffer.baseAddress, buffer.count, 0)
            if received >= 0 { return received }
            if errno == EAGAIN || errno == EWOULDBLOCK {
                try wait(for: Int16(POLLIN), deadline: deadline)
            } else if errno == ECONNRESET {
                return 0
            } else if errno != EINTR {
                throw .failed(String(cString: strerror(errno)))
            }
        }
    }

    func interrupt() {
        descriptor.withLock { fd in
            if fd >= 0 { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    func close() {
        descriptor.withLock { fd in
            if fd >= 0 { Glibc.close(fd) }
            fd = -1
        }
    }

    private func current() throws(StreamError) -> Int32 {
        let fd = descriptor.withLock { $0 }
        guard fd >= 0 else { throw .failed("the connection is closed") }
        return fd
    }

    /// Waits until the socket is ready for `events` or the deadline passes.
    private func wait(for events: Int16, deadline: ContinuousClock.Instant) throws(StreamError) {
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { throw .timeout }
            let milliseconds = remaining.components.seconds * 1000 + (remaining.components.attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
            var entry = pollfd(fd: try current(), events: events, revents: 0)
            let ready = poll(&entry, 1, Int32(clamping: milliseconds))
            if ready > 0 { return }
            if ready < 0, errno != EINTR { throw .failed(String(cString: strerror(errno))) }
        }
    }
}
