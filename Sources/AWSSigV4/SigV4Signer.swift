import Crypto

/// Signs AWS requests with Signature Version 4.
///
/// A value with no I/O and no clock: every entry point takes the instant to sign for, so tests pin the time
/// and compare exact strings, and the transport can correct for clock skew by passing a shifted instant.
/// Each stage of the algorithm is its own function, following
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html.
package struct SigV4Signer: Sendable {
    package var credentials: AWSCredentials
    package var region: String
    package var service: String
    package var options: SigV4Options
    private let keyCache: SigningKeyCache

    package static let algorithm = "AWS4-HMAC-SHA256"
    /// SHA-256 of the empty string, the payload hash of every body-less request.
    package static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// Headers a proxy or HTTP library may add, drop or rewrite, so signing them would break requests in
    /// transit. The list is botocore's (`SIGNED_HEADERS_BLACKLIST`), plus `authorization` itself.
    static let unsignedHeaders: Set<String> = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    package init(credentials: AWSCredentials, region: String, service: String, options: SigV4Options = SigV4Options(), keyCache: SigningKeyCache = SigningKeyCache()) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.options = options
        self.keyCache = keyCache
    }

    /// What signing produced: the request to send and every intermediate stage, for debugging mismatches.
    package struct SignedRequest: Sendable {
        package var request: SigningRequest
        package var canonicalRequest: String
        package var stringToSign: String
        package var signature: String
    }

    /// Signs with the `Authorization` header (step 4, "add the signature to the request").
    ///
    /// Sets `X-Amz-Date`, adds `X-Amz-Security-Token` (signed or, with `signSessionToken == false`, appended
    /// after signing) and, when asked, `x-amz-content-sha256`.
    package func sign(_ request: SigningRequest, date: AmzDate) -> SignedRequest {
        var request = request
        request.headers.removeAll { name in
            let lower = name.name.lowercased()
            return lower == "authorization" || lower == "x-amz-date" || (lower == "x-amz-security-token" && credentials.sessionToken != nil)
        }
        request.headers.append((name: "X-Amz-Date", value: date.timestamp))
        if let token = credentials.sessionToken, options.signSessionToken {
            request.headers.append((name: "X-Amz-Security-Token", value: token))
        }
        let payloadHash = Self.payloadHash(request.payload)
        if options.addContentSHA256Header, request.header("x-amz-content-sha256") == nil {
            request.headers.append((name: "X-Amz-Content-SHA256", value: payloadHash))
        }
        let (canonical, signedHeaders) = canonicalRequestBytes(request, payloadHash: payloadHash)
        let stringToSign = stringToSignBytes(canonicalRequest: canonical, date: date)
        let signature = self.signature(stringToSign: stringToSign, date: date)
        if let token = credentials.sessionToken, !options.signSessionToken {
            request.headers.append((name: "X-Amz-Security-Token", value: token))
        }
        request.headers.append(
            (
                name: "Authorization",
                value: "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(credentialScope(date)), SignedHeaders=\(signedHeaders), Signature=\(signature)"
            )
        )
        return SignedRequest(
            request: request,
            canonicalRequest: String(decoding: canonical, as: UTF8.self),
            stringToSign: String(decoding: stringToSign, as: UTF8.self),
            signature: signature
        )
    }

    /// Signs with query parameters instead of headers, for a URL that can be handed to someone else
    /// ("presigned URL"); valid for `expires` seconds (at most 604800).
    package func presign(_ request: SigningRequest, date: AmzDate, expires: Int) -> SignedRequest {
        var request = request
        request.headers.removeAll { $0.name.lowercased() == "authorization" }
        let signedHeaderNames = Self.canonicalHeaders(request.headers).map(\.name).joined(separator: ";")
        var items: [(String, String)] = [
            ("X-Amz-Algorithm", Self.algorithm),
            ("X-Amz-Credential", "\(credentials.accessKeyID)/\(credentialScope(date))"),
            ("X-Amz-Date", date.timestamp),
            ("X-Amz-Expires", String(expires)),
            ("X-Amz-SignedHeaders", signedHeaderNames),
        ]
        if let token = credentials.sessionToken, options.signSessionToken { items.append(("X-Amz-Security-Token", token)) }
        let added = URIEncoding.query(items)
        request.query = request.query.isEmpty ? added : request.query + "&" + added
        let payloadHash = Self.payloadHash(request.payload)
        let (canonical, _) = canonicalRequestBytes(request, payloadHash: payloadHash)
        let stringToSign = stringToSignBytes(canonicalRequest: canonical, date: date)
        let signature = self.signature(stringToSign: stringToSign, date: date)
        if let token = credentials.sessionToken, !options.signSessionToken {
            request.query += "&" + URIEncoding.query([("X-Amz-Security-Token", token)])
        }
        request.query += "&X-Amz-Signature=" + signature
        return SignedRequest(
            request: request,
            canonicalRequest: String(decoding: canonical, as: UTF8.self),
            stringToSign: String(decoding: stringToSign, as: UTF8.self),
            signature: signature
        )
    }

    // MARK: Stages

    /// Step 1: the canonical request of a request whose headers are final (date and token included).
    package func canonicalRequest(_ request: SigningRequest) -> String {
        String(decoding: canonicalRequestBytes(request, payloadHash: Self.payloadHash(request.payload)).bytes, as: UTF8.self)
    }

    /// Step 2: the string to sign.
    package func stringToSign(canonicalRequest: String, date: AmzDate) -> String {
        String(decoding: stringToSignBytes(canonicalRequest: Array(canonicalRequest.utf8), date: date), as: UTF8.self)
    }

    /// Steps 3 and 4: the hex signature of a string to sign, with the cached key for its day.
    package func signature(stringToSign: String, date: AmzDate) -> String {
        signature(stringToSign: Array(stringToSign.utf8), date: date)
    }

    /// `YYYYMMDD/region/service/aws4_request`
    package func credentialScope(_ date: AmzDate) -> String {
        "\(date.day)/\(region)/\(service)/aws4_request"
    }

    /// Step 3: derive the signing key, `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request")`.
    package static func deriveSigningKey(secret: String, day: Substring, region: String, service: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(secret)".utf8))
        for part in [String(day), region, service, "aws4_request"] {
            key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key))
        }
        return key
    }

    /// The payload hash line of the canonical request.
    package static func payloadHash(_ payload: SigningRequest.Payload) -> String {
        switch payload {
        case .unsigned: "UNSIGNED-PAYLOAD"
        case .sha256(let hex): hex
        case .bytes(let bytes): bytes.isEmpty ? emptyPayloadHash : Hex.string(SHA256.hash(data: bytes))
        }
    }

    // MARK: Internals on bytes, because signing sits on every request's path

    private func signature(stringToSign: [UInt8], date: AmzDate) -> String {
        let key = keyCache.key(secret: credentials.secretAccessKey, day: date.day, region: region, service: service)
        return Hex.string(HMAC<SHA256>.authenticationCode(for: stringToSign, using: key))
    }

    private func stringToSignBytes(canonicalRequest: [UInt8], date: AmzDate) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(160)
        output.append(contentsOf: Self.algorithm.utf8)
        output.append(10)
        output.append(contentsOf: date.timestamp.utf8)
        output.append(10)
        output.append(contentsOf: credentialScope(date).utf8)
        output.append(10)
        Hex.encode(SHA256.hash(data: canonicalRequest), into: &output)
        return output
    }

    private func canonicalRequestBytes(_ request: SigningRequest, payloadHash: String) -> (bytes: [UInt8], signedHeaders: String) {
        var output: [UInt8] = []
        output.reserveCapacity(512)
        output.append(contentsOf: request.method.uppercased().utf8)
        output.append(10)
        appendCanonicalPath(request.path, into: &output)
        output.append(10)
        Self.appendCanonicalQuery(request.query, into: &output)
        output.append(10)
        let headers = Self.canonicalHeaders(request.headers)
        for header in headers {
            output.append(contentsOf: header.name.utf8)
            output.append(UInt8(ascii: ":"))
            output.append(contentsOf: header.value)
            output.append(10)
        }
        output.append(10)
        var signedHeaders = ""
        for (index, header) in headers.enumerated() {
            if index > 0 { signedHeaders += ";" }
            signedHeaders += header.name
        }
        output.append(contentsOf: signedHeaders.utf8)
        output.append(10)
        output.append(contentsOf: (request.header("x-amz-content-sha256") ?? payloadHash).utf8)
        return (output, signedHeaders)
    }

    /// The canonical URI: normalised (unless S3), then percent-encoded once more (unless S3).
    private func appendCanonicalPath(_ path: String, into output: inout [UInt8]) {
        let bytes = Array(path.utf8)
        let normalized = options.normalizePath ? Self.removeDotSegments(bytes) : bytes
        if normalized.isEmpty {
            output.append(UInt8(ascii: "/"))
        } else if options.doubleEncodePath {
            URIEncoding.encode(normalized, keepSlash: true, into: &output)
        } else {
            output.append(contentsOf: normalized)
        }
    }

    /// RFC 3986 §5.2.4 dot-segment removal, plus dropping empty segments, which AWS also requires.
    static func removeDotSegments(_ path: [UInt8]) -> [UInt8] {
        guard !path.isEmpty else { return [] }
        var segments: [ArraySlice<UInt8>] = []
        for segment in path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            if segment.count == 1, segment.first == UInt8(ascii: ".") { continue }
            if segment.count == 2, segment.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) {
                if !segments.isEmpty { segments.removeLast() }
                continue
            }
            segments.append(segment)
        }
        var output: [UInt8] = []
        output.reserveCapacity(path.count)
        if path.first == UInt8(ascii: "/") { output.append(UInt8(ascii: "/")) }
        for (index, segment) in segments.enumerated() {
            if index > 0 { output.append(UInt8(ascii: "/")) }
            output.append(contentsOf: segment)
        }
        if path.last == UInt8(ascii: "/"), !segments.isEmpty { output.append(UInt8(ascii: "/")) }
        return output
    }

    /// The canonical query: each key and value decoded and re-encoded strictly, sorted by key, then value.
    static func appendCanonicalQuery(_ query: String, into output: inout [UInt8]) {
        guard !query.isEmpty else { return }
        var pairs: [(key: [UInt8], value: [UInt8])] = []
        for pair in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let bytes = Array(pair)
            let equals = bytes.firstIndex(of: UInt8(ascii: "="))
            let rawKey = equals.map { bytes[..<$0] } ?? bytes[...]
            let rawValue = equals.map { bytes[($0 + 1)...] } ?? []
            var key: [UInt8] = []
            var value: [UInt8] = []
            URIEncoding.encode(URIEncoding.decode(Array(rawKey)), keepSlash: false, into: &key)
            URIEncoding.encode(URIEncoding.decode(Array(rawValue)), keepSlash: false, into: &value)
            pairs.append((key, value))
        }
        pairs.sort { lhs, rhs in
            lhs.key == rhs.key ? lhs.value.lexicographicallyPrecedes(rhs.value) : lhs.key.lexicographicallyPrecedes(rhs.key)
        }
        for (index, pair) in pairs.enumerated() {
            if index > 0 { output.append(UInt8(ascii: "&")) }
            output.append(contentsOf: pair.key)
            output.append(UInt8(ascii: "="))
            output.append(contentsOf: pair.value)
        }
    }

    /// Lower-cased names, sorted; values trimmed with inner runs of white space folded to one space; the
    /// values of a repeated name joined by commas in the order sent.
    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> [(name: String, value: [UInt8])] {
        var merged: [String: [UInt8]] = [:]
        for header in headers {
            let name = header.name.lowercased()
            if unsignedHeaders.contains(name) { continue }
            let value = trimAll(header.value)
            if merged[name] != nil {
                merged[name]!.append(UInt8(ascii: ","))
                merged[name]!.append(contentsOf: value)
            } else {
                merged[name] = value
            }
        }
        return merged.map { (name: $0.key, value: $0.value) }.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    private static func trimAll(_ value: String) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(value.utf8.count)
        var pendingSpace = false
        for byte in value.utf8 {
            if isSpace(byte) {
                pendingSpace = !output.isEmpty
            } else {
                if pendingSpace { output.append(0x20) }
                pendingSpace = false
                output.append(byte)
            }
        }
        return output
    }
}
