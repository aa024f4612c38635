import AWSLambda
import AWSSigV4
import AWSSigV4BoringSSL
import AWSTransport
import AsyncHTTPTransport
import HoistTestSupport
import Logging
import Testing

/// An Invoke waits as long as the function may run, not the client's usual minute: a function's timeout goes
/// up to 15 minutes, and cutting the wait short reports a failure for a call that is still running.
@Suite("Lambda Invoke waits for the function")
struct InvokeTimeoutTests {
    @Test("an answer slower than the client's timeout but within the invoke's arrives; past the invoke's it times out")
    func waits() async throws {
        try await withTestHTTPServer(handler: { _, _ in
            try? await Task.sleep(for: .seconds(2))
            return CannedResponse(status: 200, body: #"{"statusCode":200}"#)
        }) { server in
            let client = AWSClient(
                transport: AsyncHTTPClientTransport.shared, credentialProvider: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret")),
                endpoints: EndpointResolver(region: "us-east-1", environment: ["AWS_ENDPOINT_URL": server.baseURL]), signing: .boringSSL, timeout: .seconds(1))
            let lambda = LambdaClient(client: client)
            // Generous: on a loaded CI machine the loopback answer can come well after its two seconds.
            let answer = try await lambda.invoke("slow", payload: [], timeout: .seconds(120), logger: Logger(label: "test"))
            #expect(answer.statusCode == 200)
            await #expect(throws: TransportError.self) { try await lambda.invoke("slow", payload: [], timeout: .seconds(1), logger: Logger(label: "test")) }
        }
    }
}
