/// The per-service switches of SigV4, which differ between S3 and everything else.
package struct SigV4Options: Sendable, Hashable {
    /// Remove `.`/`..` segments and repeated slashes before encoding. Every service but S3 does.
    package var normalizePath: Bool = true
    /// Percent-encode the already-encoded path once more. Every service but S3 does.
    package var doubleEncodePath: Bool = true
    /// Add and sign `x-amz-content-sha256` (S3 requires it; other services accept it).
    package var addContentSHA256Header: Bool = false
    /// Whether `X-Amz-Security-Token` is part of the signature or appended after signing. Most services
    /// want it signed; a few older ones expect it added afterwards (see the suite's post-sts-token notes).
    package var signSessionToken: Bool = true

    package init(normalizePath: Bool = true, doubleEncodePath: Bool = true, addContentSHA256Header: Bool = false, signSessionToken: Bool = true) {
        self.normalizePath = normalizePath
        self.doubleEncodePath = doubleEncodePath
        self.addContentSHA256Header = addContentSHA256Header
        self.signSessionToken = signSessionToken
    }

    /// S3's rules: the path is signed as sent and the payload hash travels in a header.
    package static let s3 = SigV4Options(normalizePath: false, doubleEncodePath: false, addContentSHA256Header: true)
}
