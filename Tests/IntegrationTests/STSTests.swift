import AWSSTS
import AWSSigV4
import AWSTransport
import HoistTestSupport
import Logging
import Testing

@Suite("STS against moto")
struct STSTests {
    let logger = Logger(label: "test")

    @Test("GetCallerIdentity names the harness's admin user")
    func callerIdentity() async throws {
        try await withMotoServer { moto in
            let identity = try await STSClient(client: moto.client()).getCallerIdentity(logger: logger)
            #expect(identity.arn == "arn:aws:iam::\(moto.accountID):user/hoist-admin")
            #expect(identity.account == moto.accountID)
        }
    }

    @Test("a wrong secret key is refused by the server")
    func wrongSecret() async throws {
        try await withMotoServer { moto in
            let wrong = AWSCredentials(accessKeyID: moto.credentials.accessKeyID, secretAccessKey: "not-the-secret")
            await #expect {
                try await STSClient(client: moto.client(credentials: wrong)).getCallerIdentity(logger: logger)
            } throws: { error in
                guard case .other(let service) = error as? STSError else { return false }
                return service.code == "SignatureDoesNotMatch" && service.status == 403
            }
        }
    }
}
