import AWSCredentialChain
import AWSSigV4
import Crypto
import Foundation
import HoistTestSupport
import Logging
import Testing

/// IAM Identity Center logins as `aws sso login` leaves them: a cached token in ~/.aws/sso/cache, for
/// `sso_session` and legacy profiles, against a loopback portal.
@Suite("SSO logins")
struct SSOLoginTests {
    let logger = Logger(label: "test")
    let startURL = "https://example.awsapps.com/start"

    static let config = """
        [profile dev]
        sso_session = corp
        sso_account_id = 111122223333
        sso_role_name = Deployer
        region = us-east-1

        [sso-session corp]
        sso_start_url = https://example.awsapps.com/start
        sso_region = us-east-1
        sso_registration_scopes = sso:account:access

        [profile old]
        sso_start_url = https://example.awsapps.com/start
        sso_region = us-east-1
        sso_account_id = 111122223333
        sso_role_name = Deployer

        """

    static func iso(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon).timeZone(separator: .omitted))
    }

    /// The cache file the AWS CLI writes for `key` (the session name, or a legacy profile's start URL).
    static func cacheFile(_ key: String, in home: URL) -> URL {
        let name = Insecure.SHA1.hash(data: Array(key.utf8)).map { String(format: "%02x", $0) }.joined()
        return home.appendingPathComponent(".aws/sso/cache/\(name).json")
    }

    func writeCache(_ fields: [String: String], key: String, in home: URL) throws {
        let file = Self.cacheFile(key, in: home)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: fields).write(to: file)
    }

    func withLogin(_ body: (URL, TestHTTPServer, [String: String]) async throws -> Void) async throws {
        let portal = SSOPortal(accessKeyID: "AKSSO", secretAccessKey: "sso-secret", validTokens: ["good-token"])
        try await withTestHTTPServer(handler: portal.handler) { server in
            try await withTemporaryDirectory { home in
                try writeFile(Self.config, to: ".aws/config", in: home)
                let environment = [
                    "HOME": home.path, "AWS_EC2_METADATA_DISABLED": "true", "AWS_ENDPOINT_URL_SSO": server.baseURL, "AWS_ENDPOINT_URL_SSO_OIDC": server.baseURL,
                ]
                try await body(home, server, environment)
            }
        }
    }

    @Test("sso_session and legacy profiles with a valid cached token get the role's keys; the token goes as a bearer header")
    func valid() async throws {
        try await withLogin { home, server, environment in
            let valid = ["startUrl": startURL, "region": "us-east-1", "accessToken": "good-token", "expiresAt": Self.iso(Date().addingTimeInterval(3600))]
            try writeCache(valid, key: "corp", in: home)
            try writeCache(valid, key: startURL, in: home)
            for profile in ["dev", "old"] {
                let chain = CredentialChain(environment: environment, profile: profile, region: "us-east-1", logger: logger)
                #expect(try await chain.credentials() == AWSCredentials(accessKeyID: "AKSSO", secretAccessKey: "sso-secret"))
                #expect(try await chain.source() == "sso profile \(profile)")
            }
            let calls = server.requests
            #expect(calls.count == 2)
            #expect(calls.allSatisfy { $0.uri == "/federation/credentials?account_id=111122223333&role_name=Deployer" && $0.header("x-amz-sso_bearer_token") == "good-token" })
            #expect(calls.allSatisfy { $0.header("authorization") == nil }, "unsigned")
        }
    }

    @Test("a token ending within 15 minutes is refreshed with the cached refresh token, and the cache written back as the AWS CLI writes it")
    func refreshable() async throws {
        try await withLogin { home, server, environment in
            try writeCache(
                [
                    "startUrl": startURL, "region": "us-east-1", "accessToken": "stale-token", "expiresAt": Self.iso(Date().addingTimeInterval(300)),
                    "clientId": "client-1", "clientSecret": "secret-1", "registrationExpiresAt": Self.iso(Date().addingTimeInterval(86400 * 30)), "refreshToken": "refresh-1",
                ], key: "corp", in: home)
            let chain = CredentialChain(environment: environment, profile: "dev", region: "us-east-1", logger: logger)
            #expect(try await chain.credentials().accessKeyID == "AKSSO")
            #expect(server.requests.map(\.uri) == ["/token", "/federation/credentials?account_id=111122223333&role_name=Deployer"])
            #expect(server.requests.last?.header("x-amz-sso_bearer_token") == "refreshed-token")
            let file = Self.cacheFile("corp", in: home)
            let cache = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: String]
            #expect(cache?["accessToken"] == "refreshed-token")
            #expect(cache?["refreshToken"] == "refresh-2")
            #expect(cache?["clientId"] == "client-1" && cache?["clientSecret"] == "secret-1" && cache?["startUrl"] == startURL)
            let expiresAt = try #require(cache?["expiresAt"].flatMap { try? Date($0, strategy: .iso8601) })
            #expect(abs(expiresAt.timeIntervalSinceNow - 3600) < 60)
            let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    @Test("an expired login that cannot be refreshed is one line naming the command", arguments: ["dev", "old"])
    func expired(_ profile: String) async throws {
        try await withLogin { home, server, environment in
            let expired = ["startUrl": startURL, "region": "us-east-1", "accessToken": "good-token", "expiresAt": Self.iso(Date().addingTimeInterval(-60))]
            try writeCache(expired, key: profile == "dev" ? "corp" : startURL, in: home)
            let chain = CredentialChain(environment: environment, profile: profile, region: "us-east-1", logger: logger)
            await #expect(throws: CredentialError.ssoLoginNeeded(profile: profile)) { try await chain.credentials() }
            #expect("\(CredentialError.ssoLoginNeeded(profile: profile))" == "the IAM Identity Center login of profile '\(profile)' is missing or expired; run: aws sso login --profile \(profile)")
            #expect(server.requests.isEmpty)
        }
    }

    @Test("a token the portal no longer accepts, or no cached login at all, asks for a login too")
    func refused() async throws {
        try await withLogin { home, _, environment in
            let chain = CredentialChain(environment: environment, profile: "dev", region: "us-east-1", logger: logger)
            await #expect(throws: CredentialError.ssoLoginNeeded(profile: "dev")) { try await chain.credentials() }
            try writeCache(["accessToken": "revoked-token", "expiresAt": Self.iso(Date().addingTimeInterval(3600))], key: "corp", in: home)
            let again = CredentialChain(environment: environment, profile: "dev", region: "us-east-1", logger: logger)
            await #expect(throws: CredentialError.ssoLoginNeeded(profile: "dev")) { try await again.credentials() }
        }
    }
}
