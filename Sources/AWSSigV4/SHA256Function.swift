/// The SHA-256 a signer hashes with, as a value holding its state inline, so a copy of a hasher is a copy of
/// its bytes (`PreparedHMAC` copies the pads' states for every signature).
///
/// The signer itself links no cryptography: the CLI signs with BoringSSL's SHA-256 (`AWSSigV4BoringSSL`, the
/// fastest here), the function with the mbedTLS it already links for TLS (`MbedSHA256`), so its static binary
/// carries no second crypto library.
package protocol SHA256Function: Sendable {
    init()
    mutating func update(_ bytes: UnsafeRawBufferPointer)
    /// The digest of everything given so far; the hasher must not be updated afterwards.
    mutating func finalize() -> SHA256Bytes
}

extension SHA256Function {
    package static func hash(_ bytes: UnsafeRawBufferPointer) -> SHA256Bytes {
        var hasher = Self()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The lower-case hex digest of `bytes`, as a payload hash.
    package static func hex(_ bytes: [UInt8]) -> String { Hex.string(bytes.withUnsafeBytes { hash($0) }) }
}

/// A SHA-256 digest, its 32 bytes held inline.
package struct SHA256Bytes: Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    package init() {}

    package func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        Swift.withUnsafeBytes(of: words, body)
    }

    /// Where a backend writes the digest: 32 bytes.
    package mutating func withUnsafeMutableBytes(_ body: (UnsafeMutablePointer<UInt8>) -> Void) {
        Swift.withUnsafeMutableBytes(of: &words) { body($0.baseAddress!.assumingMemoryBound(to: UInt8.self)) }
    }
}
