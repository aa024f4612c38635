import Yams

extension HoistConfig {
    /// hoist.yml's `aws_apigateway_v2` section: the HTTP API's CORS and access log.
    package struct APIConfig: ConfigSection {
        package static let type = "aws_apigateway_v2"
        /// `nil`: CORS off.
        package var cors: CORS? = CORS()
        package var accessLogRetentionDays = 14
        package init() {}

        package init(_ settings: Node.Mapping, _ reader: ConfigReader) throws(ConfigError) {
            try reader.checkKeys(settings, allowed: ["protocol", "cors", "access_log_retention_days"], in: "aws_apigateway_v2 config")
            if let node = settings["protocol"], try reader.string(node, "protocol") != "HTTP" { throw reader.fail(node, "protocol must be HTTP (an HTTP API)") }
            if let node = settings["access_log_retention_days"] { accessLogRetentionDays = try reader.retention(node) }
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
