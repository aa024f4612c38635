import AWSTransport
import Foundation
import Yams

/// Reads `hoist.yml` into a `HoistConfig`, refusing anything AWS would refuse later, with its position.
///
/// It walks Yams' node tree rather than decoding into `Decodable` structs, because only the nodes know
/// where they are in the file and which keys were there that nothing reads.
package struct ConfigParser {
    package var file: String
    /// The sections hoist.yml may hold, one per kind that owns one (`StackResource.configSection`).
    package var sections: [any ConfigSection.Type]

    package init(file: String = "hoist.yml", resources: [any StackResource] = StackResources.standard) {
        self.file = file
        sections = resources.compactMap(\.configSection)
    }

    private var reader: ConfigReader { ConfigReader(file: file) }

    /// The types hoist.yml may name, for the messages that list them.
    private var typeList: String {
        let types = sections.map { $0.type }
        return types.count < 2 ? types.joined() : types.dropLast().joined(separator: ", ") + " or " + types[types.count - 1]
    }

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
            guard let typeNode = mapping["type"] else { throw fail(resource, "this resource has no type; use \(typeList)") }
            let type = try string(typeNode, "type")
            guard seen.insert(type).inserted else { throw fail(typeNode, "a second \(type) resource; hoist deploys one of each") }
            let settings = mapping["config"]?.mapping
            if let node = mapping["config"], settings == nil { throw fail(node, "config must be a mapping") }
            guard let section = sections.first(where: { $0.type == type }) else { throw fail(typeNode, "unknown resource type '\(type)'; use \(typeList)") }
            // Listed without `config`, a section is read as an empty one: being listed can mean something
            // (`aws_cloudwatch` alone turns monitoring on with its defaults).
            config.set(try section.init(settings ?? Node.Mapping([]), reader))
        }
        return config
    }

    /// `state: {backend: s3, bucket: B, key: K, region: R, bucket_owner: ACCOUNT}`; `backend: local` is the default folder.
    private func state(_ node: Node) throws(ConfigError) -> HoistConfig.StateConfig? {
        guard let settings = node.mapping else { throw fail(node, "state must be a mapping like {backend: s3, bucket: my-team-state, key: hoist}") }
        try checkKeys(settings, allowed: ["backend", "bucket", "key", "region", "bucket_owner"], in: "state")
        let backendNode = settings["backend"]
        let backend = try backendNode.map { (node: Node) throws(ConfigError) -> String in try string(node, "backend") } ?? "local"
        switch backend {
        case "local":
            return nil
        case "s3":
            guard let bucketNode = settings["bucket"] else { throw fail(node, "state with backend s3 needs a bucket; add 'bucket: my-team-state'") }
            let bucket = try string(bucketNode, "bucket")
            // S3's bucket naming rules: 3-63 lower-case letters, digits, dots and dashes, starting and ending with a letter or digit.
            guard bucket.wholeMatches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]") else {
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
            if let ownerNode = settings["bucket_owner"] {
                let owner = try string(ownerNode, "bucket_owner")
                guard owner.wholeMatches("[0-9]{12}") else { throw fail(ownerNode, "bucket_owner '\(owner)' is not an AWS account id (12 digits)") }
                state.bucketOwner = owner
            }
            return state
        default:
            throw fail(backendNode ?? node, "state backend '\(backend)' is not local or s3")
        }
    }

    private func fail(_ node: Node?, _ message: String) -> ConfigError { reader.fail(node, message) }

    private func string(_ node: Node, _ what: String) throws(ConfigError) -> String { try reader.string(node, what) }

    private func checkKeys(_ mapping: Node.Mapping, allowed: [String], in place: String) throws(ConfigError) {
        try reader.checkKeys(mapping, allowed: allowed, in: place)
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
