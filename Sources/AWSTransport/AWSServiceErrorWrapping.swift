/// A service client's error enum, which carries the transport's `AWSServiceError` in every case, so callers
/// far up (the CLI) see the operation, status, code and request id, and recognise AWS-wide codes such as a
/// refused signature whatever service sent them.
package protocol AWSServiceErrorWrapping: Error {
    var serviceError: AWSServiceError { get }
}

extension AWSServiceError: AWSServiceErrorWrapping {
    package var serviceError: AWSServiceError { self }

    /// Codes with which any service refuses the caller's credentials or signature.
    package static let credentialCodes: Set<String> = [
        "SignatureDoesNotMatch", "InvalidSignatureException", "InvalidClientTokenId", "UnrecognizedClientException", "IncompleteSignature",
        "IncompleteSignatureException", "ExpiredToken", "ExpiredTokenException", "InvalidAccessKeyId", "MissingAuthenticationToken",
        "MissingAuthenticationTokenException", "AuthFailure",
    ]

    package var isCredentialRejection: Bool { Self.credentialCodes.contains(code) }
}
