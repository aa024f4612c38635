import AWSSSO
import AWSSigV4
import AWSTransport
import Foundation
import Logging

/// Credentials of an IAM Identity Center (SSO) profile, from the login `aws sso login` left behind: the
/// access token cached in `~/.aws/sso/cache/<sha1>.json` is exchanged for the role's keys with the portal's
/// `GetRoleCredentials`. A token that ends within 15 minutes is refreshed first with the cached refresh token
/// (`sso-session` profiles only, as the AWS CLI does) and the cache written back as the AWS CLI writes it.
/// Nothing here logs a token.
struct SSOLogin {
    var profile: String
    var startURL: String
    var region: String
    var accountID: String
    var roleName: String
    /// The `[sso-session NAME]` this profile uses; `nil` for a legacy profile (its token cannot be refreshed).
    var sessionName: String?
    var cacheDirectory: String
    var environment: [String: String]
    var logger: Logger
    var now: @Sendable () -> Date

    static let refreshWindow: TimeInterval = 15 * 60

    /// The cache file's name: SHA-1 of the session name, or of the start URL for a legacy profile.
    var cacheFile: String {
        "\(cacheDirectory)/\(LoginCacheFile.name(for: sessionName ?? startURL))"
    }

    func fetch() async throws -> ExpiringCredentials {
        var token = try loadToken()
        if let sessionName, let expiresAt = token.expiresAt, expiresAt.timeIntervalSince(now()) < Self.refreshWindow, let refreshed = try await refresh(token, sessionName) {
            token = refreshed
        }
        guard let accessToken = token.values["accessToken"] as? String, let expiresAt = token.expiresAt, expiresAt > now() else {
            throw CredentialError.ssoLoginNeeded(profile: profile)
        }
        let role: RoleCredentials
        do {
            role = try await SSOClient(client: .unsigned(region: region, environment: environment)).getRoleCredentials(accountID: accountID, roleName: roleName, accessToken: accessToken, logger: logger)
        } catch let error as AWSServiceError where error.code == "UnauthorizedException" {
            throw CredentialError.ssoLoginNeeded(profile: profile)
        }
        return ExpiringCredentials(
            credentials: AWSCredentials(accessKeyID: role.accessKeyId, secretAccessKey: role.secretAccessKey, sessionToken: role.sessionToken),
            expiration: Date(timeIntervalSince1970: Double(role.expiration) / 1000))
    }

    /// The cached token file's fields, kept whole so a rewrite loses none the AWS CLI wrote.
    struct CachedToken {
        var values: [String: Any]
        var expiresAt: Date? { (values["expiresAt"] as? String).flatMap(ExpiringCredentials.parseDate) }
    }

    private func loadToken() throws -> CachedToken {
        guard let data = FileManager.default.contents(atPath: cacheFile),
            let values = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { throw CredentialError.ssoLoginNeeded(profile: profile) }
        return CachedToken(values: values)
    }

    /// `nil` when the cache cannot refresh (no refresh token, registration expired) or the service refuses:
    /// the token as it is decides then, and an expired one asks for a new login.
    private func refresh(_ token: CachedToken, _ sessionName: String) async throws -> CachedToken? {
        guard let clientID = token.values["clientId"] as? String, let clientSecret = token.values["clientSecret"] as? String,
            let refreshToken = token.values["refreshToken"] as? String,
            let registrationEnds = (token.values["registrationExpiresAt"] as? String).flatMap(ExpiringCredentials.parseDate), registrationEnds > now()
        else { return nil }
        let output: CreateTokenOutput
        do {
            output = try await SSOOIDCClient(client: .unsigned(region: region, environment: environment)).refreshToken(clientID: clientID, clientSecret: clientSecret, refreshToken: refreshToken, logger: logger)
        } catch let error as AWSServiceError {
            logger.debug("sso token refresh refused", metadata: ["code": "\(error.code)"])
            return nil
        }
        var values = token.values
        values["startUrl"] = startURL
        values["region"] = region
        values["accessToken"] = output.accessToken
        values["expiresAt"] = ExpiringCredentials.format(now().addingTimeInterval(TimeInterval(output.expiresIn)))
        if let rotated = output.refreshToken { values["refreshToken"] = rotated }
        try write(values)
        return CachedToken(values: values)
    }

    /// As the AWS CLI writes the cache: owner-only, replaced whole.
    private func write(_ values: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: values, options: [.sortedKeys])
        guard LoginCacheFile.write(data, to: cacheFile) else { throw CredentialError.cacheUnwritable(path: cacheFile) }
    }
}
