import Crypto
import CryptoExtras
import Foundation

/// Checks a bearer token as an API Gateway JWT authorizer does
/// (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html): an RS256
/// signature by a key of the issuer's JWKS (matched by `kid`), `iss` the issuer, `aud` (or, without `aud`,
/// `client_id`) one of the audience, `exp` in the future, `nbf` and `iat` not. The keys are fetched once and
/// again when a token names a key not yet seen (the issuer rotated them).
package actor JWTVerifier {
    /// Why a token was refused: what API Gateway's `www-authenticate` header says.
    package struct Refusal: Error, Equatable, CustomStringConvertible {
        package var description: String
    }

    package let issuer: String
    package let audience: [String]
    /// The JWKS document's bytes.
    private let fetchKeys: @Sendable () async throws -> [UInt8]
    private var keys: [String: _RSA.Signing.PublicKey] = [:]

    package init(issuer: String, audience: [String], fetchKeys: @escaping @Sendable () async throws -> [UInt8]) {
        self.issuer = issuer
        self.audience = audience
        self.fetchKeys = fetchKeys
    }

    /// The token's claims as API Gateway hands them to the function (every value as text), or why not.
    package func verify(_ token: String, now: Date) async throws(Refusal) -> [String: String] {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Self.base64URL(parts[0]), let payloadBytes = Self.base64URL(parts[1]), let signature = Self.base64URL(parts[2]),
            let header = try? JSONSerialization.jsonObject(with: headerBytes) as? [String: Any],
            let claims = try? JSONSerialization.jsonObject(with: payloadBytes) as? [String: Any]
        else { throw Refusal(description: "the token is not a JWT") }
        guard header["alg"] as? String == "RS256" else { throw Refusal(description: "the token is not signed with RS256") }
        guard let kid = header["kid"] as? String, let key = try await key(kid) else { throw Refusal(description: "the token's key is not one of the issuer's") }
        let signed = Data(token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count))
        guard key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: signed), padding: .insecurePKCS1v1_5)
        else { throw Refusal(description: "the token's signature does not verify") }
        guard claims["iss"] as? String == issuer else { throw Refusal(description: "the token's issuer is not \(issuer)") }
        let audiences = (claims["aud"] as? [String]) ?? (claims["aud"] as? String).map { [$0] } ?? (claims["client_id"] as? String).map { [$0] } ?? []
        guard audiences.contains(where: audience.contains) else { throw Refusal(description: "the token's audience is not \(audience.joined(separator: ", "))") }
        let seconds = now.timeIntervalSince1970
        guard let expiry = (claims["exp"] as? NSNumber)?.doubleValue, expiry > seconds else { throw Refusal(description: "the token has expired") }
        if let notBefore = (claims["nbf"] as? NSNumber)?.doubleValue, notBefore > seconds { throw Refusal(description: "the token is not valid yet") }
        if let issuedAt = (claims["iat"] as? NSNumber)?.doubleValue, issuedAt > seconds { throw Refusal(description: "the token was issued in the future") }
        return claims.mapValues(Self.text)
    }

    /// The issuer's key `kid`, fetching the keys when it is not known yet.
    private func key(_ kid: String) async throws(Refusal) -> _RSA.Signing.PublicKey? {
        if let key = keys[kid] { return key }
        let document: [UInt8]
        do {
            document = try await fetchKeys()
        } catch {
            throw Refusal(description: "the issuer's keys could not be fetched: \(error)")
        }
        guard let jwks = try? JSONSerialization.jsonObject(with: Data(document)) as? [String: Any], let entries = jwks["keys"] as? [[String: Any]] else {
            throw Refusal(description: "the issuer's keys are not a JWKS document")
        }
        for entry in entries where entry["kty"] as? String == "RSA" {
            guard let id = entry["kid"] as? String, let n = (entry["n"] as? String).flatMap({ Self.base64URL($0[...]) }),
                let e = (entry["e"] as? String).flatMap({ Self.base64URL($0[...]) }), let key = try? _RSA.Signing.PublicKey(n: n, e: e)
            else { continue }
            keys[id] = key
        }
        return keys[kid]
    }

    /// API Gateway passes claims as strings; a list as `[a b]`.
    private static func text(_ value: Any) -> String {
        switch value {
        case let text as String: text
        case let list as [Any]: "[" + list.map(text).joined(separator: " ") + "]"
        case let number as NSNumber: number.stringValue
        default: "\(value)"
        }
    }

    static func base64URL(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
