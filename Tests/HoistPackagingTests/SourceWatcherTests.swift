import Foundation
import HoistPackaging
import HoistTestSupport
import Testing

@Suite("Source watcher (inotify)")
struct SourceWatcherTests {
    @Test("a save, a file in a folder made after the start and a deletion are reported; hidden files, backups and state/ are not")
    func reportsSaves() async throws {
        try await withTemporaryDirectory { root in
            let manager = FileManager.default
            for folder in ["Sources/Function", "state", "nested/state"] {
                try manager.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
            try Data("old".utf8).write(to: root.appendingPathComponent("Sources/Function/Function.swift"))
            try Data("gone".utf8).write(to: root.appendingPathComponent("Sources/Function/Old.swift"))
            let watcher = try SourceWatcher(roots: [root])
            defer { watcher.stop() }

            // Ignored first, so a batch holding the save would also hold them had they been reported.
            try Data("swap".utf8).write(to: root.appendingPathComponent("Sources/Function/.Function.swift.swp"))
            try Data("backup".utf8).write(to: root.appendingPathComponent("Sources/Function/Function.swift~"))
            try Data("{}".utf8).write(to: root.appendingPathComponent("state/shop-dev.json"))
            try Data("new".utf8).write(to: root.appendingPathComponent("Sources/Function/Function.swift"), options: .atomic)
            let save = try await changes(from: watcher, until: "Sources/Function/Function.swift", under: root)
            #expect(save.allSatisfy { !$0.contains(".swp") && !$0.hasSuffix("~") && !$0.hasPrefix("state/") }, "\(save)")

            // Only the package's own top-level state/ is hoist's; a folder of that name deeper is source.
            try Data("x".utf8).write(to: root.appendingPathComponent("nested/state/Kept.swift"))
            _ = try await changes(from: watcher, until: "nested/state/Kept.swift", under: root)

            try manager.createDirectory(at: root.appendingPathComponent("Sources/Added/Deeper"), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: root.appendingPathComponent("Sources/Added/Deeper/New.swift"))
            _ = try await changes(from: watcher, until: "Sources/Added/Deeper/New.swift", under: root, alsoAccepting: "Sources/Added")
            try Data("y".utf8).write(to: root.appendingPathComponent("Sources/Added/Deeper/New.swift"))
            _ = try await changes(from: watcher, until: "Sources/Added/Deeper/New.swift", under: root)

            try manager.removeItem(at: root.appendingPathComponent("Sources/Function/Old.swift"))
            _ = try await changes(from: watcher, until: "Sources/Function/Old.swift", under: root)
        }
    }

    @Test("stop ends the wait for changes")
    func stops() async throws {
        try await withTemporaryDirectory { root in
            let watcher = try SourceWatcher(roots: [root])
            async let waited = watcher.nextChanges(settling: .zero, clock: ContinuousClock())
            watcher.stop()
            #expect(await waited == nil)
        }
    }

    /// The batches until one names `path`, relative to `root`, all of them. A folder made and filled at once
    /// may come as the folder (its watch is added after the file was written) when `alsoAccepting` names it.
    private func changes(from watcher: SourceWatcher, until path: String, under root: URL, alsoAccepting folder: String? = nil) async throws -> [String] {
        var seen: [String] = []
        let prefix = root.standardizedFileURL.path + "/"
        while let batch = await watcher.nextChanges(settling: .milliseconds(10), clock: ContinuousClock()) {
            seen += batch.map { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : $0 }
            if seen.contains(path) || folder.map(seen.contains) == true { return seen }
        }
        Issue.record("the watcher stopped before reporting \(path): \(seen)")
        return seen
    }
}
