/// Finds each service's endpoint the way the AWS SDKs do: `AWS_ENDPOINT_URL_<SERVICE>`, then
/// `AWS_ENDPOINT_URL`, then the partition's regional (or, for IAM, global) endpoint.
package struct EndpointResolver: Sendable {
    package var region: String
    /// Overrides by `AWSService.endpointEnvironmentName`, plus `nil` for the one that applies to all.
    package var overrides: [String: String]
    package var defaultOverride: String?

    package enum ResolutionError: Error, Equatable, CustomStringConvertible {
        case invalidOverride(variable: String, value: String)
        package var description: String {
            switch self {
            case .invalidOverride(let variable, let value):
                "\(variable)='\(value)' is not an http(s) URL; set it to something like http://127.0.0.1:5000 or unset it"
            }
        }
    }

    package init(region: String, environment: [String: String]) {
        self.region = region
        defaultOverride = environment["AWS_ENDPOINT_URL"].flatMap { $0.isEmpty ? nil : $0 }
        overrides = [:]
        for (key, value) in environment where key.hasPrefix("AWS_ENDPOINT_URL_") && !value.isEmpty {
            overrides[String(key.dropFirst("AWS_ENDPOINT_URL_".count))] = value
        }
    }

    /// Refuses a malformed override of any service hoist calls at start-up, naming its variable, rather than at
    /// the first call that uses it, halfway through a deploy.
    package func validateOverrides() throws(ResolutionError) {
        for service in AWSService.all { _ = try endpoint(for: service) }
    }

    /// The partition a region belongs to, with its DNS suffix and the home region of global services.
    package struct Partition: Sendable, Equatable {
        package var name: String
        package var dnsSuffix: String
        package var globalRegion: String
        package var iamHost: String

        /// A global service's one endpoint (Route 53: `route53.amazonaws.com`, `route53.amazonaws.com.cn`,
        /// `route53.us-gov.amazonaws.com`, as botocore's endpoints data lists them).
        package func globalHost(_ prefix: String) -> String {
            name == "aws-us-gov" ? "\(prefix).us-gov.amazonaws.com" : "\(prefix).\(dnsSuffix)"
        }

        /// The region a global service's requests are signed for: the partition's home, except Route 53 in
        /// China, whose credential scope is cn-northwest-1 where IAM's is cn-north-1 (botocore's endpoints data).
        package func globalSigningRegion(_ prefix: String) -> String {
            name == "aws-cn" && prefix == "route53" ? "cn-northwest-1" : globalRegion
        }
    }

    package static func partition(of region: String) -> Partition {
        if region.hasPrefix("cn-") {
            return Partition(name: "aws-cn", dnsSuffix: "amazonaws.com.cn", globalRegion: "cn-north-1", iamHost: "iam.cn-north-1.amazonaws.com.cn")
        }
        if region.hasPrefix("us-gov-") {
            return Partition(name: "aws-us-gov", dnsSuffix: "amazonaws.com", globalRegion: "us-gov-west-1", iamHost: "iam.us-gov.amazonaws.com")
        }
        return Partition(name: "aws", dnsSuffix: "amazonaws.com", globalRegion: "us-east-1", iamHost: "iam.amazonaws.com")
    }

    package func endpoint(for service: AWSService) throws(ResolutionError) -> Endpoint {
        let partition = Self.partition(of: region)
        let signingRegion = service.isGlobal ? partition.globalSigningRegion(service.endpointPrefix) : region
        let specific = "AWS_ENDPOINT_URL_" + service.endpointEnvironmentName
        if let url = overrides[service.endpointEnvironmentName] {
            guard let endpoint = Endpoint(url: url, signingRegion: signingRegion) else { throw .invalidOverride(variable: specific, value: url) }
            return endpoint
        }
        if let url = defaultOverride {
            guard let endpoint = Endpoint(url: url, signingRegion: signingRegion) else { throw .invalidOverride(variable: "AWS_ENDPOINT_URL", value: url) }
            return endpoint
        }
        if service.isGlobal {
            return Endpoint(scheme: "https", host: service == .iam ? partition.iamHost : partition.globalHost(service.endpointPrefix), signingRegion: signingRegion)
        }
        return Endpoint(scheme: "https", host: "\(service.endpointPrefix).\(region).\(partition.dnsSuffix)", signingRegion: signingRegion)
    }
}
