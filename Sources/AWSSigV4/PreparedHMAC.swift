import Crypto

/// HMAC-SHA256 (RFC 2104) for one key, with the key's inner and outer pads already hashed.
///
/// The signing key changes once a day while every request is signed with it, so the two pad blocks are
/// hashed once and each signature only copies the two hasher states, which `SHA256Hasher` holds inline.
/// swift-crypto's `HMAC<SHA256>` would hash the pads again on every request and allocate a state per
/// hasher; key derivation, which runs once a day, still uses it.
struct PreparedHMAC: Sendable {
    private let inner: SHA256Hasher
    private let outer: SHA256Hasher

    /// `key` must be at most one SHA-256 block (64 bytes); a derived SigV4 key is 32.
    init(key: SymmetricKey) {
        precondition(key.bitCount <= 512, "PreparedHMAC takes keys of at most 64 bytes")
        var innerPad = [UInt8](repeating: 0x36, count: 64)
        var outerPad = [UInt8](repeating: 0x5C, count: 64)
        key.withUnsafeBytes { bytes in
            for (index, byte) in bytes.enumerated() {
                innerPad[index] ^= byte
                outerPad[index] ^= byte
            }
        }
        var inner = SHA256Hasher()
        innerPad.withUnsafeBytes { inner.update($0) }
        var outer = SHA256Hasher()
        outerPad.withUnsafeBytes { outer.update($0) }
        self.inner = inner
        self.outer = outer
    }

    func authenticationCode(for message: UnsafeRawBufferPointer) -> SHA256Bytes {
        var inner = self.inner
        inner.update(message)
        let innerDigest = inner.finalize()
        var outer = self.outer
        innerDigest.withUnsafeBytes { outer.update($0) }
        return outer.finalize()
    }
}
