import AWSSigV4
import AWSSigV4BoringSSL
import AWSTransport
import AsyncHTTPTransport
import Foundation
import HoistEngine
import HoistLocal

extension ProjectContext {
    /// The checks of the deployed API's routes, for `hoist local` and `hoist invoke`: a JWT issuer's keys (a
    /// Cognito pool's from its endpoint, where the AWS settings point), or SigV4 by the credentials hoist runs with.
    func routeAuthorization(_ credentials: AWSCredentials) async throws -> LocalAuthorization {
        let context = self, api = spec.config.api
        switch api.auth {
        case nil:
            return .open
        case .iam:
            return LocalAuthorization(check: .iam(SigV4Check(credentials: credentials, signing: .boringSSL)), publicRoutes: api.publicRoutes)
        case .jwt(let issuer, let audience):
            let verifier = JWTVerifier(issuer: issuer, audience: audience) {
                let base = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
                let discovery = try JSONSerialization.jsonObject(with: Data(try await ProjectContext.get(base + "/.well-known/openid-configuration"))) as? [String: Any]
                guard let keys = discovery?["jwks_uri"] as? String else { throw HoistError.toolFailed(tool: issuer, problem: "its openid-configuration names no jwks_uri") }
                return try await ProjectContext.get(keys)
            }
            return LocalAuthorization(check: .jwt(verifier), publicRoutes: api.publicRoutes)
        case .cognito:
            guard let outputs = try await explained(context, { try await context.engine.outputs() }), let pool = outputs["userPoolID"],
                let client = outputs["userPoolClientID"], let issuer = outputs["issuer"]
            else { throw HoistError.userPoolNotDeployed(environment: context.spec.environment) }
            let endpoint = try context.aws.client.endpoints.endpoint(for: .cognitoIdentityProvider).description
            let verifier = JWTVerifier(issuer: issuer, audience: [client]) { try await ProjectContext.get("\(endpoint)/\(pool)/.well-known/jwks.json") }
            return LocalAuthorization(check: .jwt(verifier), publicRoutes: api.publicRoutes)
        }
    }

    /// A public document (an issuer's keys): its bytes on 200, else an error naming the URL and status.
    private static func get(_ url: String) async throws -> [UInt8] {
        let answer = try await AsyncHTTPClientTransport.shared.send(HTTPRequest(method: "GET", url: url), timeout: .seconds(10))
        guard answer.status == 200 else { throw HoistError.toolFailed(tool: url, problem: "answered HTTP \(answer.status)") }
        return answer.body
    }
}
