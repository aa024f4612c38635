import CMbedTLS
import Glibc

/// The certificate authorities TLS connections are checked against: the file named by `AWS_CA_BUNDLE` (as the
/// AWS CLI and SDKs honour it), else the system bundle of Amazon Linux or of Debian-like systems.
final class TrustStore: @unchecked Sendable {
    // @unchecked: the chain is written once in `init` and only read afterwards, which mbedTLS allows from
    // several threads at once.
    let chain: UnsafeMutablePointer<mbedtls_x509_crt>
    let source: String

    static let systemBundles = ["/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/certs/ca-certificates.crt", "/etc/ssl/cert.pem"]

    init(environment bundle: String?) throws(StreamError) {
        let candidates = bundle.map { [$0] } ?? Self.systemBundles
        guard let path = candidates.first(where: { access($0, R_OK) == 0 }) else {
            throw .failed(
                bundle.map { "AWS_CA_BUNDLE '\($0)' cannot be read" }
                    ?? "no CA bundle found (looked for \(Self.systemBundles.joined(separator: ", "))); set AWS_CA_BUNDLE to one")
        }
        chain = .allocate(capacity: 1)
        mbedtls_x509_crt_init(chain)
        // A positive result counts certificates that failed to parse; bundles carry a few mbedTLS cannot read.
        let status = mbedtls_x509_crt_parse_file(chain, path)
        guard status >= 0, chain.pointee.version != 0 else {
            mbedtls_x509_crt_free(chain)
            chain.deallocate()
            throw .failed("cannot read certificates from \(path): \(TLSStream.describe(status))")
        }
        source = path
    }

    deinit {
        mbedtls_x509_crt_free(chain)
        chain.deallocate()
    }
}
