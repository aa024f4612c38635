import AWSSigV4
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Sends AWS requests: resolves the endpoint, signs, sends, retries what can be retried and types the error.
///
/// It knows SigV4 and the standard retry mode, and nothing of any service's operations; service clients build
/// `AWSRequest`s and decode `AWSResponse`s on top of it. The HTTP exchange itself is an `HTTPTransport`'s.
package struct AWSClient: Sendable {
    package let transport: any HTTPTransport
    package let credentialProvider: any CredentialProvider
    package let endpoints: EndpointResolver
    package var retryPolicy: RetryPolicy
    /// How long one attempt may take, from connect to the last body byte.
    package var timeout: Duration
    let quota: RetryQuota
    let skew: ClockSkew
    /// How its requests are signed: SigV4 on the SHA-256 the caller links.
    package let signing: any RequestSigning
    /// Seconds since 1970, read once per attempt to date its signature.
    let now: @Sendable () -> Int64
    /// Waits between attempts; tests record the waits instead of sleeping.
    let sleep: @Sendable (Duration) async throws -> Void
    /// Draws the jitter of each backoff, in 0..<1.
    let random: @Sendable () -> Double

    package var region: String { endpoints.region }

    package init(
        transport: any HTTPTransport,
        credentialProvider: any CredentialProvider,
        endpoints: EndpointResolver,
        signing: any RequestSigning,
        retryPolicy: RetryPolicy = RetryPolicy(),
        timeout: Duration = .seconds(60),
        quota: RetryQuota = RetryQuota(),
        skew: ClockSkew = ClockSkew(),
        now: @escaping @Sendable () -> Int64 = { Int64(time(nil)) },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.transport = transport
        self.credentialProvider = credentialProvider
        self.endpoints = endpoints
        self.signing = signing
        self.retryPolicy = retryPolicy
        self.timeout = timeout
        self.quota = quota
        self.skew = skew
        self.now = now
        self.sleep = sleep
        self.random = random
    }

    /// Sends `request` and returns a 2xx answer; anything else throws `AWSServiceError` or `TransportError`.
    package func send(_ request: AWSRequest, logger: Logger) async throws -> AWSResponse {
        let endpoint: Endpoint
        do {
            endpoint = try endpoints.endpoint(for: request.service)
        } catch {
            throw TransportError.invalidEndpoint(error.description)
        }
        var logger = logger
        logger[metadataKey: "aws-service"] = "\(request.service.name)"
        logger[metadataKey: "aws-operation"] = "\(request.operation)"
        var attempt = 1
        var skewRetried = false
        var retryCost: Int?
        while true {
            try Task.checkCancellation()
            let localSeconds = now()
            do {
                let response = try await attemptOnce(request, endpoint: endpoint, date: AmzDate(secondsSince1970: localSeconds + skew.seconds), logger: logger)
                guard (200..<300).contains(response.status) else {
                    let error = ErrorParser.parse(response, for: request)
                    if !skewRetried, skew.correct(after: error, serverDate: response.header("Date"), localSeconds: localSeconds) {
                        skewRetried = true
                        logger.debug("clock skew corrected", metadata: ["skew-seconds": "\(skew.seconds)", "aws-request-id": "\(error.requestID ?? "-")"])
                        continue
                    }
                    throw RetryableResponse(error: error, retryAfter: response.header("Retry-After").flatMap { Int($0) }.map { Duration.seconds($0) })
                }
                quota.release(retryCost)
                logger.debug("ok", metadata: ["aws-request-id": "\(response.requestID ?? "-")", "status": "\(response.status)", "attempt": "\(attempt)"])
                return response
            } catch let failure {
                let (error, retryAfter): (any Error, Duration?) =
                    if let wrapped = failure as? RetryableResponse { (wrapped.error, wrapped.retryAfter) } else { (failure, nil) }
                guard let kind = retryPolicy.classify(error), retryPolicy.allowsAnother(after: attempt, kind),
                    request.idempotent || !RetryPolicy.outcomeUnknown(error), let cost = quota.acquire(for: kind)
                else {
                    throw error
                }
                retryCost = cost
                let delay = retryPolicy.delay(afterAttempt: attempt, random: random(), retryAfter: retryAfter)
                logger.debug("retrying", metadata: ["attempt": "\(attempt)", "delay": "\(delay)", "error": "\(error)"])
                try await sleep(delay)
                attempt += 1
            }
        }
    }

    /// An error answer on its way to the retry decision, with the wait the server asked for.
    private struct RetryableResponse: Error {
        var error: AWSServiceError
        var retryAfter: Duration?
    }

    private func attemptOnce(_ request: AWSRequest, endpoint: Endpoint, date: AmzDate, logger: Logger) async throws -> AWSResponse {
        let path = endpoint.basePath + request.path
        let query = URIEncoding.query(request.query)
        // One allocation for every header the request will carry: its own, Host, User-Agent and the trace
        // header (which signing leaves out, as proxies may rewrite them) and the four signing adds.
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(request.headers.count + 7)
        headers.append((name: "Host", value: endpoint.hostHeader))
        headers += request.headers
        headers.append((name: "User-Agent", value: "hoist/0.1"))
        if let trace = Self.invocationTraceHeader { headers.append((name: "X-Amzn-Trace-Id", value: trace)) }
        var signing = SigningRequest(method: request.method, path: path, query: query, headers: headers, payload: request.bodySHA256.map { .sha256($0) } ?? .bytes(request.body))
        if request.signed {
            let credentials = try await credentialProvider.credentials()
            let (region, service, options) = (endpoint.signingRegion, request.service.signingName, request.service.signing)
            if logger.logLevel <= .trace {
                let signed = self.signing.sign(signing, credentials: credentials, region: region, service: service, options: options, date: date)
                logger.trace(
                    "signed",
                    metadata: [
                        "canonical-request": "\(Self.redacted(signed.canonicalRequest, credentials))",
                        "string-to-sign": "\(signed.stringToSign)",
                    ])
                signing = signed.request
            } else {
                self.signing.authorize(&signing, credentials: credentials, region: region, service: service, options: options, date: date)
            }
        }
        let url = "\(endpoint.scheme)://\(endpoint.hostHeader)\(path)\(query.isEmpty ? "" : "?" + query)"
        do {
            return try await transport.send(HTTPRequest(method: request.method, url: url, headers: signing.headers, body: request.body), timeout: timeout)
        } catch HTTPTransportError.timeout {
            throw TransportError.timeout(service: request.service.name, operation: request.operation, endpoint: endpoint.description)
        } catch let HTTPTransportError.unreachable(detail) {
            throw TransportError.connection(service: request.service.name, operation: request.operation, endpoint: endpoint.description, underlying: detail)
        } catch let HTTPTransportError.connection(detail) {
            throw TransportError.answerLost(service: request.service.name, operation: request.operation, endpoint: endpoint.description, underlying: detail)
        }
    }

    /// The canonical request carries the session token in clear; logs get a placeholder.
    static func redacted(_ text: String, _ credentials: AWSCredentials) -> String {
        guard let token = credentials.sessionToken, !token.isEmpty else { return text }
        return ByteSearch.replacing(token, with: "<redacted>", in: text)
    }
}

extension AWSClient {
    /// The trace header of the Lambda invocation under way, sent as `X-Amzn-Trace-Id` on every call made
    /// meanwhile, as AWS's SDKs do inside Lambda: X-Ray links the call to the request that caused it, and Lambda
    /// can tell a function calling itself in a loop. The function's runtime loop sets it around each handler
    /// call; the CLI never does.
    @TaskLocal package static var invocationTraceHeader: String?
}
