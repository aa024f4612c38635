import AWSTransport

/// Picks the region as the AWS CLI does: `--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`.
package enum RegionResolver {
    package enum RegionError: Error, Equatable, CustomStringConvertible {
        case missing
        case invalid(String, from: String)

        package var description: String {
            switch self {
            case .missing:
                "no AWS region: pass --region, set AWS_REGION, or add 'region = …' to your profile in ~/.aws/config"
            case .invalid(let value, let source):
                "\(source) \(AWSRegionName.problem(value)); fix it"
            }
        }
    }

    package static func resolve(flag: String?, environment: [String: String], profile: String?) throws -> String {
        let candidates: [(String?, String)] = [
            (flag, "--region"), (environment["AWS_REGION"], "AWS_REGION"), (environment["AWS_DEFAULT_REGION"], "AWS_DEFAULT_REGION"),
        ]
        for (value, source) in candidates {
            if let value, !value.isEmpty { return try validated(value, from: source) }
        }
        let name = profile ?? environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        if let value = try SharedConfigFiles(environment: environment).profiles[name]?["region"], !value.isEmpty {
            return try validated(value, from: "profile '\(name)' region")
        }
        throw RegionError.missing
    }

    static func validated(_ value: String, from source: String) throws -> String {
        guard AWSRegionName.isValid(value) else { throw RegionError.invalid(value, from: source) }
        return value
    }
}
