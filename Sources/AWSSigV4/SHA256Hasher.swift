import CCryptoBoringSSL

/// SHA-256 with its state held by value, computed by BoringSSL's routine: the one swift-crypto's `SHA256` runs.
///
/// swift-crypto's `SHA256` keeps its state in a class, so every hasher, and every copy that is then updated,
/// is a heap allocation, and finalising copies and zeroes the state twice. A signature needs four hashes, and
/// that bookkeeping took over a quarter of each signature's time in `scripts/bench-sigv4`. Here the state
/// lives inline and a copy is a copy of 112 bytes.
///
/// `CCryptoBoringSSL` is swift-crypto's own C module, not its public API. Package.swift holds swift-crypto to
/// one minor version, and `SHA256HasherTests` checks results against `Crypto.SHA256`, so a change underneath
/// shows up as a build error or a failing test, never as a wrong signature.
struct SHA256Hasher: Sendable {
    private var context = SHA256_CTX()

    init() {
        CCryptoBoringSSL_SHA256_Init(&context)
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        CCryptoBoringSSL_SHA256_Update(&context, bytes.baseAddress, bytes.count)
    }

    /// The digest of everything given so far; the hasher must not be updated afterwards.
    mutating func finalize() -> SHA256Bytes {
        var digest = SHA256Bytes()
        digest.withUnsafeMutableBytes { CCryptoBoringSSL_SHA256_Final($0, &context) }
        return digest
    }

    static func hash(_ bytes: UnsafeRawBufferPointer) -> SHA256Bytes {
        var hasher = SHA256Hasher()
        hasher.update(bytes)
        return hasher.finalize()
    }
}

/// A SHA-256 digest, its 32 bytes held inline.
struct SHA256Bytes: Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        Swift.withUnsafeBytes(of: words, body)
    }

    fileprivate mutating func withUnsafeMutableBytes(_ body: (UnsafeMutablePointer<UInt8>) -> Void) {
        Swift.withUnsafeMutableBytes(of: &words) { body($0.baseAddress!.assumingMemoryBound(to: UInt8.self)) }
    }
}
