import Crypto
import Foundation

/// What a release was built from, in the words a published version's description keeps: hoist.yml's digest and,
/// in a git checkout, HEAD's commit (read from `.git`: hoist runs no git). `hoist versions` shows it, so "what is
/// version 7?" has an answer.
package enum ReleaseSource {
    /// `config 1a2b3c4d5e6f git 0123456789ab`, or without `git …` outside a checkout.
    package static func describe(config: Data, projectRoot: URL) -> String {
        let digest = SHA256.hash(data: config).map { String(format: "%02x", $0) }.joined().prefix(12)
        guard let commit = commit(from: projectRoot) else { return "config \(digest)" }
        return "config \(digest) git \(commit.prefix(12))"
    }

    /// HEAD's commit: a detached HEAD names it; a branch is a loose ref or a line of `packed-refs`. Found in
    /// `projectRoot` or the nearest folder above it that has `.git`.
    static func commit(from projectRoot: URL) -> String? {
        var folder = projectRoot.standardizedFileURL
        while true {
            let git = folder.appendingPathComponent(".git")
            if let head = try? String(contentsOf: git.appendingPathComponent("HEAD"), encoding: .utf8) {
                let line = head.trimmingCharacters(in: .whitespacesAndNewlines)
                guard line.hasPrefix("ref: ") else { return line.isEmpty ? nil : line }
                let ref = String(line.dropFirst(5))
                if let loose = try? String(contentsOf: git.appendingPathComponent(ref), encoding: .utf8) {
                    return loose.trimmingCharacters(in: .whitespacesAndNewlines)
                }
                let packed = (try? String(contentsOf: git.appendingPathComponent("packed-refs"), encoding: .utf8)) ?? ""
                return packed.split(separator: "\n").first { $0.hasSuffix(" " + ref) }.map { String($0.prefix { $0 != " " }) }
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }
}
