import CMbedTLS
import Glibc

/// TLS 1.2+ over a `Socket` with mbedTLS: the server's certificate must chain to the trust store and name
/// the host we asked for.
///
/// mbedTLS rather than BoringSSL through NIOSSL: the function's static binary must stay small, and a TLS
/// client from mbedTLS costs about 0.8 MB where BoringSSL with SwiftNIO cost over 4 MB.
final class TLSStream: ByteStream {
    private let socket: Socket
    private let ssl = UnsafeMutablePointer<mbedtls_ssl_context>.allocate(capacity: 1)
    private let config = UnsafeMutablePointer<mbedtls_ssl_config>.allocate(capacity: 1)
    private let random = UnsafeMutablePointer<mbedtls_ctr_drbg_context>.allocate(capacity: 1)
    private let entropy = UnsafeMutablePointer<mbedtls_entropy_context>.allocate(capacity: 1)
    private let trust: TrustStore
    /// The deadline of the operation in progress, read by the I/O callbacks.
    private var deadline = ContinuousClock.now
    /// What the socket reported when a callback failed, so the caller sees the cause, not mbedTLS's code.
    private var socketError: StreamError?

    /// Performs the handshake with `host` (sent as SNI and checked against the certificate).
    init(socket: Socket, host: String, trust: TrustStore, deadline: ContinuousClock.Instant) throws(StreamError) {
        self.socket = socket
        self.trust = trust
        mbedtls_ssl_init(ssl)
        mbedtls_ssl_config_init(config)
        mbedtls_ctr_drbg_init(random)
        mbedtls_entropy_init(entropy)
        let personalization = Array("hoist-lean-http".utf8)
        try check(mbedtls_ctr_drbg_seed(random, mbedtls_entropy_func, entropy, personalization, personalization.count), "seeding the random generator")
        try check(mbedtls_ssl_config_defaults(config, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT), "configuring TLS")
        mbedtls_ssl_conf_min_version(config, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3)
        mbedtls_ssl_conf_authmode(config, MBEDTLS_SSL_VERIFY_REQUIRED)
        mbedtls_ssl_conf_ca_chain(config, trust.chain, nil)
        mbedtls_ssl_conf_rng(config, mbedtls_ctr_drbg_random, random)
        try check(mbedtls_ssl_setup(ssl, config), "setting up TLS")
        try check(mbedtls_ssl_set_hostname(ssl, host), "setting the server name")
        mbedtls_ssl_set_bio(ssl, Unmanaged.passUnretained(self).toOpaque(), { context, bytes, count in
            Unmanaged<TLSStream>.fromOpaque(context!).takeUnretainedValue().send(bytes!, count)
        }, { context, bytes, count in
            Unmanaged<TLSStream>.fromOpaque(context!).takeUnretainedValue().receive(bytes!, count)
        }, nil)
        self.deadline = deadline
        while true {
            let status = mbedtls_ssl_handshake(ssl)
            if status == 0 { break }
            if status == cmbedtls_err_want_read() || status == cmbedtls_err_want_write() { continue }
            if let socketError { throw socketError }
            if status == cmbedtls_err_cert_verify_failed() {
                throw .failed("the certificate of \(host) is not trusted (\(verifyFailure())); CA bundle \(trust.source)")
            }
            throw .failed("TLS handshake with \(host) failed: \(Self.describe(status))")
        }
    }

    deinit {
        mbedtls_ssl_free(ssl)
        mbedtls_ssl_config_free(config)
        mbedtls_ctr_drbg_free(random)
        mbedtls_entropy_free(entropy)
        ssl.deallocate()
        config.deallocate()
        random.deallocate()
        entropy.deallocate()
    }

    func write(_ bytes: UnsafeRawBufferPointer, deadline: ContinuousClock.Instant) throws(StreamError) {
        self.deadline = deadline
        var offset = 0
        while offset < bytes.count {
            let written = mbedtls_ssl_write(ssl, bytes.baseAddress!.assumingMemoryBound(to: UInt8.self) + offset, bytes.count - offset)
            if written > 0 {
                offset += Int(written)
            } else if written != cmbedtls_err_want_write(), written != cmbedtls_err_want_read() {
                throw socketError ?? .failed("TLS write failed: \(Self.describe(written))")
            }
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, deadline: ContinuousClock.Instant) throws(StreamError) -> Int {
        self.deadline = deadline
        while true {
            let count = mbedtls_ssl_read(ssl, buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), buffer.count)
            if count >= 0 { return Int(count) }
            if count == cmbedtls_err_peer_close_notify() || count == cmbedtls_err_conn_eof() || count == cmbedtls_err_conn_reset() { return 0 }
            if count == cmbedtls_err_want_read() || count == cmbedtls_err_want_write() { continue }
            throw socketError ?? .failed("TLS read failed: \(Self.describe(count))")
        }
    }

    func interrupt() {
        socket.interrupt()
    }

    func close() {
        deadline = .now + .milliseconds(100)
        _ = mbedtls_ssl_close_notify(ssl)
        socket.close()
    }

    /// mbedTLS's text for an error code.
    static func describe(_ status: Int32) -> String {
        cText(capacity: 200) { mbedtls_strerror(status, $0, $1) }
    }

    /// What a C function writes into a buffer of `capacity` characters, up to its terminating zero.
    private static func cText(capacity: Int, _ write: (UnsafeMutablePointer<CChar>, Int) -> Void) -> String {
        var text = [CChar](repeating: 0, count: capacity)
        text.withUnsafeMutableBufferPointer { write($0.baseAddress!, $0.count - 1) }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private func check(_ status: Int32, _ step: String) throws(StreamError) {
        guard status == 0 else { throw .failed("\(step): \(Self.describe(status))") }
    }

    private func verifyFailure() -> String {
        let flags = mbedtls_ssl_get_verify_result(ssl)
        return Self.cText(capacity: 512) { _ = mbedtls_x509_crt_verify_info($0, $1, "", flags) }
            .split(separator: "\n").map { String($0.drop { $0 == " " }) }.joined(separator: "; ")
    }

    private func send(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
        do {
            try socket.write(UnsafeRawBufferPointer(start: bytes, count: count), deadline: deadline)
            return Int32(count)
        } catch {
            socketError = error
            return error == .timeout ? cmbedtls_err_timeout() : cmbedtls_err_send_failed()
        }
    }

    private func receive(_ bytes: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int32 {
        do {
            return Int32(try socket.read(into: UnsafeMutableRawBufferPointer(start: bytes, count: count), deadline: deadline))
        } catch {
            socketError = error
            return error == .timeout ? cmbedtls_err_timeout() : cmbedtls_err_recv_failed()
        }
    }
}
