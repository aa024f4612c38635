import Foundation
import Yams

extension HoistConfig {
    /// hoist.yml's `aws_lambda` section: the function's package and settings.
    package struct FunctionConfig: ConfigSection {
        package static let type = "aws_lambda"
        /// The folder of the function's Swift package, relative to the project folder (where hoist runs).
        package var path = "."
        /// The package's executable product; zipped as `bootstrap`, the name Lambda starts.
        package var product = "bootstrap"
        package var memory = 256
        package var timeout = 30
        package var architecture = "x86_64"
        package var environment: [String: String] = [:]
        package var logRetentionDays = 14
        package var extraFiles: [String] = []
        /// Concurrency kept for this function alone, which also caps it: `nil` shares the account's pool.
        package var reservedConcurrency: Int?
        /// The managed policy that caps the function's role (an organisation's boundary for roles its teams make):
        /// the role is made with it, and the deployer policy allows creating the role only with it.
        package var permissionsBoundary: String?
        /// X-Ray's Active tracing: Lambda samples requests and records the function's part of each; the role may
        /// then write segments, and the runtime passes each request's trace header on to the AWS calls it makes.
        package var tracing = false
        /// How many published versions to keep beyond those an alias serves: what `hoist rollback --to` can reach.
        package var keepVersions = 10
        /// Execution environments kept initialised on `live`, so no request meets a cold start.
        package var provisionedConcurrency: Int?
        package init() {}

        package init(_ settings: Node.Mapping, _ reader: ConfigReader) throws(ConfigError) {
            try reader.checkKeys(
                settings,
                allowed: [
                    "path", "product", "memory", "timeout", "architecture", "environment", "log_retention_days", "runtime", "handler", "files",
                    "reserved_concurrency", "permissions_boundary", "tracing", "keep_versions", "provisioned_concurrency",
                ],
                in: "aws_lambda config")
            if let node = settings["path"] {
                path = try reader.string(node, "path")
                guard !path.isEmpty else { throw reader.fail(node, "path is empty; name the folder of the function's Swift package, e.g. '.'") }
            }
            if let node = settings["product"] {
                product = try reader.string(node, "product")
                guard product.wholeMatches("[A-Za-z0-9_.-]+") else {
                    throw reader.fail(node, "product '\(product)' is not a SwiftPM product name; use the name of an executable product in the package")
                }
            }
            if let node = settings["memory"] {
                memory = try reader.int(node, "memory")
                guard (128...10240).contains(memory) else { throw reader.fail(node, "memory \(memory) is outside Lambda's 128-10240 MB") }
            }
            if let node = settings["timeout"] {
                timeout = try reader.int(node, "timeout")
                guard (1...900).contains(timeout) else {
                    throw reader.fail(node, "timeout \(timeout) is outside Lambda's 1-900 seconds (and an HTTP API gives up after 30)")
                }
            }
            if let node = settings["architecture"] {
                architecture = try reader.string(node, "architecture")
                guard ["x86_64", "arm64"].contains(architecture) else { throw reader.fail(node, "architecture '\(architecture)' is not x86_64 or arm64") }
            }
            if let node = settings["runtime"], try reader.string(node, "runtime") != "provided.al2023" {
                throw reader.fail(node, "runtime must be provided.al2023: hoist deploys a Swift bootstrap")
            }
            if let node = settings["reserved_concurrency"] {
                let reserved = try reader.int(node, "reserved_concurrency")
                // Lambda keeps 100 of the account's concurrency unreserved; 0 would stop every invocation.
                guard reserved >= 1 else { throw reader.fail(node, "reserved_concurrency \(reserved) must be at least 1 (0 would stop every invocation); remove the key to share the account's pool") }
                reservedConcurrency = reserved
            }
            if let node = settings["permissions_boundary"] {
                let arn = try reader.string(node, "permissions_boundary")
                guard arn.wholeMatches("arn:aws(-cn|-us-gov)?:iam::([0-9]{12}|aws):policy/[A-Za-z0-9+=,.@_/-]+") else {
                    throw reader.fail(node, "permissions_boundary '\(arn)' is not a managed policy ARN (arn:aws:iam::123456789012:policy/NAME)")
                }
                permissionsBoundary = arn
            }
            if let node = settings["tracing"] { tracing = try reader.bool(node, "tracing") }
            if let node = settings["keep_versions"] {
                keepVersions = try reader.int(node, "keep_versions")
                guard keepVersions >= 1 else { throw reader.fail(node, "keep_versions \(keepVersions) must be at least 1: the version before live is what rollback returns to") }
            }
            if let node = settings["provisioned_concurrency"] {
                let provisioned = try reader.int(node, "provisioned_concurrency")
                guard provisioned >= 1 else { throw reader.fail(node, "provisioned_concurrency \(provisioned) must be at least 1; remove the key for none") }
                if let reserved = reservedConcurrency, provisioned > reserved {
                    throw reader.fail(node, "provisioned_concurrency \(provisioned) exceeds reserved_concurrency \(reserved); Lambda refuses that: raise reserved_concurrency or lower this")
                }
                provisionedConcurrency = provisioned
            }
            if let node = settings["log_retention_days"] { logRetentionDays = try reader.retention(node) }
            if let node = settings["environment"] { environment = try Self.environment(node, reader) }
            if let node = settings["files"] {
                guard let list = node.sequence else { throw reader.fail(node, "files must be a list of paths") }
                extraFiles = try list.map { (item: Node) throws(ConfigError) -> String in try reader.string(item, "a file") }
            }
        }

        /// `NAME: value` pairs; a value may be an `ssm:` reference, checked to be a Parameter Store name.
        private static func environment(_ node: Node, _ reader: ConfigReader) throws(ConfigError) -> [String: String] {
            guard let mapping = node.mapping else { throw reader.fail(node, "environment must be a mapping of NAME: value") }
            var environment: [String: String] = [:]
            for (key, value) in mapping {
                let name = try reader.string(key, "an environment name")
                guard name.wholeMatches("[A-Za-z][A-Za-z0-9_]*") else {
                    throw reader.fail(key, "environment name '\(name)' must be letters, digits and underscores, starting with a letter")
                }
                guard !["TABLE_NAME", "TABLE_HASH_KEY", "TABLE_RANGE_KEY", "TABLE_INDEX_KEYS", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"].contains(name) else {
                    throw reader.fail(key, "environment name '\(name)' is set by hoist or Lambda; choose another")
                }
                let text = try reader.string(value, name)
                if text.hasPrefix(StackSpec.parameterPrefix) {
                    let parameter = text.dropFirst(StackSpec.parameterPrefix.count)
                    // Parameter Store's names: letters, digits and .-_/ only, at most 2048 characters.
                    guard parameter.wholeMatches("/?[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*"), parameter.count <= 2048 else {
                        throw reader.fail(value, "\(name): '\(text)' is not a Parameter Store reference; write ssm:/path/name (letters, digits, . - _ and /)")
                    }
                }
                environment[name] = text
            }
            return environment
        }
    }

    /// The function's settings (hoist.yml's `aws_lambda`).
    package var function: FunctionConfig {
        get { section() }
        set { set(newValue) }
    }
}
