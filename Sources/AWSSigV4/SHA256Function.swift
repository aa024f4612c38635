/// The SHA-256 a signer hashes with, as a value holding its state inline, so a copy of a hasher is a copy of
/// its bytes (`PreparedHMAC` copies the pads' states for every signature).
///
/// The signer itself links no cryptography: the CLI signs with BoringSSL's SHA-256 (`AWSSigV4BoringSSL`, the
/// fastest here), the function with the mbedTLS it already links for TLS (`MbedSHA256`), so its static binary
/// carries no second crypto library.
package protocol SHA256Function: Sendable, BitwiseCopyable {
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

/// A `SHA256Function` behind three calls on state held inline in a `SHA256Hasher`, so the signer is one
/// non-generic type: a generic signer ran unspecialised across modules (the hash is another module's type) and
/// lost about a quarter of its speed in `scripts/bench-sigv4`. Each backend defines one final class in its own
/// module, where the calls are specialised for it, and keeps one instance for the life of the process
/// (`SHA256Engine.boringSSL`, `.mbedTLS`): hashers hold it unowned, so copying one costs no reference count.
package protocol SHA256Engine: AnyObject, Sendable {
    func start(_ state: UnsafeMutableRawPointer)
    func update(_ state: UnsafeMutableRawPointer, _ bytes: UnsafeRawBufferPointer)
    func finish(_ state: UnsafeMutableRawPointer) -> SHA256Bytes
}

/// Room for a backend's state: BoringSSL's `SHA256_CTX` is 112 bytes, mbedTLS's context 108.
package typealias SHA256State = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

extension SHA256Function {
    /// What an engine's calls do, inlined into the backend's module so they are specialised there.
    @inlinable
    package static func start(_ state: UnsafeMutableRawPointer) {
        precondition(MemoryLayout<Self>.size <= MemoryLayout<SHA256State>.size && MemoryLayout<Self>.alignment <= MemoryLayout<UInt64>.alignment)
        state.initializeMemory(as: Self.self, repeating: Self(), count: 1)
    }

    @inlinable
    package static func update(_ state: UnsafeMutableRawPointer, _ bytes: UnsafeRawBufferPointer) {
        state.assumingMemoryBound(to: Self.self).pointee.update(bytes)
    }

    @inlinable
    package static func finish(_ state: UnsafeMutableRawPointer) -> SHA256Bytes {
        state.assumingMemoryBound(to: Self.self).pointee.finalize()
    }
}

/// A running SHA-256 on an engine, its state inline: a copy of a hasher is a copy of its bytes (the states
/// are bitwise copyable), so `PreparedHMAC` copies the pads' states for every signature without allocating.
struct SHA256Hasher: Sendable {
    private unowned(unsafe) let engine: any SHA256Engine
    private var state: SHA256State = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    init(_ engine: any SHA256Engine) {
        self.engine = engine
        withUnsafeMutableBytes(of: &state) { engine.start($0.baseAddress!) }
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        let engine = engine
        withUnsafeMutableBytes(of: &state) { engine.update($0.baseAddress!, bytes) }
    }

    /// The digest of everything given so far; the hasher must not be updated afterwards.
    mutating func finalize() -> SHA256Bytes {
        let engine = engine
        return withUnsafeMutableBytes(of: &state) { engine.finish($0.baseAddress!) }
    }

    static func hash(_ engine: any SHA256Engine, _ bytes: UnsafeRawBufferPointer) -> SHA256Bytes {
        var hasher = SHA256Hasher(engine)
        hasher.update(bytes)
        return hasher.finalize()
    }
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
