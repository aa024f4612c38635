import AWSSigV4
import CMbedTLS

/// SHA-256 by the mbedTLS the function links for TLS already, with its state held by value: the function's
/// signer needs no other crypto library, so its static binary carries none (swift-crypto's BoringSSL made
/// most of its build and a good part of its size).
package struct MbedSHA256: SHA256Function {
    private var context = mbedtls_sha256_context()

    package init() {
        mbedtls_sha256_init(&context)
        // 0: SHA-256, not SHA-224. The `_ret` forms are mbedTLS 2.x's, which Debian ships; they fail only on
        // hardware accelerators, which this build has none of.
        _ = mbedtls_sha256_starts_ret(&context, 0)
    }

    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        _ = mbedtls_sha256_update_ret(&context, base.assumingMemoryBound(to: UInt8.self), bytes.count)
    }

    package mutating func finalize() -> SHA256Bytes {
        var digest = SHA256Bytes()
        digest.withUnsafeMutableBytes { _ = mbedtls_sha256_finish_ret(&context, $0) }
        return digest
    }
}

/// `MbedSHA256` as a signer's engine.
package final class MbedSHA256Engine: SHA256Engine {
    /// The one instance: hashers hold it unowned.
    package static let shared = MbedSHA256Engine()
    package func start(_ state: UnsafeMutableRawPointer) { MbedSHA256.start(state) }
    package func update(_ state: UnsafeMutableRawPointer, _ bytes: UnsafeRawBufferPointer) { MbedSHA256.update(state, bytes) }
    package func finish(_ state: UnsafeMutableRawPointer) -> SHA256Bytes { MbedSHA256.finish(state) }
}

extension RequestSigning where Self == SigV4Signing {
    /// SigV4 on mbedTLS's SHA-256: how the function's clients sign.
    package static var mbedTLS: Self { SigV4Signing(MbedSHA256Engine.shared) }
}
