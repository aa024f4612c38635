import AWSCredentialChain
import AWSIAM
import AWSSTS
import AWSSigV4
import Foundation
import AWSTransport
import AsyncHTTPTransport
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
            try await iam.attachRolePolicy("deployer", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess", logger: logger)
            try await withTemporaryDirectory { home in
                try writeFile(
                    "[admin]\naws_access_key_id = \(moto.credentials.accessKeyID)\naws_secret_access_key = \(moto.credentials.secretAccessKey)\n",
                    to: ".aws/credentials", in: home)
                try writeFile("[profile deploy]\nrole_arn = \(role.arn)\nsource_profile = admin\nrole_session_name = hoist-test\n", to: ".aws/config", in: home)
                let environment = ["HOME": home.path, "AWS_ENDPOINT_URL": moto.endpoint, "AWS_EC2_METADATA_DISABLED": "true"]
                let chain = CredentialChain(environment: environment, profile: "deploy", region: "us-east-1", logger: logger)
                let client = AWSClient(transport: AsyncHTTPClientTransport.shared, credentialProvider: chain, endpoints: EndpointResolver(region: "us-east-1", environment: environment))
                let identity = try await STSClient(client: client).getCallerIdentity(logger: logger)
                #expect(identity.arn == "arn:aws:sts::\(moto.accountID):assumed-role/deployer/hoist-test")
                let credentials = try await chain.credentials()
                #expect(credentials.sessionToken != nil)
                #expect(credentials.accessKeyID != moto.credentials.accessKeyID)
            }
        }
    }
}
