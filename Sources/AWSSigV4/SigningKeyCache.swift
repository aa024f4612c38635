import Synchronization

/// Remembers the derived signing key per (secret, day, region, service), as a ready HMAC.
///
/// Deriving the key costs four HMACs, more than the rest of a signature; the key changes once a day, so a
/// deploy that signs hundreds of requests derives it once. The HMAC is kept with the key already absorbed
/// (`PreparedHMAC`), so each signature copies it instead of hashing the key pads again. A deploy talks to six services in
/// one region, so a short list searched in order beats hashing the secret on every request.
package final class SigningKeyCache: Sendable {
    private struct Entry {
        let secret: String
        let day: String
        let region: String
        let service: String
        let hmac: PreparedHMAC
    }

    private static let capacity = 16
    private let entries = Mutex<[Entry]>([])

    /// The SHA-256 its keys are derived and used with.
    let engine: any SHA256Engine

    package init(_ engine: any SHA256Engine) { self.engine = engine }

    func hmac(secret: String, day: String, region: String, service: String) -> PreparedHMAC {
        let hit = entries.withLock { entries in
            entries.first { $0.day == day && $0.service == service && $0.region == region && $0.secret == secret }?.hmac
        }
        if let hit { return hit }
        let hmac = SigV4Signer.deriveSigningKey(engine, secret: secret, day: day, region: region, service: service).withUnsafeBytes { PreparedHMAC(engine, key: $0) }
        entries.withLock { entries in
            entries.removeAll { $0.service == service && $0.region == region && $0.secret == secret }
            if entries.count == Self.capacity { entries.removeFirst() }
            entries.append(Entry(secret: secret, day: day, region: region, service: service, hmac: hmac))
        }
        return hmac
    }
}
