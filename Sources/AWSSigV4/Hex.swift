import Crypto
import FoundationEssentials

enum Hex {
    /// Lower-case hex of a digest, written straight into the string's storage.
    static func string(_ digest: some ContiguousBytes) -> String {
        digest.withUnsafeBytes { bytes in
            String(writingAtMost: bytes.count * 2) { $0.appendHex(bytes) }
        }
    }
}
