/// Signs AWS requests with Signature Version 4.
///
/// A value with no I/O and no clock: every entry point takes the instant to sign for, so tests pin the time
/// and compare exact strings, and the transport can correct for clock skew by passing a shifted instant.
/// Each stage of the algorithm is its own function, following
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html. It hashes with the SHA-256 its
/// caller links (`SHA256Engine`).
package struct SigV4Signer: Sendable {
    package var credentials: AWSCredentials
    package var region: String
    package var service: String
    package var options: SigV4Options
    private let keyCache: SigningKeyCache
    private var engine: any SHA256Engine { keyCache.engine }

    package static var algorithm: String { SigV4.algorithm }
    package static var emptyPayloadHash: String { SigV4.emptyPayloadHash }

    /// `keyCache` carries the engine: the keys it keeps were derived with it.
    package init(credentials: AWSCredentials, region: String, service: String, options: SigV4Options = SigV4Options(), keyCache: SigningKeyCache) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.options = options
        self.keyCache = keyCache
    }

    /// The intermediate results of signing, kept for debugging mismatches.
    package struct Stages: Sendable {
        package var signature: String
        /// Kept as bytes and turned into text only when someone looks (debug output, tests).
        let canonicalRequestBytes: [UInt8]
        let stringToSignBytes: [UInt8]
        package var canonicalRequest: String { String(decoding: canonicalRequestBytes, as: UTF8.self) }
        package var stringToSign: String { String(decoding: stringToSignBytes, as: UTF8.self) }
    }

    /// What signing produced: the request to send and every intermediate stage.
    package struct SignedRequest: Sendable {
        package var request: SigningRequest
        package var stages: Stages
        package var signature: String { stages.signature }
        package var canonicalRequest: String { stages.canonicalRequest }
        package var stringToSign: String { stages.stringToSign }
    }

    /// Signs `request` in place with the `Authorization` header (step 4, "add the signature to the request").
    ///
    /// Sets `X-Amz-Date`, adds `X-Amz-Security-Token` (signed or, with `signSessionToken == false`, appended
    /// after signing) and, when asked, `x-amz-content-sha256`. This is the transport's path, run for every
    /// request, so it keeps no intermediate stage; `sign(_:date:)` does, for debugging.
    package func authorize(_ request: inout SigningRequest, date: AmzDate) {
        prepareHeaders(&request, date: date)
        let authorization = compute(request, date: date, keepingStages: false).authorization
        finishHeaders(&request, authorization: authorization)
    }

    /// Signs like `authorize(_:date:)` and keeps every stage, for `hoist debug sign`, trace logs and tests.
    package func sign(_ request: SigningRequest, date: AmzDate) -> SignedRequest {
        var request = request
        prepareHeaders(&request, date: date)
        let (authorization, stages) = compute(request, date: date, keepingStages: true)
        finishHeaders(&request, authorization: authorization)
        return SignedRequest(request: request, stages: stages!)
    }

    // MARK: Stages

    /// Step 1: the canonical request of a request whose headers are final (date and token included).
    package func canonicalRequest(_ request: SigningRequest) -> String {
        var scratch = scratchFor(request, stringToSign: 0)
        defer { scratch.deallocate() }
        writeCanonicalRequest(request, into: &scratch)
        return String(decoding: scratch.canonicalRequest.bytes, as: UTF8.self)
    }

    /// Step 2: the string to sign.
    package func stringToSign(canonicalRequest: String, date: AmzDate) -> String {
        let digest = canonicalRequest.withUTF8Bytes { SHA256Hasher.hash(engine, UnsafeRawBufferPointer($0)) }
        return String(writingAtMost: stringToSignCapacity) { writeStringToSign(canonicalDigest: digest, date: date, into: &$0) }
    }

    /// Steps 3 and 4: the hex signature of a string to sign, with the cached key for its day.
    package func signature(stringToSign: String, date: AmzDate) -> String {
        stringToSign.withUTF8Bytes { Hex.string(signature(of: UnsafeRawBufferPointer($0), date: date)) }
    }

    /// `YYYYMMDD/region/service/aws4_request`
    package func credentialScope(_ date: AmzDate) -> String {
        "\(date.day)/\(region)/\(service)/aws4_request"
    }

    /// Step 3: derive the signing key, `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request")`.
    package static func deriveSigningKey(_ engine: any SHA256Engine, secret: String, day: String, region: String, service: String) -> [UInt8] {
        var key = Array("AWS4\(secret)".utf8)
        for part in [day, region, service, "aws4_request"] {
            let code = key.withUnsafeBytes { key in Array(part.utf8).withUnsafeBytes { PreparedHMAC(engine, key: key).authenticationCode(for: $0) } }
            key = code.withUnsafeBytes { Array($0) }
        }
        return key
    }

    /// The payload hash line of the canonical request.
    package func payloadHash(_ payload: SigningRequest.Payload) -> String {
        String(writingAtMost: Self.payloadHashCapacity(payload)) { writePayloadHash(payload, into: &$0) }
    }

    /// `UNSIGNED-PAYLOAD`, a precomputed hash, or the body's SHA-256 in hex.
    private func writePayloadHash(_ payload: SigningRequest.Payload, into output: inout ByteWriter) {
        switch payload {
        case .unsigned: output.append("UNSIGNED-PAYLOAD")
        case .sha256(let hex): output.append(hex)
        case .bytes(let bytes) where bytes.isEmpty: output.append(Self.emptyPayloadHash)
        case .bytes(let bytes): output.appendHex(bytes.withUnsafeBytes { SHA256Hasher.hash(engine, $0) })
        }
    }

    private static func payloadHashCapacity(_ payload: SigningRequest.Payload) -> Int {
        if case .sha256(let hex) = payload { max(64, hex.utf8.count) } else { 64 }
    }

    // MARK: Internals on bytes, because signing sits on every request's path

    /// Removes what a signature replaces and adds the date, a signed token and the payload hash header.
    private func prepareHeaders(_ request: inout SigningRequest, date: AmzDate) {
        let replacesToken = credentials.sessionToken != nil
        let replaced = { (header: (name: String, value: String)) in
            ASCII.equalsLowercased(header.name, "authorization") || ASCII.equalsLowercased(header.name, "x-amz-date")
                || (replacesToken && ASCII.equalsLowercased(header.name, "x-amz-security-token"))
        }
        if request.headers.contains(where: replaced) { request.headers.removeAll(where: replaced) }
        request.headers.reserveCapacity(request.headers.count + 4)
        request.headers.append((name: "X-Amz-Date", value: date.timestamp))
        if let token = credentials.sessionToken, options.signSessionToken {
            request.headers.append((name: "X-Amz-Security-Token", value: token))
        }
        if options.addContentSHA256Header, request.header("x-amz-content-sha256") == nil {
            request.headers.append((name: "X-Amz-Content-SHA256", value: payloadHash(request.payload)))
        }
    }

    private func finishHeaders(_ request: inout SigningRequest, authorization: String) {
        if let token = credentials.sessionToken, !options.signSessionToken {
            request.headers.append((name: "X-Amz-Security-Token", value: token))
        }
        request.headers.append((name: "Authorization", value: authorization))
    }

    /// Steps 1 to 4 in one scratch allocation; the stages are copied out of it only when kept.
    private func compute(_ request: SigningRequest, date: AmzDate, keepingStages: Bool) -> (authorization: String, stages: Stages?) {
        var scratch = scratchFor(request, stringToSign: stringToSignCapacity)
        defer { scratch.deallocate() }
        writeCanonicalRequest(request, into: &scratch)
        writeStringToSign(canonicalDigest: SHA256Hasher.hash(engine, scratch.canonicalRequest.bytes), date: date, into: &scratch.stringToSign)
        scratch.signature.appendHex(signature(of: scratch.stringToSign.bytes, date: date))
        let authorization = authorizationValue(date: date, signedHeaders: scratch.signedHeaders.bytes, signature: scratch.signature.bytes)
        guard keepingStages else { return (authorization, nil) }
        let stages = Stages(
            signature: String(decoding: scratch.signature.bytes, as: UTF8.self),
            canonicalRequestBytes: Array(scratch.canonicalRequest.bytes), stringToSignBytes: Array(scratch.stringToSign.bytes))
        return (authorization, stages)
    }

    private func authorizationValue(date: AmzDate, signedHeaders: UnsafeRawBufferPointer, signature: UnsafeRawBufferPointer) -> String {
        let capacity = 64 + credentials.accessKeyID.utf8.count + credentialScopeCapacity + signedHeaders.count + signature.count
        return String(writingAtMost: capacity) { output in
            output.append(Self.algorithm)
            output.append(" Credential=")
            output.append(credentials.accessKeyID)
            output.append(UInt8(ascii: "/"))
            writeCredentialScope(date, into: &output)
            output.append(", SignedHeaders=")
            output.append(signedHeaders)
            output.append(", Signature=")
            output.append(signature)
        }
    }

    private func signature(of stringToSign: UnsafeRawBufferPointer, date: AmzDate) -> SHA256Bytes {
        keyCache.hmac(secret: credentials.secretAccessKey, day: date.day, region: region, service: service).authenticationCode(for: stringToSign)
    }

    private var credentialScopeCapacity: Int { 8 + 1 + region.utf8.count + 1 + service.utf8.count + 13 }

    private var stringToSignCapacity: Int { Self.algorithm.utf8.count + 1 + 16 + 1 + credentialScopeCapacity + 1 + 64 }

    private func writeCredentialScope(_ date: AmzDate, into output: inout ByteWriter) {
        output.append(date.day)
        output.append(UInt8(ascii: "/"))
        output.append(region)
        output.append(UInt8(ascii: "/"))
        output.append(service)
        output.append("/aws4_request")
    }

    private func writeStringToSign(canonicalDigest: SHA256Bytes, date: AmzDate, into output: inout ByteWriter) {
        output.append(Self.algorithm)
        output.append(10)
        output.append(date.timestamp)
        output.append(10)
        writeCredentialScope(date, into: &output)
        output.append(10)
        output.appendHex(canonicalDigest)
    }

    /// An upper bound of the canonical request's length: encoding at most triples the path and the query, and
    /// canonical header lines are never longer than the headers they come from.
    /// Scratch sized for `request`, its canonical request bounded in one pass over the headers.
    private func scratchFor(_ request: SigningRequest, stringToSign: Int) -> SigningScratch {
        var nameBytes = 0
        var valueBytes = 0
        var longestValue = 0
        for header in request.headers {
            nameBytes += header.name.utf8.count
            valueBytes += header.value.utf8.count
            longestValue = max(longestValue, header.value.utf8.count)
        }
        // The payload line is the payload's hash, or a declared x-amz-content-sha256 header's value.
        let payloadLine = max(Self.payloadHashCapacity(request.payload), longestValue)
        // Header lines (name, colon, value, newline), then the signed header names with their separators.
        let headerLines = nameBytes + valueBytes + 2 * request.headers.count
        let canonicalRequest = request.method.utf8.count + 3 * request.path.utf8.count + 3 * request.query.utf8.count + headerLines
            + nameBytes + request.headers.count + payloadLine + 8
        return SigningScratch(canonicalRequest: canonicalRequest, stringToSign: stringToSign, headerCount: request.headers.count, nameBytes: nameBytes)
    }

    private func writeCanonicalRequest(_ request: SigningRequest, into scratch: inout SigningScratch) {
        for byte in request.method.utf8 {
            scratch.canonicalRequest.append(byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte)
        }
        scratch.canonicalRequest.append(10)
        writeCanonicalPath(request.path, into: &scratch.canonicalRequest)
        scratch.canonicalRequest.append(10)
        Self.writeCanonicalQuery(request.query, into: &scratch.canonicalRequest)
        scratch.canonicalRequest.append(10)
        let declaredPayloadHash = Self.writeCanonicalHeaders(request.headers, into: &scratch)
        scratch.canonicalRequest.append(10)
        scratch.canonicalRequest.append(scratch.signedHeaders.bytes)
        scratch.canonicalRequest.append(10)
        if let declaredPayloadHash {
            scratch.canonicalRequest.append(request.headers[declaredPayloadHash].value)
            return
        }
        writePayloadHash(request.payload, into: &scratch.canonicalRequest)
    }

    /// The canonical URI: normalised (unless S3), then percent-encoded once more (unless S3).
    private func writeCanonicalPath(_ path: String, into output: inout ByteWriter) {
        path.withUTF8Bytes { bytes in
            if options.normalizePath, Self.needsNormalizing(bytes) {
                Self.removeDotSegments(Array(bytes)).withUnsafeBufferPointer { writeEncodedPath($0, into: &output) }
            } else {
                writeEncodedPath(bytes, into: &output)
            }
        }
    }

    private func writeEncodedPath(_ path: UnsafeBufferPointer<UInt8>, into output: inout ByteWriter) {
        if path.isEmpty {
            output.append(UInt8(ascii: "/"))
        } else if options.doubleEncodePath {
            URIEncoding.encode(path, keepSlash: true, into: &output)
        } else {
            output.append(UnsafeRawBufferPointer(path))
        }
    }

    /// Whether a path has an empty, `.` or `..` segment; most have none, and skip normalising.
    static func needsNormalizing(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        var segmentStart = 0
        for index in 0...path.count {
            guard index == path.count || path[index] == UInt8(ascii: "/") else { continue }
            let length = index - segmentStart
            let innerEmpty = length == 0 && index > 0 && index < path.count
            let dots = (length == 1 || length == 2) && path[segmentStart] == UInt8(ascii: ".") && path[index - 1] == UInt8(ascii: ".")
            if innerEmpty || dots { return true }
            segmentStart = index + 1
        }
        return false
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
    static func writeCanonicalQuery(_ query: String, into output: inout ByteWriter) {
        guard !query.isEmpty else { return }
        var pairs: [(key: [UInt8], value: [UInt8])] = []
        for pair in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let bytes = Array(pair)
            let equals = bytes.firstIndex(of: UInt8(ascii: "="))
            let rawKey = equals.map { bytes[..<$0] } ?? bytes[...]
            let rawValue = equals.map { bytes[($0 + 1)...] } ?? []
            let key = [UInt8](writingAtMost: 3 * rawKey.count) { URIEncoding.encode(URIEncoding.decode(Array(rawKey)), keepSlash: false, into: &$0) }
            let value = [UInt8](writingAtMost: 3 * rawValue.count) { URIEncoding.encode(URIEncoding.decode(Array(rawValue)), keepSlash: false, into: &$0) }
            pairs.append((key, value))
        }
        pairs.sort { lhs, rhs in
            lhs.key == rhs.key ? lhs.value.lexicographicallyPrecedes(rhs.value) : lhs.key.lexicographicallyPrecedes(rhs.key)
        }
        for (index, pair) in pairs.enumerated() {
            if index > 0 { output.append(UInt8(ascii: "&")) }
            pair.key.withUnsafeBytes { output.append($0) }
            output.append(UInt8(ascii: "="))
            pair.value.withUnsafeBytes { output.append($0) }
        }
    }


    /// Lower-cased names, sorted; values trimmed with inner runs of white space folded to one space; the
    /// values of a repeated name joined by commas in the order sent. Each header becomes a `name:value` line in
    /// the canonical request and its name an entry of the `;`-separated signed headers. Returns the index of
    /// an `x-amz-content-sha256` header, whose value replaces the payload hash.
    private static func writeCanonicalHeaders(_ headers: [(name: String, value: String)], into scratch: inout SigningScratch) -> Int? {
        let names = UnsafeRawBufferPointer(scratch.names)
        let slots = SignedHeaderNames.sort(headers, names: scratch.names, slots: scratch.slots)
        var declaredPayloadHash: Int?
        for (position, slot) in slots.enumerated() {
            if position > 0, slot.hasName(slots[position - 1], in: names) {
                scratch.canonicalRequest.append(UInt8(ascii: ","))
            } else {
                if position > 0 {
                    scratch.canonicalRequest.append(10)
                    scratch.signedHeaders.append(UInt8(ascii: ";"))
                }
                let name = slot.name(in: names)
                scratch.canonicalRequest.append(name)
                scratch.signedHeaders.append(name)
                scratch.canonicalRequest.append(UInt8(ascii: ":"))
                if declaredPayloadHash == nil, slot.hasName("x-amz-content-sha256", in: names) { declaredPayloadHash = slot.index }
            }
            headers[slot.index].value.withUTF8Bytes { writeTrimmed($0, into: &scratch.canonicalRequest) }
        }
        if !slots.isEmpty { scratch.canonicalRequest.append(10) }
        return declaredPayloadHash
    }

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    private static func writeTrimmed(_ value: UnsafeBufferPointer<UInt8>, into output: inout ByteWriter) {
        if isClean(value) {
            output.append(UnsafeRawBufferPointer(value))
            return
        }
        var started = false
        var pendingSpace = false
        for byte in value {
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

    /// Whether a value needs no trimming or folding, which is true of almost every header value. Eight bytes
    /// at a time are cleared when none is a control character or a space (the "has less than" word trick from
    /// Bit Twiddling Hacks); only the rest is walked byte by byte.
    private static func isClean(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let start = value.baseAddress, let first = value.first, let last = value.last else { return true }
        if isSpace(first) || isSpace(last) { return false }
        let raw = UnsafeRawPointer(start)
        var offset = 0
        while offset + 8 <= value.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            if (word &- 0x2121_2121_2121_2121) & ~word & 0x8080_8080_8080_8080 != 0 { break }
            offset += 8
        }
        var previousSpace = false
        for byte in value[offset...] {
            let space = isSpace(byte)
            if space && (previousSpace || byte != 0x20) { return false }
            previousSpace = space
        }
        return true
    }
}

/// SigV4's constants, whatever SHA-256 signs.
package enum SigV4 {
    package static let algorithm = "AWS4-HMAC-SHA256"
    /// SHA-256 of the empty string, the payload hash of every body-less request.
    package static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
}
