import Foundation
import LambdaContract

/// What `hoist local` checks before a request reaches the function, as the deployed API's routes do: the
/// `$default` route behind hoist.yml's `auth`, each public route open. A refusal is API Gateway's answer
/// (401 `{"message":"Unauthorized"}` with `www-authenticate` for a JWT route, 403 `{"message":"Forbidden"}` for
/// an IAM one), and the function never runs.
package struct LocalAuthorization: Sendable {
    package enum Check: Sendable {
        case open
        case jwt(JWTVerifier)
        /// SigV4-signed by the credentials `hoist local` runs with (the only ones it can verify).
        case iam(SigV4Check)
    }

    package var check: Check
    /// `METHOD /path` route keys left open.
    package var publicRoutes: [String]

    package init(check: Check, publicRoutes: [String] = []) {
        self.check = check
        self.publicRoutes = publicRoutes
    }

    package static let open = LocalAuthorization(check: .open)

    /// What the route's authorizer says: the route key matched and what the function is told of the caller, or
    /// the answer instead of the function's.
    package enum Decision: Sendable {
        case allow(routeKey: String, authorizer: APIGatewayV2Request.RequestContext.Authorizer?)
        case deny(LoopbackHTTPServer.Response)
    }

    package func decide(_ request: LoopbackHTTPServer.Request, now: Date = Date()) async -> Decision {
        let path = GatewayEvent.split(request.uri).path
        if let route = publicRoutes.first(where: { Self.matches($0, method: request.method, path: path) }) { return .allow(routeKey: route, authorizer: nil) }
        switch check {
        case .open:
            return .allow(routeKey: "$default", authorizer: nil)
        case .jwt(let verifier):
            guard let header = request.headers.first(where: { $0.name.lowercased() == "authorization" })?.value else {
                return .deny(Self.unauthorized("no token: send Authorization: Bearer <token>"))
            }
            let token = header.lowercased().hasPrefix("bearer ") ? String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces) : header
            do throws(JWTVerifier.Refusal) {
                let claims = try await verifier.verify(token, now: now)
                return .allow(routeKey: "$default", authorizer: .init(jwt: .init(claims: claims, scopes: claims["scope"].map { $0.split(separator: " ").map(String.init) })))
            } catch {
                return .deny(Self.unauthorized(error.description))
            }
        case .iam(let sigV4):
            guard let accessKey = sigV4.verify(request) else {
                return .deny(LoopbackHTTPServer.Response(status: 403, headers: [(name: "content-type", value: "application/json")], body: Array(#"{"message":"Forbidden"}"#.utf8)))
            }
            return .allow(routeKey: "$default", authorizer: .init(iam: .init(accessKey: accessKey)))
        }
    }

    /// A route key `GET /health` (or `ANY /path`) against a request; `{name}` matches one path segment and
    /// `{name+}` the rest, as API Gateway's route keys do.
    static func matches(_ route: String, method: String, path: String) -> Bool {
        let parts = route.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0] == "ANY" || parts[0] == method.uppercased() else { return false }
        let wanted = parts[1].split(separator: "/", omittingEmptySubsequences: false), given = path.split(separator: "/", omittingEmptySubsequences: false)
        for (index, segment) in wanted.enumerated() {
            if segment.hasPrefix("{"), segment.hasSuffix("+}") { return given.count > index }
            guard index < given.count else { return false }
            if segment.hasPrefix("{"), segment.hasSuffix("}") { if given[index].isEmpty { return false } } else if segment != given[index] { return false }
        }
        return wanted.count == given.count
    }

    private static func unauthorized(_ why: String) -> LoopbackHTTPServer.Response {
        LoopbackHTTPServer.Response(
            status: 401,
            headers: [
                (name: "content-type", value: "application/json"),
                (name: "www-authenticate", value: #"Bearer error="invalid_token" error_description="\#(why.replacingOccurrences(of: "\"", with: "'"))""#),
            ],
            body: Array(#"{"message":"Unauthorized"}"#.utf8))
    }
}
