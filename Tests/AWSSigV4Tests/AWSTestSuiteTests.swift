import AWSSigV4
import Testing

@Suite("AWS SigV4 test suite")
struct AWSTestSuiteTests {
    @Test("every published case", arguments: AWSTestSuite.shared.cases)
    func publishedCase(_ testCase: AWSTestSuite.Case) throws {
        let suite = AWSTestSuite.shared
        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyID: suite.accessKeyID, secretAccessKey: suite.secretAccessKey, sessionToken: testCase.sessionToken),
            region: suite.region,
            service: suite.service,
            options: SigV4Options(signSessionToken: testCase.signSessionToken)
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
