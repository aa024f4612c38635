import Crypto
import Foundation

/// The AWS CLI's login cache files (`~/.aws/sso/cache/`, `~/.aws/cli/cache/`): named by a SHA-1, JSON, owner-only.
enum LoginCacheFile {
    /// The file name the AWS CLI gives `key`: its SHA-1 in hex.
    static func name(for key: String) -> String {
        Insecure.SHA1.hash(data: Array(key.utf8)).map { String(format: "%02x", $0) }.joined() + ".json"
    }

    /// Replaces `path` whole with `data`, readable by its owner only; `false` when it could not.
    static func write(_ data: Data, to path: String) -> Bool {
        let temporary = path + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else { return false }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            return false
        }
        return true
    }
}
