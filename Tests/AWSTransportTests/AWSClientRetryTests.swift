import AsyncHTTPTransport
import AWSSigV4
import AWSSigV4BoringSSL
import AWSTransport
import HoistTestSupport
import LeanHTTP
import Logging
import Testing

@Suite("AWSClient retries and errors, against a loopback server")
struct AWSClientRetryTests {
    let credentials = AWSCredentials(accessKeyID: "AKIDTEST", secretAccessKey: "SECRETVALUE", sessionToken: "SESSIONTOKENVALUE")
    let request = AWSRequest(
        service: .dynamoDB, operation: "DescribeTable",
        headers: [(name: "X-Amz-Target", value: "DynamoDB_20120810.DescribeTable"), (name: "Content-Type", value: "application/x-amz-json-1.0")],
        body: Array("{}".utf8))

    /// A client for `server` whose waits are recorded instead of slept.
    /// The CLI's transport and the function's: the client must behave the same over either.
    enum Transport: String, CaseIterable, CustomTestStringConvertible {
        case asyncHTTPClient, lean

        var transport: any HTTPTransport {
            switch self {
            case .asyncHTTPClient: AsyncHTTPClientTransport.shared
            case .lean: LeanHTTPClient.shared
            }
        }

        var testDescription: String { rawValue }
    }

    func client(
        _ server: TestHTTPServer, transport: Transport = .asyncHTTPClient, waits: LockedBox<[Duration]>? = nil, now: Int64 = 1_700_000_000,
        quota: RetryQuota = RetryQuota()
    ) -> AWSClient {
        AWSClient(
            transport: transport.transport,
            credentialProvider: StaticCredentialProvider(credentials),
            endpoints: EndpointResolver(region: "us-east-1", environment: ["AWS_ENDPOINT_URL": server.baseURL]), signing: .boringSSL,
            quota: quota,
            now: { now },
            sleep: { delay in waits?.mutate { $0.append(delay) } },
            random: { 0.5 })
    }

    static let throttled = CannedResponse(status: 400, body: #"{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"slow down"}"#)

    @Test("500, 503 and throttling are retried until a success, with growing waits", arguments: Transport.allCases)
    func retriesTransientFailures(transport: Transport) async throws {
        let waits = LockedBox<[Duration]>([])
        try await withTestHTTPServer(handler: { _, count in
            switch count {
            case 1: CannedResponse(status: 500, body: "{}")
            case 2: CannedResponse(status: 503, body: "{}")
            default: CannedResponse(status: 200, body: "{\"ok\":true}")
            }
        }) { server in
            let response = try await client(server, transport: transport, waits: waits).send(request, logger: Logger(label: "t"))
            #expect(response.status == 200)
            #expect(server.requests.count == 3)
            #expect(server.requests.allSatisfy { $0.body == request.body && $0.header("x-amz-target") == "DynamoDB_20120810.DescribeTable" })
        }
        #expect(waits.value == [.milliseconds(500), .seconds(1)])

        try await withTestHTTPServer(handler: { _, count in
            count == 1 ? Self.throttled : CannedResponse(status: 200, body: "{}")
        }) { server in
            let response = try await client(server, transport: transport).send(request, logger: Logger(label: "t"))
            #expect(response.status == 200)
            #expect(server.requests.count == 2)
        }
    }

    @Test("after three attempts the last error is thrown, typed", arguments: Transport.allCases)
    func givesUp(transport: Transport) async throws {
        try await withTestHTTPServer(handler: { _, _ in Self.throttled }) { server in
            await #expect(throws: AWSServiceError(service: "dynamodb", operation: "DescribeTable", code: "ThrottlingException", message: "slow down", status: 400, requestID: nil)) {
                try await client(server, transport: transport).send(request, logger: Logger(label: "t"))
            }
            #expect(server.requests.count == 3)
        }
    }

    @Test("a client error is not retried")
    func clientErrorsAreFinal() async throws {
        try await withTestHTTPServer(handler: { _, _ in
            CannedResponse(status: 400, headers: [(name: "x-amzn-RequestId", value: "req-1")], body: #"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"no table"}"#)
        }) { server in
            await #expect(throws: AWSServiceError(service: "dynamodb", operation: "DescribeTable", code: "ResourceNotFoundException", message: "no table", status: 400, requestID: "req-1")) {
                try await client(server).send(request, logger: Logger(label: "t"))
            }
            #expect(server.requests.count == 1)
        }
    }

    @Test("Retry-After is honoured")
    func retryAfter() async throws {
        let waits = LockedBox<[Duration]>([])
        try await withTestHTTPServer(handler: { _, count in
            count == 1 ? CannedResponse(status: 429, headers: [(name: "Retry-After", value: "3")], body: "{}") : CannedResponse(status: 200, body: "{}")
        }) { server in
            _ = try await client(server, waits: waits).send(request, logger: Logger(label: "t"))
        }
        #expect(waits.value == [.seconds(3)])
    }

    @Test("an empty retry quota stops retries")
    func quota() async throws {
        try await withTestHTTPServer(handler: { _, _ in CannedResponse(status: 503, body: "{}") }) { server in
            await #expect(throws: AWSServiceError.self) {
                try await client(server, quota: RetryQuota(capacity: 4)).send(request, logger: Logger(label: "t"))
            }
            #expect(server.requests.count == 1)
        }
    }

    @Test("a refused signature with a skewed clock is retried once at the server's time")
    func clockSkew() async throws {
        try await withTestHTTPServer(handler: { request, _ in
            if request.header("X-Amz-Date") == "20231114T221320Z" {
                return CannedResponse(status: 200, body: "{}")
            }
            return CannedResponse(
                status: 400, headers: [(name: "Date", value: "Tue, 14 Nov 2023 22:13:20 GMT")],
                body: #"{"__type":"com.amazon.coral.service#InvalidSignatureException","message":"Signature expired"}"#)
        }) { server in
            let skewed = client(server, now: 1_700_000_000 - 3600)
            let response = try await skewed.send(request, logger: Logger(label: "t"))
            #expect(response.status == 200)
            #expect(server.requests.count == 2)
        }
    }

    @Test("a connection that cannot be made is a TransportError naming the endpoint and saying 'connection refused'", arguments: Transport.allCases)
    func connectionRefused(transport: Transport) async throws {
        let client = AWSClient(
            transport: transport.transport,
            credentialProvider: StaticCredentialProvider(credentials),
            endpoints: EndpointResolver(region: "us-east-1", environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:1"]), signing: .boringSSL,
            retryPolicy: RetryPolicy(maxAttempts: 1))
        await #expect {
            try await client.send(request, logger: Logger(label: "t"))
        } throws: { error in
            guard case .connection(_, _, let endpoint, _) = error as? TransportError else { return false }
            let message = "\(error)"
            return endpoint == "http://127.0.0.1:1" && message.lowercased().contains("connection refused") && !RetryPolicy.outcomeUnknown(error)
                && message.filter { $0 == "(" }.count == message.filter { $0 == ")" }.count
        }
    }

    @Test("an answer slower than the timeout is a TransportError.timeout", arguments: Transport.allCases)
    func timeout(transport: Transport) async throws {
        try await withTestHTTPServer(handler: { _, _ in
            try? await Task.sleep(for: .seconds(3))
            return CannedResponse(status: 200, body: "{}")
        }) { server in
            var slow = client(server, transport: transport)
            slow.retryPolicy = RetryPolicy(maxAttempts: 1)
            slow.timeout = .milliseconds(300)
            // The server answers 200 after 3 s: a send that waited for it would not throw.
            await #expect {
                try await slow.send(request, logger: Logger(label: "t"))
            } throws: { error in
                guard case .timeout = error as? TransportError else { return false }
                return true
            }
        }
    }

    @Test("secrets, tokens and the Authorization header never reach the log, even at trace level")
    func noSecretsLogged() async throws {
        let store = CollectingLogHandler.Store()
        try await withTestHTTPServer(handler: { _, count in count == 1 ? CannedResponse(status: 500, body: "{}") : CannedResponse(status: 200, body: "{}") }) { server in
            _ = try await client(server).send(request, logger: .collecting(into: store))
            let authorization = try #require(server.requests.first?.header("Authorization"))
            let signature = String(authorization.split(separator: "=").last!)
            let lines = store.all
            #expect(lines.contains { $0.contains("canonical-request") })
            #expect(!lines.contains { $0.contains("SECRETVALUE") || $0.contains("SESSIONTOKENVALUE") || $0.contains(signature) })
        }
    }

    @Test("a create is not sent again after a 5xx, whose outcome is unknown, but is after throttling, which AWS did not act on", arguments: Transport.allCases)
    func createsAreNotReplayedBlindly(transport: Transport) async throws {
        var create = request
        create.operation = "CreateTable"
        create.idempotent = false
        try await withTestHTTPServer(handler: { _, _ in CannedResponse(status: 500, body: "{}") }) { server in
            await #expect {
                try await client(server, transport: transport).send(create, logger: Logger(label: "t"))
            } throws: { error in
                RetryPolicy.outcomeUnknown(error) && (error as? AWSServiceError)?.status == 500
            }
            #expect(server.requests.count == 1)
        }
        try await withTestHTTPServer(handler: { _, count in count == 1 ? Self.throttled : CannedResponse(status: 200, body: "{}") }) { server in
            let response = try await client(server, transport: transport).send(create, logger: Logger(label: "t"))
            #expect(response.status == 200)
            #expect(server.requests.count == 2)
        }
    }

    @Test("throttling gets its own, larger number of attempts; other failures keep maxAttempts")
    func throttlingAttempts() {
        let policy = RetryPolicy(maxAttempts: 3, throttlingAttempts: 10)
        #expect(policy.allowsAnother(after: 9, .throttling) && !policy.allowsAnother(after: 10, .throttling))
        #expect(policy.allowsAnother(after: 2, .transient) && !policy.allowsAnother(after: 3, .transient))
        #expect(RetryPolicy(maxAttempts: 4).allowsAnother(after: 3, .throttling) && !RetryPolicy(maxAttempts: 4).allowsAnother(after: 4, .throttling))
    }
}
