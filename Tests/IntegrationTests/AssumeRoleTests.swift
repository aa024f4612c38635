import AsyncHTTPTransport
import AWSCredentialChain
import AWSIAM
import AWSSigV4
import AWSSigV4BoringSSL
import AWSSTS
import AWSTransport
import Crypto
import Foundation
import HoistTestSupport
import Logging
import Testing

@Suite("assume-role profiles against moto")
struct AssumeRoleTests {
    let logger = Logger(label: "test")

    @Test("a profile with role_arn and source_profile signs as the assumed role")
    func assumeRole() async throws {
        try await withMotoServer { moto in
            let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::\#(moto.accountID):user/hoist-admin"},"Action":"sts:AssumeRole"}]}"#
            let iam = IAMClient(client: moto.client())
            let role = try await iam.createRole(CreateRoleInput(roleName: "deployer", assumeRolePolicyDocument: trust), logger: logger)
            try await moto.attach(policy: "arn:aws:iam::aws:policy/AdministratorAccess", toRole: "deployer")
            try await withTemporaryDirectory { home in
                try writeFile(
                    "[admin]\naws_access_key_id = \(moto.credentials.accessKeyID)\naws_secret_access_key = \(moto.credentials.secretAccessKey)\n",
                    to: ".aws/credentials", in: home)
                try writeFile("[profile deploy]\nrole_arn = \(role.arn)\nsource_profile = admin\nrole_session_name = hoist-test\n", to: ".aws/config", in: home)
                let environment = ["HOME": home.path, "AWS_ENDPOINT_URL": moto.endpoint, "AWS_EC2_METADATA_DISABLED": "true"]
                let chain = CredentialChain(environment: environment, profile: "deploy", region: "us-east-1", logger: logger)
                let client = AWSClient(transport: AsyncHTTPClientTransport.shared, credentialProvider: chain, endpoints: EndpointResolver(region: "us-east-1", environment: environment), signing: .boringSSL)
                let identity = try await STSClient(client: client).getCallerIdentity(logger: logger)
                #expect(identity.arn == "arn:aws:sts::\(moto.accountID):assumed-role/deployer/hoist-test")
                let credentials = try await chain.credentials()
                #expect(credentials.sessionToken != nil)
                #expect(credentials.accessKeyID != moto.credentials.accessKeyID)
            }
        }
    }

    @Test("mfa_serial: the code goes with AssumeRole once; the credentials are cached in ~/.aws/cli/cache as the AWS CLI caches them, so the next run asks nothing")
    func mfa() async throws {
        try await withMotoServer { moto in
            let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::\#(moto.accountID):user/hoist-admin"},"Action":"sts:AssumeRole"}]}"#
            let iam = IAMClient(client: moto.client())
            let role = try await iam.createRole(CreateRoleInput(roleName: "guarded", assumeRolePolicyDocument: trust), logger: logger)
            try await moto.attach(policy: "arn:aws:iam::aws:policy/AdministratorAccess", toRole: "guarded")
            let serial = "arn:aws:iam::\(moto.accountID):mfa/alice"
            try await withTemporaryDirectory { home in
                try writeFile(
                    "[admin]\naws_access_key_id = \(moto.credentials.accessKeyID)\naws_secret_access_key = \(moto.credentials.secretAccessKey)\n",
                    to: ".aws/credentials", in: home)
                try writeFile("[profile guarded]\nrole_arn = \(role.arn)\nsource_profile = admin\nmfa_serial = \(serial)\n", to: ".aws/config", in: home)
                let environment = ["HOME": home.path, "AWS_ENDPOINT_URL": moto.endpoint, "AWS_EC2_METADATA_DISABLED": "true"]
                let asked = LockedBox<[String]>([])
                let chain = CredentialChain(environment: environment, profile: "guarded", region: "us-east-1", logger: logger) { device in
                    asked.mutate { $0.append(device) }
                    return "123456"
                }
                let first = try await chain.credentials()
                #expect(asked.value == [serial])
                let assumed = try moto.requests().filter { $0.action == "AssumeRole" }
                #expect(assumed.count == 1)
                #expect(assumed.first?.parameters?["SerialNumber"] == serial && assumed.first?.parameters?["TokenCode"] == "123456")

                // botocore's key: SHA-1 of json.dumps of the AssumeRole arguments, sorted.
                let key = Insecure.SHA1.hash(data: Array(#"{"RoleArn": "\#(role.arn)", "SerialNumber": "\#(serial)"}"#.utf8)).map { String(format: "%02x", $0) }.joined()
                let file = home.appendingPathComponent(".aws/cli/cache/\(key).json")
                let cached = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any]
                #expect((cached?["Credentials"] as? [String: Any])?["AccessKeyId"] as? String == first.accessKeyID)
                #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int == 0o600)

                let next = CredentialChain(environment: environment, profile: "guarded", region: "us-east-1", logger: logger)
                #expect(try await next.credentials() == first, "the next run reads the cache and asks for no code")
                #expect(try moto.requests().filter { $0.action == "AssumeRole" }.count == 1)

                try FileManager.default.removeItem(at: file)
                let uncached = CredentialChain(environment: environment, profile: "guarded", region: "us-east-1", logger: logger)
                await #expect(throws: CredentialError.mfaCodeNeeded(profile: "guarded", serial: serial)) { try await uncached.credentials() }
            }
        }
    }
}
