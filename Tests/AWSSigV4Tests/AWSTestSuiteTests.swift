import AWSSigV4
import AWSSigV4BoringSSL
import MbedSHA256
import Testing

@Suite("AWS SigV4 test suite")
struct AWSTestSuiteTests {
    /// Both SHA-256s a signer runs on: the CLI's BoringSSL and the function's mbedTLS.
    static let engines: [any SHA256Engine] = [BoringSHA256Engine.shared, MbedSHA256Engine.shared]

    @Test("every published case, with the CLI's and the function's SHA-256", arguments: AWSTestSuite.shared.cases, engines)
    func publishedCase(_ testCase: AWSTestSuite.Case, engine: any SHA256Engine) throws {
        let suite = AWSTestSuite.shared
        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyID: suite.accessKeyID, secretAccessKey: suite.secretAccessKey, sessionToken: testCase.sessionToken),
            region: suite.region,
            service: suite.service,
            options: SigV4Options(signSessionToken: testCase.signSessionToken),
            keyCache: SigningKeyCache(engine)
        )
        let request = try SigningRequest(httpText: testCase.request)
        let date = try #require(AmzDate(timestamp: suite.date))
        let signed = signer.sign(request, date: date)

        #expect(signed.canonicalRequest == testCase.canonicalRequest)
        #expect(signed.stringToSign == testCase.stringToSign)
        #expect(signed.request.header("Authorization") == testCase.authorization)
        #expect(signer.stringToSign(canonicalRequest: testCase.canonicalRequest, date: date) == testCase.stringToSign)
        #expect(testCase.authorization.hasSuffix("Signature=" + signer.signature(stringToSign: testCase.stringToSign, date: date)))
        if let token = testCase.sessionToken {
            #expect(signed.request.header("X-Amz-Security-Token") == token)
        }
    }

    @Test("the suite is complete, with its path and session-token cases")
    func suiteIsComplete() {
        let names = Set(AWSTestSuite.shared.cases.map(\.name))
        #expect(names.count == 34)
        #expect(names.contains("normalize-path/get-space"))
        #expect(names.contains("post-sts-token/post-sts-header-after"))
    }
}
