import AsyncHTTPTransport
import AWSCredentialChain
import AWSIAM
import AWSSigV4
import AWSSigV4BoringSSL
import AWSSTS
import AWSTransport
import Foundation
import HoistTestSupport
import Logging
import Testing

/// CI logins (OIDC): STS `AssumeRoleWithWebIdentity`, unsigned, from the environment or a profile.
@Suite("web identity against moto")
struct WebIdentityTests {
    let logger = Logger(label: "test")

    /// A role `deployer` that may do anything, as a CI role would, and its ARN.
    func makeRole(_ moto: MotoServer) async throws -> String {
        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}"#
        let iam = IAMClient(client: moto.client())
        let role = try await iam.createRole(CreateRoleInput(roleName: "deployer", assumeRolePolicyDocument: trust), logger: logger)
        try await moto.attach(policy: "arn:aws:iam::aws:policy/AdministratorAccess", toRole: "deployer")
        return role.arn
    }

    func identity(_ provider: some CredentialProvider, _ environment: [String: String]) async throws -> CallerIdentity {
        let client = AWSClient(transport: AsyncHTTPClientTransport.shared, credentialProvider: provider, endpoints: EndpointResolver(region: "us-east-1", environment: environment), signing: .boringSSL)
        return try await STSClient(client: client).getCallerIdentity(logger: logger)
    }

    /// The web identity calls moto received, with whether each was signed and the token it carried.
    func webIdentityCalls(_ moto: MotoServer) throws -> [(signed: Bool?, token: String?)] {
        try moto.requests().filter { $0.action == "AssumeRoleWithWebIdentity" }.map { ($0.signed, $0.parameters?["WebIdentityToken"]) }
    }

    @Test("from AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE: unsigned, the file's token, the session name given")
    func fromEnvironment() async throws {
        try await withMotoServer { moto in
            let role = try await makeRole(moto)
            try await withTemporaryDirectory { home in
                try writeFile("eyJ.ci-token.sig\n", to: "token", in: home)
                let environment = [
                    "HOME": home.path, "AWS_ENDPOINT_URL": moto.endpoint, "AWS_EC2_METADATA_DISABLED": "true", "AWS_ROLE_ARN": role,
                    "AWS_WEB_IDENTITY_TOKEN_FILE": home.appendingPathComponent("token").path, "AWS_ROLE_SESSION_NAME": "ci-run",
                ]
                let chain = CredentialChain(environment: environment, region: "us-east-1", logger: logger)
                #expect(try await identity(chain, environment).arn == "arn:aws:sts::\(moto.accountID):assumed-role/deployer/ci-run")
                #expect(try await chain.source() == "web identity")
                let calls = try webIdentityCalls(moto)
                #expect(calls.count == 1)
                #expect(calls.first?.signed == false && calls.first?.token == "eyJ.ci-token.sig")
            }
        }
    }

    @Test("from a profile's web_identity_token_file and role_arn")
    func fromProfile() async throws {
        try await withMotoServer { moto in
            let role = try await makeRole(moto)
            try await withTemporaryDirectory { home in
                try writeFile("profile-token", to: "token", in: home)
                try writeFile(
                    "[profile ci]\nrole_arn = \(role)\nweb_identity_token_file = \(home.appendingPathComponent("token").path)\nrole_session_name = from-profile\n",
                    to: ".aws/config", in: home)
                let environment = ["HOME": home.path, "AWS_ENDPOINT_URL": moto.endpoint, "AWS_EC2_METADATA_DISABLED": "true"]
                let chain = CredentialChain(environment: environment, profile: "ci", region: "us-east-1", logger: logger)
                #expect(try await identity(chain, environment).arn == "arn:aws:sts::\(moto.accountID):assumed-role/deployer/from-profile")
                #expect(try await chain.source() == "web identity, profile ci")
                #expect(try webIdentityCalls(moto).map(\.token) == ["profile-token"])
            }
        }
    }

    @Test("the token file is read again at each refresh (CI rotates it); a missing file is one line")
    func rereadsToken() async throws {
        try await withMotoServer { moto in
            let role = try await makeRole(moto)
            try await withTemporaryDirectory { home in
                let file = home.appendingPathComponent("token")
                try writeFile("first-token", to: "token", in: home)
                let now = LockedBox(Date())
                let environment = ["AWS_ENDPOINT_URL": moto.endpoint]
                let provider = CredentialChain.webIdentityProvider(
                    AssumeRoleInput(roleARN: role, roleSessionName: "rotating"), tokenFile: file.path, region: "us-east-1", environment: environment, logger: logger,
                    now: { now.value })
                let first = try await provider.credentials()
                try writeFile("second-token", to: "token", in: home)
                #expect(try await provider.credentials() == first, "within their lifetime the credentials are kept")
                now.mutate { $0 += 2 * 3600 }
                let second = try await provider.credentials()
                #expect(second != first)
                #expect(try webIdentityCalls(moto).map(\.token) == ["first-token", "second-token"])

                try FileManager.default.removeItem(at: file)
                now.mutate { $0 += 2 * 3600 }
                do {
                    _ = try await provider.credentials()
                    Issue.record("a missing token file gave credentials")
                } catch {
                    #expect("\(error)".hasPrefix("cannot read the web identity token file \(file.path) (AWS_WEB_IDENTITY_TOKEN_FILE or web_identity_token_file): "))
                }
            }
        }
    }
}
