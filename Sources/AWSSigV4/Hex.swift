enum Hex {
    /// Lower-case hex of a digest, written straight into the string's storage.
    static func string(_ digest: SHA256Bytes) -> String {
        String(writingAtMost: 64) { $0.appendHex(digest) }
    }
}
