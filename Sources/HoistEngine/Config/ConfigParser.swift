import AWSTransport
import Foundation
import Yams

/// Reads `hoist.yml` into a `HoistConfig`, refusing anything AWS would refuse later, with its position.
///
/// It walks Yams' node tree rather than decoding into `Decodable` structs, because only the nodes know
/// where they are in the file and which keys were there that nothing reads.
package struct ConfigParser {
    package var file: String

    package init(file: String = "hoist.yml") { self.file = file }

    package func parse(_ text: String) throws(ConfigError) -> HoistConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw located(error)
        } catch {
            throw ConfigError(file: file, line: 1, column: 1, message: "\(error)")
        }
        guard let root, let top = root.mapping else { throw fail(root, "expected a mapping with project_name and resources") }
        try checkKeys(top, allowed: ["project_name", "region", "provider", "architecture_type", "resources", "state"], in: "the top level")
        guard let nameNode = top["project_name"] else { throw fail(root, "project_name is missing; add 'project_name: my-api'") }
        let projectName = try string(nameNode, "project_name")
        guard HoistConfig.isValidProjectName(projectName) else { throw fail(nameNode, "project_name '\(projectName)' \(HoistConfig.projectNameRule)") }
        var config = HoistConfig(projectName: projectName)
        if let provider = top["provider"], try string(provider, "provider") != "aws" { throw fail(provider, "provider must be 'aws'") }
        if let node = top["region"] {
            let region = try string(node, "region")
            guard AWSRegionName.isValid(region) else { throw fail(node, "region \(AWSRegionName.problem(region))") }
            config.region = region
        }
        if let node = top["state"] { config.state = try state(node) }
        guard let resources = top["resources"] else { return config }
        guard let list = resources.sequence else { throw fail(resources, "resources must be a list") }
        var seen: Set<String> = []
        for resource in list {
            guard let mapping = resource.mapping else { throw fail(resource, "each resource must be a mapping with id, type and config") }
            try checkKeys(mapping, allowed: ["id", "type", "name", "provider", "config"], in: "a resource")
            guard let typeNode = mapping["type"] else { throw fail(resource, "this resource has no type; use aws_lambda, aws_apigateway_v2 or aws_dynamodb") }
            let type = try string(typeNode, "type")
            guard seen.insert(type).inserted else { throw fail(typeNode, "a second \(type) resource; hoist deploys one of each") }
            let settings = mapping["config"]?.mapping
            if let node = mapping["config"], settings == nil { throw fail(node, "config must be a mapping") }
            switch type {
            case "aws_lambda": config.function = try function(settings)
            case "aws_apigateway_v2": config.api = try api(settings)
            case "aws_dynamodb": config.table = try table(settings)
            default: throw fail(typeNode, "unknown resource type '\(type)'; use aws_lambda, aws_apigateway_v2 or aws_dynamodb")
            }
        }
        return config
    }

    /// `state: {backend: s3, bucket: B, key: K, region: R}`; `backend: local` is the default folder.
    private func state(_ node: Node) throws(ConfigError) -> HoistConfig.StateConfig? {
        guard let settings = node.mapping else { throw fail(node, "state must be a mapping like {backend: s3, bucket: my-team-state, key: hoist}") }
        try checkKeys(settings, allowed: ["backend", "bucket", "key", "region"], in: "state")
        let backendNode = settings["backend"]
        let backend = try backendNode.map { (node: Node) throws(ConfigError) -> String in try string(node, "backend") } ?? "local"
        switch backend {
        case "local":
            return nil
        case "s3":
            guard let bucketNode = settings["bucket"] else { throw fail(node, "state with backend s3 needs a bucket; add 'bucket: my-team-state'") }
            let bucket = try string(bucketNode, "bucket")
            // S3's bucket naming rules: 3-63 lower-case letters, digits, dots and dashes, starting and ending with a letter or digit.
            guard bucket.range(of: "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", options: .regularExpression) != nil else {
                throw fail(bucketNode, "bucket '\(bucket)' is not an S3 bucket name (3-63 lower-case letters, digits, dots and dashes)")
            }
            var state = HoistConfig.StateConfig(bucket: bucket)
            if let keyNode = settings["key"] {
                let key = try string(keyNode, "key")
                guard !key.isEmpty, !key.hasPrefix("/"), key.utf8.count <= 900 else { throw fail(keyNode, "key '\(key)' must be a folder in the bucket like hoist or teams/shop (no leading /)") }
                state.key = key
            }
            if let regionNode = settings["region"] {
                let region = try string(regionNode, "region")
                guard AWSRegionName.isValid(region) else { throw fail(regionNode, "region \(AWSRegionName.problem(region))") }
                state.region = region
            }
            return state
        default:
            throw fail(backendNode ?? node, "state backend '\(backend)' is not local or s3")
        }
    }

    private func function(_ settings: Node.Mapping?) throws(ConfigError) -> HoistConfig.FunctionConfig {
        var function = HoistConfig.FunctionConfig()
        guard let settings else { return function }
        try checkKeys(settings, allowed: ["path", "product", "memory", "timeout", "architecture", "environment", "log_retention_days", "runtime", "handler", "files"], in: "aws_lambda config")
        if let node = settings["path"] {
            function.path = try string(node, "path")
            guard !function.path.isEmpty else { throw fail(node, "path is empty; name the folder of the function's Swift package, e.g. '.'") }
        }
        if let node = settings["product"] {
            function.product = try string(node, "product")
            guard function.product.range(of: "^[A-Za-z0-9_.-]+$", options: .regularExpression) != nil else {
                throw fail(node, "product '\(function.product)' is not a SwiftPM product name; use the name of an executable product in the package")
            }
        }
        if let node = settings["memory"] {
            function.memory = try int(node, "memory")
            guard (128...10240).contains(function.memory) else { throw fail(node, "memory \(function.memory) is outside Lambda's 128-10240 MB") }
        }
        if let node = settings["timeout"] {
            function.timeout = try int(node, "timeout")
            guard (1...900).contains(function.timeout) else {
                throw fail(node, "timeout \(function.timeout) is outside Lambda's 1-900 seconds (and an HTTP API gives up after 30)")
            }
        }
        if let node = settings["architecture"] {
            function.architecture = try string(node, "architecture")
            guard ["x86_64", "arm64"].contains(function.architecture) else { throw fail(node, "architecture '\(function.architecture)' is not x86_64 or arm64") }
        }
        if let node = settings["runtime"], try string(node, "runtime") != "provided.al2023" {
            throw fail(node, "runtime must be provided.al2023: hoist deploys a Swift bootstrap")
        }
        if let node = settings["log_retention_days"] { function.logRetentionDays = try retention(node) }
        if let node = settings["environment"] {
            guard let mapping = node.mapping else { throw fail(node, "environment must be a mapping of NAME: value") }
            for (key, value) in mapping {
                let name = try string(key, "an environment name")
                guard name.range(of: "^[A-Za-z][A-Za-z0-9_]*$", options: .regularExpression) != nil else {
                    throw fail(key, "environment name '\(name)' must be letters, digits and underscores, starting with a letter")
                }
                guard !["TABLE_NAME", "TABLE_HASH_KEY", "TABLE_RANGE_KEY", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"].contains(name) else {
                    throw fail(key, "environment name '\(name)' is set by hoist or Lambda; choose another")
                }
                let text = try string(value, name)
                if text.hasPrefix(StackSpec.parameterPrefix) {
                    let parameter = text.dropFirst(StackSpec.parameterPrefix.count)
                    // Parameter Store's names: letters, digits and .-_/ only, at most 2048 characters.
                    guard parameter.range(of: "^/?[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$", options: .regularExpression) != nil, parameter.count <= 2048 else {
                        throw fail(value, "\(name): '\(text)' is not a Parameter Store reference; write ssm:/path/name (letters, digits, . - _ and /)")
                    }
                }
                function.environment[name] = text
            }
        }
        if let node = settings["files"] {
            guard let list = node.sequence else { throw fail(node, "files must be a list of paths") }
            function.extraFiles = try list.map { (item: Node) throws(ConfigError) -> String in try string(item, "a file") }
        }
        return function
    }

    private func api(_ settings: Node.Mapping?) throws(ConfigError) -> HoistConfig.APIConfig {
        var api = HoistConfig.APIConfig()
        guard let settings else { return api }
        try checkKeys(settings, allowed: ["protocol", "cors", "access_log_retention_days"], in: "aws_apigateway_v2 config")
        if let node = settings["protocol"], try string(node, "protocol") != "HTTP" { throw fail(node, "protocol must be HTTP (an HTTP API)") }
        if let node = settings["access_log_retention_days"] { api.accessLogRetentionDays = try retention(node) }
        if let node = settings["cors"] {
            if let mapping = node.mapping {
                try checkKeys(mapping, allowed: ["allow_origins", "allow_methods", "allow_headers"], in: "cors")
                var cors = HoistConfig.CORS()
                if let list = mapping["allow_origins"] { cors.allowOrigins = try strings(list, "allow_origins") }
                if let list = mapping["allow_methods"] { cors.allowMethods = try strings(list, "allow_methods") }
                if let list = mapping["allow_headers"] { cors.allowHeaders = try strings(list, "allow_headers") }
                api.cors = cors
            } else {
                api.cors = try bool(node, "cors") ? HoistConfig.CORS() : nil
            }
        }
        return api
    }

    private func table(_ settings: Node.Mapping?) throws(ConfigError) -> HoistConfig.TableConfig {
        var table = HoistConfig.TableConfig()
        guard let settings else { return table }
        try checkKeys(settings, allowed: ["billing_mode", "hash_key", "range_key", "global_secondary_indexes"], in: "aws_dynamodb config")
        if let node = settings["billing_mode"] {
            table.billingMode = try string(node, "billing_mode")
            guard ["PAY_PER_REQUEST", "PROVISIONED"].contains(table.billingMode) else { throw fail(node, "billing_mode '\(table.billingMode)' is not PAY_PER_REQUEST or PROVISIONED") }
            guard table.billingMode == "PAY_PER_REQUEST" else { throw fail(node, "billing_mode PROVISIONED needs capacities hoist does not manage yet; use PAY_PER_REQUEST") }
        }
        if let node = settings["hash_key"] { table.hashKey = try string(node, "hash_key") }
        if let node = settings["range_key"] { table.rangeKey = try string(node, "range_key") }
        if let node = settings["global_secondary_indexes"] {
            guard let list = node.sequence else { throw fail(node, "global_secondary_indexes must be a list") }
            table.indexes = []
            for item in list {
                guard let index = item.mapping else { throw fail(item, "an index must be a mapping with name and hash_key") }
                try checkKeys(index, allowed: ["name", "hash_key", "range_key", "projection"], in: "an index")
                guard let name = index["name"], let hash = index["hash_key"] else { throw fail(item, "an index needs name and hash_key") }
                let projection = try index["projection"].map { (node: Node) throws(ConfigError) -> String in try string(node, "projection") } ?? "ALL"
                guard ["ALL", "KEYS_ONLY"].contains(projection) else { throw fail(index["projection"]!, "projection '\(projection)' is not ALL or KEYS_ONLY") }
                table.indexes.append(
                    HoistConfig.IndexConfig(
                        name: try string(name, "name"), hashKey: try string(hash, "hash_key"),
                        rangeKey: try index["range_key"].map { (node: Node) throws(ConfigError) -> String in try string(node, "range_key") }, projection: projection))
            }
        }
        return table
    }

    // MARK: Node helpers

    private func checkKeys(_ mapping: Node.Mapping, allowed: [String], in place: String) throws(ConfigError) {
        for (key, _) in mapping {
            let name = key.string ?? ""
            guard allowed.contains(name) else { throw fail(key, "unknown key '\(name)' in \(place); valid keys: \(allowed.joined(separator: ", "))") }
        }
    }

    private func string(_ node: Node, _ what: String) throws(ConfigError) -> String {
        guard let scalar = node.scalar else { throw fail(node, "\(what) must be a single value") }
        return scalar.string
    }

    private func strings(_ node: Node, _ what: String) throws(ConfigError) -> [String] {
        guard let list = node.sequence else { throw fail(node, "\(what) must be a list") }
        return try list.map { (item: Node) throws(ConfigError) -> String in try string(item, what) }
    }

    private func int(_ node: Node, _ what: String) throws(ConfigError) -> Int {
        guard let value = node.scalar.flatMap({ Int($0.string) }) else { throw fail(node, "\(what) must be a whole number, not '\(node.string ?? "a list or mapping")'") }
        return value
    }

    private func bool(_ node: Node, _ what: String) throws(ConfigError) -> Bool {
        switch node.string {
        case "true": true
        case "false": false
        default: throw fail(node, "\(what) must be true, false or a block")
        }
    }

    /// CloudWatch Logs accepts only these retention periods (the model's `Days` documentation).
    static let retentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]

    private func retention(_ node: Node) throws(ConfigError) -> Int {
        let days = try int(node, "a retention")
        guard Self.retentionDays.contains(days) else {
            throw fail(node, "retention \(days) days is not one CloudWatch Logs accepts: \(Self.retentionDays.map(String.init).joined(separator: ", "))")
        }
        return days
    }

    private func fail(_ node: Node?, _ message: String) -> ConfigError {
        ConfigError(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, message: message)
    }

    private func located(_ error: YamlError) -> ConfigError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            ConfigError(file: file, line: mark.line, column: mark.column, message: "not valid YAML: \(problem)")
        default:
            ConfigError(file: file, line: 1, column: 1, message: "not valid YAML: \(error)")
        }
    }
}
