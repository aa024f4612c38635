import Crypto
import Synchronization

/// Remembers the derived signing key per (secret, day, region, service).
///
/// Deriving the key costs four HMACs, more than the rest of a signature; the key changes once a day, so a
/// deploy that signs hundreds of requests derives it once. Only the key for the latest day is kept per scope.
package final class SigningKeyCache: Sendable {
    private struct Scope: Hashable {
        let secret: String
        let region: String
        let service: String
    }

    private let entries = Mutex<[Scope: (day: Substring, key: SymmetricKey)]>([:])

    package init() {}

    func key(secret: String, day: Substring, region: String, service: String) -> SymmetricKey {
        let scope = Scope(secret: secret, region: region, service: service)
        if let hit = entries.withLock({ $0[scope] }), hit.day == day { return hit.key }
        let key = SigV4Signer.deriveSigningKey(secret: secret, day: day, region: region, service: service)
        entries.withLock { $0[scope] = (day, key) }
        return key
    }
}
