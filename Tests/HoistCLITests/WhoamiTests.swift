import AWSSigV4
import Foundation
import HoistTestSupport
import Testing

@Suite("hoist whoami")
struct WhoamiTests {
    @Test("prints the caller identity from moto, as text and as JSON")
    func identity() async throws {
        try await withMotoServer { moto in
            let text = try await HoistBinary.run(["whoami"], environment: moto.environment)
            #expect(text.status == 0, "\(text.standardError)")
            #expect(text.standardOutput.contains("arn          arn:aws:iam::\(moto.accountID):user/hoist-admin"))
            #expect(text.standardOutput.contains("endpoint     \(moto.endpoint)"))
            #expect(text.standardOutput.contains("credentials  environment"))

            let json = try await HoistBinary.run(["whoami", "--json"], environment: moto.environment)
            let object = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: String]
            #expect(object?["account"] == moto.accountID)
            #expect(object?["region"] == "us-east-1")
        }
    }

    @Test("a wrong secret key is one line naming the access key, exit 1")
    func wrongSecret() async throws {
        try await withMotoServer { moto in
            var environment = moto.environment
            environment["AWS_SECRET_ACCESS_KEY"] = "wrong-secret"
            let outcome = try await HoistBinary.run(["whoami"], environment: environment)
            #expect(outcome.status == 1)
            #expect(outcome.standardError.hasPrefix("error: sts refused the credentials of access key \(moto.credentials.accessKeyID) (from environment): SignatureDoesNotMatch"))
            #expect(!outcome.standardError.contains("wrong-secret"))
            #expect(outcome.standardError.split(separator: "\n").count == 1)
        }
    }

    @Test("no credentials anywhere: exit 1 with the ways to provide them")
    func noCredentials() async throws {
        try await withTemporaryDirectory { home in
            let outcome = try await HoistBinary.run(["whoami", "--region", "us-east-1"], environment: ["HOME": home.path])
            #expect(outcome.status == 1)
            #expect(outcome.standardError == "error: \(CredentialMessage.none)\n")
        }
    }

    @Test("no region: exit 1 naming the three ways to set it")
    func noRegion() async throws {
        try await withTemporaryDirectory { home in
            let outcome = try await HoistBinary.run(["whoami"], environment: ["HOME": home.path])
            #expect(outcome.status == 1)
            #expect(outcome.standardError.contains("no AWS region: pass --region, set AWS_REGION"))
        }
    }
}

enum CredentialMessage {
    static let none =
        "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, choose a profile with --profile or AWS_PROFILE, or run where container or instance credentials exist"
}
