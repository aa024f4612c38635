import AWSSigV4
import CCryptoBoringSSL

/// SHA-256 with its state held by value, computed by BoringSSL's routine: the one swift-crypto's `SHA256` runs.
///
/// swift-crypto's `SHA256` keeps its state in a class, so every hasher, and every copy that is then updated,
/// is a heap allocation, and finalising copies and zeroes the state twice. A signature needs four hashes, and
/// that bookkeeping took over a quarter of each signature's time in `scripts/bench-sigv4`. Here the state
/// lives inline and a copy is a copy of 112 bytes.
///
/// `CCryptoBoringSSL` is swift-crypto's own C module, not its public API. Package.swift holds swift-crypto to
/// one minor version, and `SHA256FunctionTests` checks results against `Crypto.SHA256`, so a change underneath
/// shows up as a build error or a failing test, never as a wrong signature.
package struct BoringSHA256: SHA256Function {
    private var context = SHA256_CTX()

    package init() {
        CCryptoBoringSSL_SHA256_Init(&context)
    }

    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        CCryptoBoringSSL_SHA256_Update(&context, bytes.baseAddress, bytes.count)
    }

    package mutating func finalize() -> SHA256Bytes {
        var digest = SHA256Bytes()
        digest.withUnsafeMutableBytes { CCryptoBoringSSL_SHA256_Final($0, &context) }
        return digest
    }
}

/// `BoringSHA256` as a signer's engine.
package final class BoringSHA256Engine: SHA256Engine {
    /// The one instance: hashers hold it unowned.
    package static let shared = BoringSHA256Engine()
    package func start(_ state: UnsafeMutableRawPointer) { BoringSHA256.start(state) }
    package func update(_ state: UnsafeMutableRawPointer, _ bytes: UnsafeRawBufferPointer) { BoringSHA256.update(state, bytes) }
    package func finish(_ state: UnsafeMutableRawPointer) -> SHA256Bytes { BoringSHA256.finish(state) }
}

extension SigningKeyCache {
    /// A key cache on BoringSSL's SHA-256, for a signer of the CLI's.
    package convenience init() { self.init(BoringSHA256Engine.shared) }
}

extension SigV4Signer {
    /// A signer on BoringSSL's SHA-256, the CLI's.
    package init(credentials: AWSCredentials, region: String, service: String, options: SigV4Options = SigV4Options()) {
        self.init(credentials: credentials, region: region, service: service, options: options, keyCache: SigningKeyCache(BoringSHA256Engine.shared))
    }
}

extension RequestSigning where Self == SigV4Signing {
    /// SigV4 on BoringSSL's SHA-256: how the CLI's clients sign.
    package static var boringSSL: Self { SigV4Signing(BoringSHA256Engine.shared) }
}
