import Foundation

/// IAM Identity Center's portal (`GetRoleCredentials`) and OIDC token service (`CreateToken`, refresh
/// grant) as the 2019-06-10 models shape them, for tests run through `withTestHTTPServer`: moto has
/// neither. Access tokens in `validTokens` are signed-in users; `refreshToken` is what `aws sso login`
/// cached, exchanged for `refreshedAccessToken` (valid from then on) and a rotated `nextRefreshToken`.
package struct SSOPortal: Sendable {
    package var credentials: (accessKeyID: String, secretAccessKey: String)
    package var validTokens: Set<String>
    package var refreshToken = "refresh-1"
    package var refreshedAccessToken = "refreshed-token"
    package var nextRefreshToken = "refresh-2"

    package init(accessKeyID: String, secretAccessKey: String, validTokens: Set<String>) {
        credentials = (accessKeyID, secretAccessKey)
        self.validTokens = validTokens
    }

    package var handler: @Sendable (RecordedRequest, Int) async -> CannedResponse {
        let portal = self
        return { request, _ in portal.answer(request) }
    }

    func answer(_ request: RecordedRequest) -> CannedResponse {
        if request.method == "GET", request.uri.hasPrefix("/federation/credentials?") {
            guard let token = request.header("x-amz-sso_bearer_token"), validTokens.contains(token) || token == refreshedAccessToken else {
                return error(401, "UnauthorizedException", "Session token not found or invalid")
            }
            let expiration = Int64((Date().timeIntervalSince1970 + 3600) * 1000)
            return json(
                #"{"roleCredentials":{"accessKeyId":"\#(credentials.accessKeyID)","secretAccessKey":"\#(credentials.secretAccessKey)","sessionToken":null,"expiration":\#(expiration)}}"#)
        }
        if request.method == "POST", request.uri == "/token" {
            let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: String] ?? [:]
            guard body["grantType"] == "refresh_token", body["refreshToken"] == refreshToken, body["clientId"] != nil, body["clientSecret"] != nil else {
                return error(400, "InvalidGrantException", "Invalid grant provided")
            }
            return json(#"{"accessToken":"\#(refreshedAccessToken)","expiresIn":3600,"refreshToken":"\#(nextRefreshToken)","tokenType":"Bearer"}"#)
        }
        return error(404, "ResourceNotFoundException", "no such operation")
    }

    private func json(_ body: String) -> CannedResponse {
        CannedResponse(headers: [(name: "Content-Type", value: "application/json")], body: body)
    }

    /// rest-json errors: the code in `x-amzn-ErrorType`, the message in the body.
    private func error(_ status: Int, _ code: String, _ message: String) -> CannedResponse {
        CannedResponse(
            status: status, headers: [(name: "Content-Type", value: "application/json"), (name: "x-amzn-ErrorType", value: code)],
            body: #"{"message":"\#(message)"}"#)
    }
}
