/// HMAC-SHA256 (RFC 2104) for one key, with the key's inner and outer pads already hashed.
///
/// The signing key changes once a day while every request is signed with it, so the two pad blocks are
/// hashed once and each signature only copies the two hasher states, which a `SHA256Hasher` holds inline.
/// Key derivation uses it too, with a fresh key at each of its four steps.
struct PreparedHMAC: Sendable {
    private let inner: SHA256Hasher
    private let outer: SHA256Hasher

    /// A key longer than one SHA-256 block (64 bytes) is hashed first, as RFC 2104 says.
    init(_ engine: any SHA256Engine, key: UnsafeRawBufferPointer) {
        var block = [UInt8](repeating: 0, count: 64)
        if key.count > 64 {
            SHA256Hasher.hash(engine, key).withUnsafeBytes { digest in for (index, byte) in digest.enumerated() { block[index] = byte } }
        } else {
            for (index, byte) in key.enumerated() { block[index] = byte }
        }
        var inner = SHA256Hasher(engine)
        block.map { $0 ^ 0x36 }.withUnsafeBytes { inner.update($0) }
        var outer = SHA256Hasher(engine)
        block.map { $0 ^ 0x5C }.withUnsafeBytes { outer.update($0) }
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
