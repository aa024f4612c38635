/// Signs a client's requests with SigV4 on one SHA-256, keeping the derived keys between requests. The
/// transport holds one as an existential, so it links no cryptography; inside, the signer is specialised on
/// its hash, and only this one call per request is dynamic.
package protocol RequestSigning: Sendable {
    /// Adds the `Authorization` header and what goes with it (see `SigV4Signer.authorize`).
    func authorize(_ request: inout SigningRequest, credentials: AWSCredentials, region: String, service: String, options: SigV4Options, date: AmzDate)
    /// Signs and keeps every stage, for trace logs.
    func sign(_ request: SigningRequest, credentials: AWSCredentials, region: String, service: String, options: SigV4Options, date: AmzDate) -> SigningTrace
    /// The lower-case hex SHA-256 of a body, as its payload hash.
    func payloadHash(_ bytes: [UInt8]) -> String
}

/// `RequestSigning` on one SHA-256 engine.
package final class SigV4Signing: RequestSigning {
    private let keys: SigningKeyCache

    package init(_ engine: any SHA256Engine) { keys = SigningKeyCache(engine) }

    private func signer(_ credentials: AWSCredentials, _ region: String, _ service: String, _ options: SigV4Options) -> SigV4Signer {
        SigV4Signer(credentials: credentials, region: region, service: service, options: options, keyCache: keys)
    }

    package func authorize(_ request: inout SigningRequest, credentials: AWSCredentials, region: String, service: String, options: SigV4Options, date: AmzDate) {
        signer(credentials, region, service, options).authorize(&request, date: date)
    }

    package func sign(
        _ request: SigningRequest, credentials: AWSCredentials, region: String, service: String, options: SigV4Options, date: AmzDate
    ) -> SigningTrace {
        let signed = signer(credentials, region, service, options).sign(request, date: date)
        return SigningTrace(request: signed.request, canonicalRequest: signed.canonicalRequest, stringToSign: signed.stringToSign)
    }

    package func payloadHash(_ bytes: [UInt8]) -> String { Hex.string(bytes.withUnsafeBytes { SHA256Hasher.hash(keys.engine, $0) }) }
}

/// A signed request with the stages that made it, for a trace log.
package struct SigningTrace: Sendable {
    package var request: SigningRequest
    package var canonicalRequest: String
    package var stringToSign: String
}
