import AWSCredentialChain
import AWSSigV4
import AWSTransport
import Foundation
import HoistTestSupport
import Logging
import Testing

@Suite("Credential chain")
struct CredentialChainTests {
    let logger = Logger(label: "test")
    /// Keeps every test off the real instance metadata address.
    let noIMDS = ["AWS_EC2_METADATA_DISABLED": "true"]

    func chain(_ environment: [String: String], profile: String? = nil) -> CredentialChain {
        CredentialChain(environment: environment, profile: profile, region: "us-east-1", logger: logger)
    }

    @Test("environment variables come first")
    func environment() async throws {
        try await withTemporaryDirectory { home in
            try writeFile("[default]\naws_access_key_id = FROMFILE\naws_secret_access_key = s\n", to: ".aws/credentials", in: home)
            let chain = chain(
                noIMDS.merging(["HOME": home.path, "AWS_ACCESS_KEY_ID": "AKENV", "AWS_SECRET_ACCESS_KEY": "SECRET", "AWS_SESSION_TOKEN": "TOKEN"]) { $1 })
            #expect(try await chain.credentials() == AWSCredentials(accessKeyID: "AKENV", secretAccessKey: "SECRET", sessionToken: "TOKEN"))
            #expect(try await chain.source() == "environment")
        }
    }

    @Test("half of the environment pair is an error naming the missing half")
    func halfEnvironment() async throws {
        await #expect(throws: CredentialError.incompleteEnvironment(missing: "AWS_SECRET_ACCESS_KEY")) {
            try await chain(noIMDS.merging(["AWS_ACCESS_KEY_ID": "AK", "HOME": "/nonexistent"]) { $1 }).credentials()
        }
    }

    @Test("profiles from the credentials and config files of HOME")
    func profiles() async throws {
        try await withTemporaryDirectory { home in
            try writeFile(
                """
                [default]
                aws_access_key_id = AKDEFAULT
                aws_secret_access_key = default-secret
                # a comment
                [dev]
                aws_access_key_id=AKDEV
                aws_secret_access_key=dev-secret
                aws_session_token=dev-token
                [broken]
                aws_access_key_id = AKBROKEN
                """, to: ".aws/credentials", in: home)
            try writeFile("[profile dev]\nregion = eu-west-3\n[profile loop-a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = loop-b\n[profile loop-b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = loop-a\n", to: ".aws/config", in: home)
            let environment = noIMDS.merging(["HOME": home.path]) { $1 }
            #expect(try await chain(environment).credentials().accessKeyID == "AKDEFAULT")
            #expect(try await chain(environment.merging(["AWS_PROFILE": "dev"]) { $1 }).credentials() == AWSCredentials(accessKeyID: "AKDEV", secretAccessKey: "dev-secret", sessionToken: "dev-token"))
            #expect(try await chain(environment, profile: "dev").source() == "profile dev")
            #expect(try RegionResolver.resolve(flag: nil, environment: environment, profile: "dev") == "eu-west-3")
            await #expect(throws: CredentialError.incompleteProfile("broken", missing: "aws_secret_access_key")) {
                try await chain(environment, profile: "broken").credentials()
            }
            await #expect(throws: CredentialError.profileNotFound("nope", files: ["\(home.path)/.aws/credentials", "\(home.path)/.aws/config"])) {
                try await chain(environment, profile: "nope").credentials()
            }
            await #expect(throws: CredentialError.sourceProfileCycle(["loop-a", "loop-b", "loop-a"])) {
                try await chain(environment, profile: "loop-a").credentials()
            }
        }
    }

    @Test("container credentials from a loopback agent, with its authorization token")
    func container() async throws {
        try await withTestHTTPServer(handler: { request, _ in
            guard request.uri == "/v2/credentials/abc", request.header("Authorization") == "agent-token" else { return CannedResponse(status: 403) }
            return CannedResponse(body: #"{"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"container-secret","Token":"container-token","Expiration":"2099-01-01T00:00:00Z"}"#)
        }) { server in
            let environment = noIMDS.merging([
                "HOME": "/nonexistent", "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.baseURL + "/v2/credentials/abc", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "agent-token",
                // Generous: CPU-heavy suites running beside this one can delay a loopback answer by seconds.
                "AWS_METADATA_SERVICE_TIMEOUT": "60",
            ]) { $1 }
            let chain = chain(environment)
            #expect(try await chain.credentials() == AWSCredentials(accessKeyID: "ASIACONTAINER", secretAccessKey: "container-secret", sessionToken: "container-token"))
            _ = try await chain.credentials()
            #expect(server.requests.count == 1, "unexpired credentials are cached")
            #expect(try await chain.source() == "container")
        }
    }

    @Test("a credential document that does not parse, or an error answer, never has its body quoted")
    func containerBodyWithheld() async throws {
        try await withTestHTTPServer(handler: { _, count in
            count == 1
                ? CannedResponse(body: #"{"AccessKeyId":"ASIA","SecretAccessKey":"LEAKED-SECRET","Token":"LEAKED-TOKEN""#)
                : CannedResponse(status: 500, body: #"{"SecretAccessKey":"LEAKED-SECRET"}"#)
        }) { server in
            let environment = noIMDS.merging(["HOME": "/nonexistent", "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.baseURL + "/creds", "AWS_METADATA_SERVICE_TIMEOUT": "60"]) { $1 }
            for _ in 1...2 {
                do {
                    _ = try await chain(environment).credentials()
                    Issue.record("a broken document gave credentials")
                } catch {
                    #expect(!"\(error)".contains("LEAKED"), "\(error)")
                }
            }
        }
    }

    @Test("a plain-http container URI that is not local is refused")
    func containerNotLocal() async {
        await #expect(throws: CredentialError.containerEndpointNotAllowed("http://example.com/creds")) {
            try await chain(noIMDS.merging(["HOME": "/nonexistent", "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://example.com/creds"]) { $1 }).credentials()
        }
    }

    @Test("IMDSv2: session token, role name, then the role's keys")
    func imds() async throws {
        try await withTestHTTPServer(handler: { request, _ in
            switch (request.method, request.uri) {
            case ("PUT", "/latest/api/token"):
                return request.header("X-aws-ec2-metadata-token-ttl-seconds") == "21600" ? CannedResponse(body: "imds-token") : CannedResponse(status: 400)
            case (_, _) where request.header("X-aws-ec2-metadata-token") != "imds-token":
                return CannedResponse(status: 401)
            case ("GET", "/latest/meta-data/iam/security-credentials/"):
                return CannedResponse(body: "hoist-role\n")
            case ("GET", "/latest/meta-data/iam/security-credentials/hoist-role"):
                return CannedResponse(body: #"{"Code":"Success","AccessKeyId":"ASIAIMDS","SecretAccessKey":"imds-secret","Token":"imds-session","Expiration":"2099-01-01T00:00:00Z"}"#)
            default:
                return CannedResponse(status: 404)
            }
        }) { server in
            // A generous timeout: on a loaded CI machine a loopback answer can take longer than the default second.
            let chain = chain(["HOME": "/nonexistent", "AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL, "AWS_METADATA_SERVICE_TIMEOUT": "120"])
            let credentials = try await chain.credentials()
            #expect(credentials == AWSCredentials(accessKeyID: "ASIAIMDS", secretAccessKey: "imds-secret", sessionToken: "imds-session"))
            #expect(server.requests.map(\.method) == ["PUT", "GET", "GET"])
        }
    }

    @Test("nothing anywhere is 'no credentials', with the ways to provide them")
    func nothing() async throws {
        try await withTemporaryDirectory { home in
            await #expect(throws: CredentialError.noCredentials) {
                try await chain(["HOME": home.path, "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:1"]).credentials()
            }
        }
        #expect(CredentialError.noCredentials.description.contains("AWS_ACCESS_KEY_ID"))
    }

    @Test("expiring credentials are fetched again five minutes before they expire")
    func refresh() async throws {
        let fetches = LockedBox(0)
        let clock = LockedBox(Date(timeIntervalSince1970: 1_000_000))
        let provider = RefreshingCredentialProvider(now: { clock.value }) {
            let count = fetches.mutate { $0 += 1; return $0 }
            return ExpiringCredentials(credentials: AWSCredentials(accessKeyID: "K\(count)", secretAccessKey: "s"), expiration: Date(timeIntervalSince1970: 1_000_000 + 3600))
        }
        #expect(try await provider.credentials().accessKeyID == "K1")
        clock.mutate { $0 = Date(timeIntervalSince1970: 1_000_000 + 3000) }
        #expect(try await provider.credentials().accessKeyID == "K1")
        clock.mutate { $0 = Date(timeIntervalSince1970: 1_000_000 + 3400) }
        #expect(try await provider.credentials().accessKeyID == "K2")
    }

    @Test("region: flag, then AWS_REGION, then AWS_DEFAULT_REGION; bad names refused")
    func region() throws {
        #expect(try RegionResolver.resolve(flag: "eu-west-1", environment: ["AWS_REGION": "us-west-2"], profile: nil) == "eu-west-1")
        #expect(try RegionResolver.resolve(flag: nil, environment: ["AWS_REGION": "us-west-2", "AWS_DEFAULT_REGION": "eu-central-1"], profile: nil) == "us-west-2")
        #expect(try RegionResolver.resolve(flag: nil, environment: ["AWS_DEFAULT_REGION": "us-gov-west-1", "HOME": "/nonexistent"], profile: nil) == "us-gov-west-1")
        #expect(throws: RegionResolver.RegionError.invalid("US_EAST_1", from: "--region")) {
            try RegionResolver.resolve(flag: "US_EAST_1", environment: [:], profile: nil)
        }
        #expect(throws: RegionResolver.RegionError.missing) {
            try RegionResolver.resolve(flag: nil, environment: ["HOME": "/nonexistent"], profile: nil)
        }
    }
}
