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
    static let unsignedHeaders: [StaticString] = [
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
        package var signature: String
        /// Kept as bytes and turned into text only when someone looks (debug output, tests).
        let canonicalRequestBytes: [UInt8]
        let stringToSignBytes: [UInt8]
        package var canonicalRequest: String { String(decoding: canonicalRequestBytes, as: UTF8.self) }
        package var stringToSign: String { String(decoding: stringToSignBytes, as: UTF8.self) }
    }

    /// Signs with the `Authorization` header (step 4, "add the signature to the request").
    ///
    /// Sets `X-Amz-Date`, adds `X-Amz-Security-Token` (signed or, with `signSessionToken == false`, appended
    /// after signing) and, when asked, `x-amz-content-sha256`.
    package func sign(_ request: SigningRequest, date: AmzDate) -> SignedRequest {
        var request = request
        request.headers.reserveCapacity(request.headers.count + 4)
        let replacesToken = credentials.sessionToken != nil
        request.headers.removeAll { header in
            ASCII.equalsLowercased(header.name, "authorization") || ASCII.equalsLowercased(header.name, "x-amz-date")
                || (replacesToken && ASCII.equalsLowercased(header.name, "x-amz-security-token"))
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
        var authorization: [UInt8] = []
        authorization.reserveCapacity(200 + signedHeaders.utf8.count)
        authorization.append(contentsOf: "\(Self.algorithm) Credential=".utf8)
        Self.appendBytes(of: credentials.accessKeyID, to: &authorization)
        authorization.append(UInt8(ascii: "/"))
        appendCredentialScope(date, into: &authorization)
        authorization.append(contentsOf: ", SignedHeaders=".utf8)
        Self.appendBytes(of: signedHeaders, to: &authorization)
        authorization.append(contentsOf: ", Signature=".utf8)
        Self.appendBytes(of: signature, to: &authorization)
        request.headers.append((name: "Authorization", value: String(decoding: authorization, as: UTF8.self)))
        return SignedRequest(request: request, signature: signature, canonicalRequestBytes: canonical, stringToSignBytes: stringToSign)
    }

    /// Signs with query parameters instead of headers, for a URL that can be handed to someone else
    /// ("presigned URL"); valid for `expires` seconds (at most 604800).
    package func presign(_ request: SigningRequest, date: AmzDate, expires: Int) -> SignedRequest {
        var request = request
        request.headers.removeAll { ASCII.equalsLowercased($0.name, "authorization") }
        var discarded: [UInt8] = []
        var signedHeaderBytes: [UInt8] = []
        Self.appendCanonicalHeaders(request.headers, into: &discarded, signedHeaders: &signedHeaderBytes)
        let signedHeaderNames = String(decoding: signedHeaderBytes, as: UTF8.self)
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
        return SignedRequest(request: request, signature: signature, canonicalRequestBytes: canonical, stringToSignBytes: stringToSign)
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

    private func appendCredentialScope(_ date: AmzDate, into output: inout [UInt8]) {
        output.append(contentsOf: date.timestamp.utf8.prefix(8))
        output.append(UInt8(ascii: "/"))
        Self.appendBytes(of: region, to: &output)
        output.append(UInt8(ascii: "/"))
        Self.appendBytes(of: service, to: &output)
        output.append(contentsOf: "/aws4_request".utf8)
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
        case .bytes(let bytes): bytes.isEmpty ? emptyPayloadHash : Hex.string(sha256(bytes))
        }
    }

    // MARK: Internals on bytes, because signing sits on every request's path

    /// SHA-256 through the hasher's raw-buffer entry point, which skips the generic `DataProtocol` walk.
    @inline(__always)
    static func sha256(_ bytes: [UInt8]) -> SHA256Digest {
        var hasher = SHA256()
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hasher.finalize()
    }

    private func signature(stringToSign: [UInt8], date: AmzDate) -> String {
        var mac = keyCache.hmac(secret: credentials.secretAccessKey, day: date.day, region: region, service: service)
        stringToSign.withUnsafeBytes { mac.update(data: $0) }
        return Hex.string(mac.finalize())
    }

    private func stringToSignBytes(canonicalRequest: [UInt8], date: AmzDate) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(160)
        output.append(contentsOf: Self.algorithm.utf8)
        output.append(10)
        Self.appendBytes(of: date.timestamp, to: &output)
        output.append(10)
        appendCredentialScope(date, into: &output)
        output.append(10)
        Hex.encode(Self.sha256(canonicalRequest), into: &output)
        return output
    }

    private func canonicalRequestBytes(_ request: SigningRequest, payloadHash: String) -> (bytes: [UInt8], signedHeaders: String) {
        var output: [UInt8] = []
        output.reserveCapacity(512)
        for byte in request.method.utf8 {
            output.append(byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte)
        }
        output.append(10)
        appendCanonicalPath(request.path, into: &output)
        output.append(10)
        Self.appendCanonicalQuery(request.query, into: &output)
        output.append(10)
        var signedHeaders: [UInt8] = []
        signedHeaders.reserveCapacity(64)
        Self.appendCanonicalHeaders(request.headers, into: &output, signedHeaders: &signedHeaders)
        output.append(10)
        output.append(contentsOf: signedHeaders)
        output.append(10)
        Self.appendBytes(of: request.header("x-amz-content-sha256") ?? payloadHash, to: &output)
        return (output, String(decoding: signedHeaders, as: UTF8.self))
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
    /// values of a repeated name joined by commas in the order sent. Each header becomes a `name:value` line in
    /// `output` and its name an entry of the `;`-separated `signedHeaders`.
    static func appendCanonicalHeaders(_ headers: [(name: String, value: String)], into output: inout [UInt8], signedHeaders: inout [UInt8]) {
        var order: [Int] = []
        order.reserveCapacity(headers.count)
        for index in headers.indices where !isUnsigned(headers[index].name) {
            order.append(index)
        }
        // Insertion sort: requests carry a handful of headers, and it is stable, so repeated names keep the
        // order they were sent in.
        for position in order.indices.dropFirst() {
            let current = order[position]
            var slot = position
            while slot > 0, ASCII.lowercasedPrecedes(headers[current].name, headers[order[slot - 1]].name) {
                order[slot] = order[slot - 1]
                slot -= 1
            }
            order[slot] = current
        }
        var previous: Int?
        for index in order {
            let header = headers[index]
            if let previous, ASCII.equalIgnoringCase(headers[previous].name, header.name) {
                output.append(UInt8(ascii: ","))
            } else {
                if previous != nil {
                    output.append(10)
                    signedHeaders.append(UInt8(ascii: ";"))
                }
                for byte in header.name.utf8 {
                    output.append(ASCII.lower(byte))
                    signedHeaders.append(ASCII.lower(byte))
                }
                output.append(UInt8(ascii: ":"))
            }
            appendTrimmed(header.value, into: &output)
            previous = index
        }
        if previous != nil { output.append(10) }
    }

    /// Appends a string's UTF-8 as one copy when its storage is contiguous (native strings are).
    @inline(__always)
    static func appendBytes(of string: String, to output: inout [UInt8]) {
        if string.utf8.withContiguousStorageIfAvailable({ output.append(contentsOf: $0) }) == nil {
            output.append(contentsOf: string.utf8)
        }
    }

    /// Whether a header is one of `unsignedHeaders`; most names are ruled out by their length alone.
    @inline(__always)
    static func isUnsigned(_ name: String) -> Bool {
        switch name.utf8.count {
        case 2, 6, 7, 10, 13, 15, 17, 18, 19: unsignedHeaders.contains { ASCII.equalsLowercased(name, $0) }
        default: false
        }
    }

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    private static func appendTrimmed(_ value: String, into output: inout [UInt8]) {
        // Most values have nothing to trim: copy them whole.
        var clean = true
        var previousSpace = true
        for byte in value.utf8 {
            let space = isSpace(byte)
            if space && (previousSpace || byte != 0x20) {
                clean = false
                break
            }
            previousSpace = space
        }
        if clean, !previousSpace || value.isEmpty {
            appendBytes(of: value, to: &output)
            return
        }
        var started = false
        var pendingSpace = false
        for byte in value.utf8 {
            if isSpace(byte) {
                pendingSpace = started
            } else {
                if pendingSpace { output.append(0x20) }
                pendingSpace = false
                started = true
                output.append(byte)
            }
        }
    }
}
