import AWSIAM
import AWSSigV4
import Crypto
import Foundation
import HoistTestSupport
import Logging
import Testing

/// Logins real users have, through the binary: a CI's web identity, a `credential_process`, an IAM
/// Identity Center (SSO) login and a role behind MFA.
@Suite("hoist deploy with each login")
struct LoginTests {
    @Test(
        "whoami names the source; deploy and destroy succeed",
        arguments: ["web identity", "process", "sso profile dev", "profile guarded"])
    func deployAndDestroy(_ source: String) async throws {
        try await withMotoServer { moto in
            let portal = SSOPortal(
                accessKeyID: moto.credentials.accessKeyID,
                secretAccessKey: moto.credentials.secretAccessKey, validTokens: ["good-token"])
            try await withTestHTTPServer(handler: portal.handler) { server in
                try await withTemporaryDirectory { directory in
                    try await deploy(with: source, moto: moto, portal: server, in: directory)
                }
            }
        }
    }

    func deploy(with source: String, moto: MotoServer, portal: TestHTTPServer, in directory: URL)
        async throws
    {
        var environment = ["AWS_ENDPOINT_URL": moto.endpoint, "AWS_REGION": "us-east-1"]
        let project = ["process": "process", "web identity": "webid", "sso profile dev": "sso", "profile guarded": "mfa"][source] ?? "login"
        var firstCommand: [String] = []
        if source == "profile guarded" {
            // Only whoami gets the code; deploy and destroy use the credentials it cached.
            let iam = IAMClient(client: moto.client())
            let logger = Logger(label: "test")
            let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::\#(moto.accountID):user/hoist-admin"},"Action":"sts:AssumeRole"}]}"#
            let role = try await iam.createRole(CreateRoleInput(roleName: "guarded", assumeRolePolicyDocument: trust), logger: logger)
            try await moto.attach(policy: "arn:aws:iam::aws:policy/AdministratorAccess", toRole: "guarded")
            try writeFile(
                "[admin]\naws_access_key_id = \(moto.credentials.accessKeyID)\naws_secret_access_key = \(moto.credentials.secretAccessKey)\n",
                to: ".aws/credentials", in: directory)
            try writeFile(
                "[profile guarded]\nrole_arn = \(role.arn)\nsource_profile = admin\nmfa_serial = arn:aws:iam::\(moto.accountID):mfa/alice\n",
                to: ".aws/config", in: directory)
            environment["HOME"] = directory.path
            environment["AWS_PROFILE"] = "guarded"
            firstCommand = ["--mfa-code", "123456"]
        } else if source == "sso profile dev" {
            try writeFile(
                """
                [profile dev]
                sso_session = corp
                sso_account_id = \(moto.accountID)
                sso_role_name = Deployer
                [sso-session corp]
                sso_start_url = https://example.awsapps.com/start
                sso_region = us-east-1

                """, to: ".aws/config", in: directory)
            let expires = Date().addingTimeInterval(3600).formatted(.iso8601)
            let key = Insecure.SHA1.hash(data: Array("corp".utf8)).map { String(format: "%02x", $0) }
                .joined()
            try writeFile(
                #"{"accessToken": "good-token", "expiresAt": "\#(expires)"}"#,
                to: ".aws/sso/cache/\(key).json", in: directory)
            environment["HOME"] = directory.path
            environment["AWS_PROFILE"] = "dev"
            environment["AWS_ENDPOINT_URL_SSO"] = portal.baseURL
        } else if source == "process" {
            let script = Repository.root.appendingPathComponent(
                "Tests/AWSTransportTests/credential_process.py"
            ).path
            let counter = directory.appendingPathComponent("runs").path
            try writeFile(
                "[default]\ncredential_process = \(Repository.python) \(script) keys \(counter) \(moto.credentials.accessKeyID) \(moto.credentials.secretAccessKey)\n",
                to: "config", in: directory)
            environment["AWS_CONFIG_FILE"] = directory.appendingPathComponent("config").path
        } else {
            let iam = IAMClient(client: moto.client())
            let logger = Logger(label: "test")
            let trust =
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}"#
            let role = try await iam.createRole(
                CreateRoleInput(roleName: "ci-deployer", assumeRolePolicyDocument: trust), logger: logger)
            try await moto.attach(policy: "arn:aws:iam::aws:policy/AdministratorAccess", toRole: "ci-deployer")
            try writeFile("ci-token", to: "token", in: directory)
            environment["AWS_ROLE_ARN"] = role.arn
            environment["AWS_WEB_IDENTITY_TOKEN_FILE"] = directory.appendingPathComponent("token").path
        }
        let whoami = try await HoistBinary.run(["whoami", "--json", "--debug"] + firstCommand, environment: environment)
        #expect(whoami.status == 0, "\(whoami.standardError)")
        let identity =
            try JSONSerialization.jsonObject(with: Data(whoami.standardOutput.utf8)) as? [String: String]
        #expect(identity?["credentials"] == (source == "process" ? "profile default" : source))
        #expect((identity?["expires"] != nil) == (source != "process"), "temporary credentials say when they end: \(whoami.standardOutput)")

        try writeFile("project_name: \(project)\n", to: "hoist.yml", in: directory)
        let config = directory.appendingPathComponent("hoist.yml").path
        let deploy = try await HoistBinary.run(
            ["deploy", "--debug", "--config", config], environment: environment)
        #expect(deploy.status == 0, "\(deploy.standardError)")
        let destroy = try await HoistBinary.run(
            ["destroy", "--yes", "--debug", "--config", config], environment: environment)
        #expect(destroy.status == 0, "\(destroy.standardError)")
        // --debug logs every call's canonical request: no secret key, session token, bearer or web identity
        // token may be in it (moto's session tokens all start with its SESSION_TOKEN_PREFIX).
        let printed = [whoami, deploy, destroy].map { $0.standardOutput + $0.standardError }.joined()
        #expect(printed.contains("canonical-request"), "--debug logged the signing")
        for secret in [moto.credentials.secretAccessKey, "good-token", "ci-token", "FQoGZXIvYXdzE"] {
            #expect(!printed.contains(secret), "\(source): --debug output holds '\(secret.prefix(6))…'")
        }
        for suffix in [".json", ".json.backup", ".lock"] {
            try? FileManager.default.removeItem(
                at: Repository.root.appendingPathComponent("state/\(project)-dev\(suffix)"))
        }
    }
}
