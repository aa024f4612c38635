import Yams

extension HoistConfig {
    /// hoist.yml's `aws_cloudwatch` section: the alarms that watch the stack, the topic they notify, the dashboard.
    /// Without the section nothing watches (and what an earlier deploy made goes).
    package struct MonitoringConfig: ConfigSection {
        package static let type = "aws_cloudwatch"
        /// Whether hoist.yml has the section.
        package var enabled = false
        /// Subscribed to the topic `<function>-alarms`, which every alarm notifies on ALARM and on OK.
        package var alarmEmail: String?
        package var dashboard = true
        /// The function's errors as a percentage of its invocations over 5 minutes; `nil`: no such alarm.
        package var errorsPercent: Double? = 1
        /// The function's throttles over 5 minutes.
        package var throttles: Int? = 1
        /// The function's p99 duration over 5 minutes, as a percentage of its timeout.
        package var durationP99Percent: Double? = 80
        /// The API's 5xx answers as a percentage of its requests over 5 minutes.
        package var api5xxPercent: Double? = 1
        package init() {}

        package init(_ settings: Node.Mapping, _ reader: ConfigReader) throws(ConfigError) {
            enabled = true
            try reader.checkKeys(settings, allowed: ["alarm_email", "dashboard", "alarms"], in: "aws_cloudwatch config")
            if let node = settings["alarm_email"] {
                let email = try reader.string(node, "alarm_email")
                guard email.wholeMatches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+") else {
                    throw reader.fail(node, "alarm_email '\(email)' is not an email address; write one like ops@example.com")
                }
                alarmEmail = email
            }
            if let node = settings["dashboard"] { dashboard = try reader.bool(node, "dashboard") }
            guard let node = settings["alarms"] else { return }
            guard let alarms = node.mapping else { throw reader.fail(node, "alarms must be a mapping of errors, throttles, duration_p99, api_5xx") }
            try reader.checkKeys(alarms, allowed: ["errors", "throttles", "duration_p99", "api_5xx"], in: "alarms")
            if let node = alarms["errors"] { errorsPercent = try Self.percent(node, "errors", reader) }
            if let node = alarms["duration_p99"] { durationP99Percent = try Self.percent(node, "duration_p99", reader) }
            if let node = alarms["api_5xx"] { api5xxPercent = try Self.percent(node, "api_5xx", reader) }
            if let node = alarms["throttles"] {
                if node.scalar?.string == "false" {
                    throttles = nil
                } else {
                    let count = try reader.int(node, "throttles")
                    guard count >= 1 else { throw reader.fail(node, "throttles \(count) must be at least 1 (throttles: false turns the alarm off)") }
                    throttles = count
                }
            }
        }

        /// `1%` (or `1`), above 0 and at most 100; `false` turns the alarm off.
        private static func percent(_ node: Node, _ name: String, _ reader: ConfigReader) throws(ConfigError) -> Double? {
            let text = node.scalar?.string ?? ""
            if text == "false" { return nil }
            guard let value = Double(text.hasSuffix("%") ? String(text.dropLast()) : text), value > 0, value <= 100 else {
                throw reader.fail(node, "\(name) '\(text)' must be a percentage above 0 and at most 100, like 1% (or \(name): false)")
            }
            return value
        }
    }

    /// The stack's monitoring (hoist.yml's `aws_cloudwatch`).
    package var monitoring: MonitoringConfig {
        get { section() }
        set { set(newValue) }
    }
}
