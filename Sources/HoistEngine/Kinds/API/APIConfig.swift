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
        package init() {}

        package init(_ settings: Node.Mapping, _ reader: ConfigReader) throws(ConfigError) {
            try reader.checkKeys(settings, allowed: ["protocol", "cors", "access_log_retention_days", "throttling"], in: "aws_apigateway_v2 config")
            if let node = settings["protocol"], try reader.string(node, "protocol") != "HTTP" { throw reader.fail(node, "protocol must be HTTP (an HTTP API)") }
            if let node = settings["access_log_retention_days"] { accessLogRetentionDays = try reader.retention(node) }
            if let node = settings["throttling"] { throttling = try Self.throttling(node, reader) }
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
