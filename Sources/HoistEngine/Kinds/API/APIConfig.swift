import Foundation
import Yams

extension HoistConfig {
    /// hoist.yml's `aws_apigateway_v2` section: the HTTP API's CORS and access log.
    package struct APIConfig: ConfigSection {
        package static let type = "aws_apigateway_v2"
        /// `nil`: CORS off.
        package var cors: CORS? = CORS()
        package var accessLogRetentionDays = 14
        /// The stage's default route throttling; `nil` (`throttling: false`): only the account's limits, so one
        /// client can spend the whole account's quota and the function's concurrency.
        package var throttling: Throttling? = Throttling()
        /// Who may call the API; `nil`: anyone with its URL (plan and deploy say so).
        package var auth: Auth?
        /// Routes left open when `auth` is set (`GET /health`): each its own route to the same function.
        package var publicRoutes: [String] = []
        /// The API on a name of the user's own (`DomainConfig`); `nil`: the execute-api URL only.
        package var domain: DomainConfig?
        package init() {}

        package init(_ settings: Node.Mapping, _ reader: ConfigReader) throws(ConfigError) {
            try reader.checkKeys(
                settings, allowed: ["protocol", "cors", "access_log_retention_days", "throttling", "auth", "public_routes", "domain"], in: "aws_apigateway_v2 config")
            if let node = settings["domain"] { domain = try DomainConfig(node, reader) }
            if let node = settings["protocol"], try reader.string(node, "protocol") != "HTTP" { throw reader.fail(node, "protocol must be HTTP (an HTTP API)") }
            if let node = settings["access_log_retention_days"] { accessLogRetentionDays = try reader.retention(node) }
            if let node = settings["throttling"] { throttling = try Self.throttling(node, reader) }
            if let node = settings["auth"] { auth = try Auth(node, reader) }
            if let node = settings["public_routes"] {
                publicRoutes = try reader.strings(node, "public_routes")
                guard auth != nil else {
                    throw reader.fail(node, "public_routes lists the routes auth leaves open, but there is no auth: every route is public already; add auth or remove public_routes")
                }
                for (route, item) in zip(publicRoutes, node.sequence ?? []) where !route.wholeMatches("(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY) /[A-Za-z0-9._~{}+/-]*") {
                    throw reader.fail(item, "public route '\(route)' is not 'METHOD /path' (like 'GET /health'; METHOD one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY)")
                }
                if let twice = publicRoutes.first(where: { route in publicRoutes.count { $0 == route } > 1 }) {
                    throw reader.fail(node, "public route '\(twice)' is listed twice")
                }
            }
            if let node = settings["cors"] {
                if let mapping = node.mapping {
                    try reader.checkKeys(mapping, allowed: ["allow_origins", "allow_methods", "allow_headers"], in: "cors")
                    var cors = CORS()
                    if let list = mapping["allow_origins"] { cors.allowOrigins = try reader.strings(list, "allow_origins") }
                    if let list = mapping["allow_methods"] { cors.allowMethods = try reader.strings(list, "allow_methods") }
                    if let list = mapping["allow_headers"] { cors.allowHeaders = try reader.strings(list, "allow_headers") }
                    self.cors = cors
                } else {
                    cors = try reader.bool(node, "cors") ? CORS() : nil
                }
            }
        }

        /// `false`, `true` (the defaults) or `{rate_limit: R, burst_limit: B}`; a limit of 0 would refuse every request.
        private static func throttling(_ node: Node, _ reader: ConfigReader) throws(ConfigError) -> Throttling? {
            guard let mapping = node.mapping else { return try reader.bool(node, "throttling") ? Throttling() : nil }
            try reader.checkKeys(mapping, allowed: ["rate_limit", "burst_limit"], in: "throttling")
            var throttling = Throttling()
            if let rate = mapping["rate_limit"] {
                guard let value = rate.scalar.flatMap({ Double($0.string) }), value > 0, value.isFinite else {
                    throw reader.fail(rate, "rate_limit '\(rate.string ?? "")' must be a number of requests per second above 0 (or throttling: false)")
                }
                throttling.rateLimit = value
            }
            if let burst = mapping["burst_limit"] {
                throttling.burstLimit = try reader.int(burst, "burst_limit")
                guard throttling.burstLimit > 0 else { throw reader.fail(burst, "burst_limit \(throttling.burstLimit) must be above 0 (or throttling: false)") }
            }
            return throttling
        }
    }

    /// How API Gateway checks a caller before the function runs.
    package enum Auth: Sendable, Equatable {
        /// A JWT authorizer: the `Authorization` header's bearer token, signed by `issuer`'s keys, for one of `audience`.
        case jwt(issuer: String, audience: [String])
        /// A Cognito user pool and app client made for the environment, trusted by a JWT authorizer.
        case cognito
        /// SigV4-signed requests from IAM principals allowed `execute-api:Invoke`.
        case iam

        init(_ node: Node, _ reader: ConfigReader) throws(ConfigError) {
            guard let mapping = node.mapping, let typeNode = mapping["type"] else {
                throw reader.fail(node, "auth must be a block with a type: jwt, cognito or iam (e.g. auth: {type: cognito})")
            }
            switch try reader.string(typeNode, "auth type") {
            case "jwt":
                try reader.checkKeys(mapping, allowed: ["type", "issuer", "audience"], in: "auth (type jwt)")
                guard let issuerNode = mapping["issuer"], let audienceNode = mapping["audience"] else {
                    throw reader.fail(node, "auth type jwt needs issuer and audience, e.g. {type: jwt, issuer: https://example.auth0.com/, audience: [my-api]}")
                }
                let issuer = try reader.string(issuerNode, "issuer")
                guard Self.isIssuer(issuer) else {
                    throw reader.fail(issuerNode, "issuer '\(issuer)' must be an https:// URL (API Gateway fetches its keys from it; http:// only for localhost)")
                }
                let audience = try reader.strings(audienceNode, "audience")
                guard !audience.isEmpty, !audience.contains(where: \.isEmpty) else { throw reader.fail(audienceNode, "audience must list at least one value the tokens' aud holds") }
                self = .jwt(issuer: issuer, audience: audience)
            case "cognito":
                try reader.checkKeys(mapping, allowed: ["type"], in: "auth (type cognito)")
                self = .cognito
            case "iam":
                try reader.checkKeys(mapping, allowed: ["type"], in: "auth (type iam)")
                self = .iam
            case let other:
                throw reader.fail(typeNode, "auth type '\(other)' is not jwt, cognito or iam")
            }
        }

        /// API Gateway takes https issuers only; a loopback http one is for `hoist local` against a test issuer.
        private static func isIssuer(_ text: String) -> Bool {
            guard let url = URL(string: text), let host = url.host, !host.isEmpty else { return false }
            return url.scheme == "https" || (url.scheme == "http" && ["localhost", "127.0.0.1", "[::1]", "::1"].contains(host))
        }
    }

    /// Requests per second in the steady state and at once (API Gateway's token bucket).
    package struct Throttling: Sendable, Equatable {
        package var rateLimit: Double = 100
        package var burstLimit = 200
        package init() {}

        package var description: String {
            let rate = rateLimit == rateLimit.rounded() ? String(Int(rateLimit)) : String(rateLimit)
            return "\(rate)/s burst \(burstLimit)"
        }
    }

    package struct CORS: Sendable, Equatable {
        package var allowOrigins = ["*"]
        package var allowMethods = ["GET", "POST", "PUT", "DELETE", "OPTIONS"]
        package var allowHeaders = ["Content-Type", "Authorization"]
        package init() {}
    }

    /// The API's settings (hoist.yml's `aws_apigateway_v2`).
    package var api: APIConfig {
        get { section() }
        set { set(newValue) }
    }
}

extension StackSpec {
    /// Said by plan and deploy when the API takes any caller: opening it must be deliberate, never a default
    /// nobody noticed.
    package var publicNotice: String? {
        guard config.api.auth == nil else { return nil }
        return "note: the API \(apiName) is public: anyone with its URL can call every route; to require a token add auth: {type: cognito} (or jwt, iam) to aws_apigateway_v2 in hoist.yml"
    }
}
