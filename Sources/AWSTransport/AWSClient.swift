import AWSSigV4
import AsyncHTTPClient
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import NIOCore
import NIOHTTP1

/// Sends AWS requests: resolves the endpoint, signs, sends, retries what can be retried and types the error.
///
/// It knows HTTP, SigV4 and the standard retry mode, and nothing of any service's operations; service
/// clients build `AWSRequest`s and decode `AWSResponse`s on top of it.
package struct AWSClient: Sendable {
    package let httpClient: HTTPClient
    package let credentialProvider: any CredentialProvider
    package let endpoints: EndpointResolver
    package var retryPolicy: RetryPolicy
    /// How long one attempt may take, from connect to the last body byte.
    package var timeout: Duration
    let quota: RetryQuota
    let skew: ClockSkew
    let signingKeys = SigningKeyCache()
    /// Seconds since 1970, read once per attempt to date its signature.
    let now: @Sendable () -> Int64
    /// Waits between attempts; tests record the waits instead of sleeping.
    let sleep: @Sendable (Duration) async throws -> Void
    /// Draws the jitter of each backoff, in 0..<1.
    let random: @Sendable () -> Double

    package var region: String { endpoints.region }

    package init(
        httpClient: HTTPClient = AWSClient.sharedHTTPClient,
        credentialProvider: any CredentialProvider,
        endpoints: EndpointResolver,
        retryPolicy: RetryPolicy = RetryPolicy(),
        timeout: Duration = .seconds(60),
        quota: RetryQuota = RetryQuota(),
        skew: ClockSkew = ClockSkew(),
        now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.httpClient = httpClient
        self.credentialProvider = credentialProvider
        self.endpoints = endpoints
        self.retryPolicy = retryPolicy
        self.timeout = timeout
        self.quota = quota
        self.skew = skew
        self.now = now
        self.sleep = sleep
        self.random = random
    }

    /// The process-wide HTTP client, like `HTTPClient.shared` (and like it never shut down), but it does not
    /// retry refused connections on its own until the deadline: the retry policy decides, so an endpoint that
    /// is down fails in milliseconds with a message instead of hanging for the whole timeout.
    package static let sharedHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

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
                guard attempt < retryPolicy.maxAttempts, let kind = retryPolicy.classify(error), let cost = quota.acquire(for: kind) else {
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
        let credentials = try await credentialProvider.credentials()
        let signer = SigV4Signer(credentials: credentials, region: endpoint.signingRegion, service: request.service.signingName, keyCache: signingKeys)
        let path = endpoint.basePath + request.path
        let query = URIEncoding.query(request.query)
        var headers = request.headers
        headers.insert((name: "Host", value: endpoint.hostHeader), at: 0)
        var signing = SigningRequest(method: request.method, path: path, query: query, headers: headers, payload: .bytes(request.body))
        if logger.logLevel <= .trace {
            let signed = signer.sign(signing, date: date)
            logger.trace(
                "signed",
                metadata: [
                    "canonical-request": "\(Self.redacted(signed.canonicalRequest, credentials))",
                    "string-to-sign": "\(signed.stringToSign)",
                ])
            signing = signed.request
        } else {
            signer.authorize(&signing, date: date)
        }
        var httpRequest = HTTPClientRequest(url: "\(endpoint.scheme)://\(endpoint.hostHeader)\(path)\(query.isEmpty ? "" : "?" + query)")
        httpRequest.method = HTTPMethod(rawValue: request.method)
        for header in signing.headers { httpRequest.headers.add(name: header.name, value: header.value) }
        httpRequest.headers.replaceOrAdd(name: "User-Agent", value: "hoist/0.1")
        if !request.body.isEmpty { httpRequest.body = .bytes(ByteBuffer(bytes: request.body)) }
        let response: HTTPClientResponse
        var body: ByteBuffer
        do {
            response = try await httpClient.execute(httpRequest, timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000))
            body = try await response.body.collect(upTo: 64 << 20)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw TransportError.timeout(service: request.service.name, operation: request.operation, endpoint: endpoint.description)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw TransportError.connection(service: request.service.name, operation: request.operation, endpoint: endpoint.description, underlying: "\(error)")
        }
        return AWSResponse(
            status: Int(response.status.code),
            headers: response.headers.map { (name: $0.name, value: $0.value) },
            body: body.readBytes(length: body.readableBytes) ?? []
        )
    }

    /// The canonical request carries the session token in clear; logs get a placeholder.
    static func redacted(_ text: String, _ credentials: AWSCredentials) -> String {
        guard let token = credentials.sessionToken, !token.isEmpty else { return text }
        return text.replacing(token, with: "<redacted>")
    }
}
