import Crypto
import Foundation

/// The AWS CLI's login cache files (`~/.aws/sso/cache/`, `~/.aws/cli/cache/`): named by a SHA-1, JSON, owner-only.
enum LoginCacheFile {
    /// The file name the AWS CLI gives `key`: its SHA-1 in hex.
    static func name(for key: String) -> String {
        Insecure.SHA1.hash(data: Array(key.utf8)).map { String(format: "%02x", $0) }.joined() + ".json"
    }

    /// Replaces `path` whole with `data`, readable by its owner only from its first byte; `false` when it
    /// could not. The temporary file is made with `O_EXCL|O_NOFOLLOW` and mode 0600: never a file another
    /// user made or linked there, never a moment when the tokens sit in a file others can read.
    static func write(_ data: Data, to path: String) -> Bool {
        let temporary = path + ".\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return false }
        let written = data.withUnsafeBytes { bytes in bytes.isEmpty ? 0 : Glibc.write(descriptor, bytes.baseAddress, bytes.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == data.count, synced, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }
}
