import Foundation

/// Which process holds the other end of a loopback TCP connection, from Linux's `/proc`: the Runtime API
/// hands events (requests with their tokens) only to the bootstrap hoist started, not to any process of the
/// machine that finds the port.
enum SocketOwner {
    /// Whether the connection from local port `peerPort` to `serverPort` belongs to `pid` or a process it
    /// started. Elsewhere than Linux the answer is `true`: the check is a guard Linux makes possible.
    static func belongs(peerPort: Int, serverPort: Int, to pid: pid_t) -> Bool {
        #if os(Linux)
        guard let inode = inode(peerPort: peerPort, serverPort: serverPort) else { return false }
        return family(of: pid).contains { holds($0, socket: inode) }
        #else
        return true
        #endif
    }

    /// The socket inode of the client end `127.0.0.1:peerPort → :serverPort`, from /proc/net/tcp and tcp6.
    private static func inode(peerPort: Int, serverPort: Int) -> String? {
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            // Read to the end: a /proc file reports size 0, and a read sized by it stops at the first page.
            guard let data = try? FileHandle(forReadingFrom: URL(fileURLWithPath: table)).readToEnd() else { continue }
            let text = String(decoding: data, as: UTF8.self)
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                guard fields.count > 9, port(fields[1]) == peerPort, port(fields[2]) == serverPort else { continue }
                return String(fields[9])
            }
        }
        return nil
    }

    /// `ADDRESS:PORT` in hex, as /proc/net/tcp writes it.
    private static func port(_ field: Substring) -> Int? { field.split(separator: ":").last.flatMap { Int($0, radix: 16) } }

    /// `pid` and every process under it (`/proc/PID/task/TID/children`).
    private static func family(of pid: pid_t) -> [pid_t] {
        var found: [pid_t] = [], next = [pid]
        while let current = next.popLast(), found.count < 256 {
            found.append(current)
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(current)/task")) ?? []
            for task in tasks {
                let children = (try? String(contentsOfFile: "/proc/\(current)/task/\(task)/children", encoding: .utf8)) ?? ""
                next += children.split(separator: " ").compactMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            }
        }
        return found
    }

    /// Whether one of `pid`'s descriptors is the socket: its link reads `socket:[INODE]` (read with readlink
    /// itself: Foundation treats the target as a path).
    private static func holds(_ pid: pid_t, socket inode: String) -> Bool {
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
        let wanted = "socket:[\(inode)]"
        return descriptors.contains { descriptor in
            var target = [CChar](repeating: 0, count: 64)
            let count = readlink("/proc/\(pid)/fd/\(descriptor)", &target, target.count - 1)
            return count > 0 && String(decoding: target[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) == wanted
        }
    }
}
