import Foundation
import Synchronization

import Glibc

/// Tells when a file the function is built from was saved: inotify watches on every folder of the package
/// and of its local (path) dependencies, the folders the build-input snapshot covers (`BuildInputs`).
///
/// inotify rather than polling the snapshot: a save is known within a millisecond, at no cost while nothing
/// changes. The kernel watches folders, not trees, so each folder gets a watch and a folder made later gets
/// one as it appears. Remote checkouts do not change on save and are left out, as are hidden files and
/// folders (`.build`, `.git`, an editor's `.x.swift.swp`), editors' `name~` backups and hoist's `state/`.
package final class SourceWatcher: Sendable {
    /// A tick whenever something changed since the last `nextChanges`; ticks while one waits are one.
    private let ticks: AsyncStream<Void>
    private let tick: AsyncStream<Void>.Continuation
    /// The paths changed since the last `nextChanges`.
    private let pending = Mutex<Set<String>>([])
    private let inotify: Int32
    /// A pipe written to stop the reading thread, which waits in poll(2) on inotify and the pipe's read end.
    private let wakeup: (read: Int32, write: Int32)
    /// Each watch's folder, so an event's name becomes a path and a new folder's watch knows where it is.
    private let folders: Mutex<[Int32: String]>
    private let skipped: Set<String>

    package struct Unavailable: Error, CustomStringConvertible {
        package var reason: String
        package var description: String { "cannot watch the sources for changes: \(reason)" }
    }

    /// Watches `roots` and every folder below them; a top-level folder named in `skippingTopLevel` is left out
    /// of each root.
    package init(roots: [URL], skippingTopLevel: Set<String> = ["state"]) throws {
        inotify = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard inotify >= 0 else { throw Unavailable(reason: String(cString: strerror(errno))) }
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else {
            close(inotify)
            throw Unavailable(reason: String(cString: strerror(errno)))
        }
        wakeup = (pipeEnds[0], pipeEnds[1])
        // Not inherited by the builds and bootstraps hoist dev starts.
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        (ticks, tick) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        folders = Mutex([:])
        skipped = skippingTopLevel
        for root in roots { try watchTree(root.standardizedFileURL.path, isRoot: true) }
        let thread = Thread { [self] in readEvents() }
        thread.name = "hoist source watcher"
        thread.start()
    }

    /// The paths saved since the last call, sorted: waits for a first change, then `settling` more, so the
    /// files of one save (an editor writing a temporary file and renaming it, a formatter touching several)
    /// come as one batch. `nil` once stopped.
    package func nextChanges<C: Clock>(settling: C.Duration, clock: C) async -> [String]? {
        var iterator = ticks.makeAsyncIterator()
        while await iterator.next() != nil {
            try? await clock.sleep(for: settling)
            let paths = pending.withLock { pending in
                defer { pending.removeAll() }
                return pending.sorted()
            }
            if !paths.isEmpty { return paths }
        }
        return nil
    }

    private func changed(_ path: String) {
        pending.withLock { _ = $0.insert(path) }
        tick.yield()
    }

    /// Stops the reading thread, which ends `nextChanges`; the watcher lives until then.
    package func stop() {
        var one: UInt8 = 1
        _ = write(wakeup.write, &one, 1)
    }

    deinit {
        close(inotify)
        close(wakeup.read)
        close(wakeup.write)
    }

    /// Events that mean a file's content or a folder's entries changed: a write finished, a rename into or out
    /// of a folder (how most editors save), a creation or a deletion.
    private static let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE)

    private func watchTree(_ path: String, isRoot: Bool) throws {
        let descriptor = inotify_add_watch(inotify, path, Self.mask | UInt32(IN_ONLYDIR))
        guard descriptor >= 0 else {
            // A folder deleted between its creation event and this call is no error; running out of watches is.
            if errno == ENOENT || errno == ENOTDIR { return }
            throw Unavailable(
                reason: errno == ENOSPC
                    ? "the system's inotify watch limit is reached; raise fs.inotify.max_user_watches (sysctl)"
                    : "\(path): \(String(cString: strerror(errno)))")
        }
        folders.withLock { $0[descriptor] = path }
        guard let directory = opendir(path) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard !ignored(name), !(isRoot && skipped.contains(name)), entry.pointee.d_type == UInt8(DT_DIR) else { continue }
            try watchTree(path + "/" + name, isRoot: false)
        }
    }

    private func ignored(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~")
    }

    private func readEvents() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var descriptors = [pollfd(fd: inotify, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeup.read, events: Int16(POLLIN), revents: 0)]
        defer { tick.finish() }
        while true {
            guard poll(&descriptors, 2, -1) >= 0 || errno == EINTR else { return }
            if descriptors[1].revents != 0 { return }
            let count = buffer.withUnsafeMutableBytes { read(inotify, $0.baseAddress, $0.count) }
            guard count > 0 else { continue }
            handle(buffer[..<count])
        }
    }

    /// Reads `struct inotify_event` records (inotify(7)): wd, mask, cookie, len, then `len` bytes of name.
    private func handle(_ bytes: ArraySlice<UInt8>) {
        var offset = bytes.startIndex
        func word(_ at: Int) -> UInt32 {
            UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
        }
        while offset + 16 <= bytes.endIndex {
            let descriptor = Int32(bitPattern: word(offset)), mask = word(offset + 4), length = Int(word(offset + 12))
            let name = String(decoding: bytes[(offset + 16)..<(offset + 16 + length)].prefix { $0 != 0 }, as: UTF8.self)
            offset += 16 + length
            if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                changed("(too many changes at once)")
                continue
            }
            if mask & UInt32(IN_IGNORED) != 0 {
                folders.withLock { _ = $0.removeValue(forKey: descriptor) }
                continue
            }
            guard let folder = folders.withLock({ $0[descriptor] }), !name.isEmpty, !ignored(name) else { continue }
            let path = folder + "/" + name
            if mask & UInt32(IN_ISDIR) != 0, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                // A new folder: its files may already be there, so they count as a change too.
                try? watchTree(path, isRoot: false)
            }
            changed(path)
        }
    }
}
