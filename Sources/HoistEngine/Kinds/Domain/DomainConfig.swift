import Foundation
import Yams

extension HoistConfig {
    /// `domain:` of the `aws_apigateway_v2` section: the API on a name of the user's own, with its certificate
    /// and DNS records. `domain: api.example.com`, or `{name: api.example.com, hosted_zone: example.com,
    /// domain_wait: 20m, keep_certificate: false}`.
    package struct DomainConfig: Sendable, Equatable {
        /// Lower case, without a final dot.
        package var name: String
        /// The Route 53 public hosted zone that holds its records; `nil`: the longest one whose name ends it.
        package var hostedZone: String?
        /// How long a deploy waits for ACM to issue the certificate before it stops, saying what to check.
        package var wait: Duration = .seconds(20 * 60)
        /// Leave the certificate on destroy (another stack, or a later one, may reuse it).
        package var keepCertificate = false

        package init(name: String, hostedZone: String? = nil) {
            self.name = name
            self.hostedZone = hostedZone
        }

        init(_ node: Node, _ reader: ConfigReader) throws(ConfigError) {
            guard let mapping = node.mapping else {
                self.init(name: try Self.dnsName(node, "domain", reader))
                return
            }
            try reader.checkKeys(mapping, allowed: ["name", "hosted_zone", "domain_wait", "keep_certificate"], in: "domain")
            guard let name = mapping["name"] else { throw reader.fail(node, "domain needs a name: domain: {name: api.example.com}") }
            self.init(name: try Self.dnsName(name, "domain name", reader))
            if let zone = mapping["hosted_zone"] {
                let zoneName = try Self.dnsName(zone, "hosted_zone", reader)
                guard self.name.hasSuffix("." + zoneName) else {
                    throw reader.fail(zone, "hosted_zone '\(zoneName)' does not hold '\(self.name)'; name the zone the domain ends with, e.g. \(self.name.split(separator: ".").dropFirst().joined(separator: "."))")
                }
                hostedZone = zoneName
            }
            if let node = mapping["domain_wait"] {
                let text = try reader.string(node, "domain_wait")
                guard let seconds = DurationText.seconds(text, maximum: 72 * 3600) else {
                    throw reader.fail(node, "domain_wait '\(text)' is not a duration of up to 72h (ACM's own limit); write it as 20m or 2h")
                }
                wait = .seconds(seconds)
            }
            if let node = mapping["keep_certificate"] { keepCertificate = try reader.bool(node, "keep_certificate") }
        }

        /// A host name ACM and Route 53 take: dot-separated labels of letters, digits and inner hyphens, at most
        /// 63 characters each and 253 in all, at least two labels, no wildcard.
        private static func dnsName(_ node: Node, _ what: String, _ reader: ConfigReader) throws(ConfigError) -> String {
            var text = try reader.string(node, what).lowercased()
            if text.hasSuffix(".") { text.removeLast() }
            let label = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
            guard text.count <= 253, text.wholeMatches("\(label)(\\.\(label))+") else {
                throw reader.fail(node, "\(what) '\(text)' is not a DNS name like api.example.com (letters, digits and inner hyphens in dot-separated labels)")
            }
            return text
        }
    }
}
