import Crypto

/// HMAC-SHA256 (RFC 2104) for one key, with the key's inner and outer pads already hashed.
///
/// The signing key changes once a day while every request is signed with it, so the two pad blocks are
/// hashed once and each signature only copies the two hasher states. swift-crypto's `HMAC<SHA256>` would
/// do the same work but is generic over the hash and the data, and that generic dispatch cost as much as
/// the hashing itself on the signer's path. Key derivation, which runs once a day, still uses `HMAC`.
struct PreparedHMAC: Sendable {
    private let inner: SHA256
    private let outer: SHA256

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
        var inner = SHA256()
        innerPad.withUnsafeBytes { inner.update(bufferPointer: $0) }
        var outer = SHA256()
        outerPad.withUnsafeBytes { outer.update(bufferPointer: $0) }
        self.inner = inner
        self.outer = outer
    }

    func authenticationCode(for message: UnsafeRawBufferPointer) -> SHA256Digest {
        var inner = self.inner
        inner.update(bufferPointer: message)
        let innerDigest = inner.finalize()
        var outer = self.outer
        innerDigest.withUnsafeBytes { outer.update(bufferPointer: $0) }
        return outer.finalize()
    }
}
