/// The shapes of versions, aliases and provisioned concurrency (the 2015-03-31 and 2019-09-30 paths).

package struct PublishVersionInput: Encodable, Sendable {
    /// Publish only if `$LATEST`'s code is this: what hoist uploaded, not what someone else uploaded since.
    package var codeSha256: String?
    package var description: String?
    package init(codeSha256: String?, description: String?) {
        self.codeSha256 = codeSha256
        self.description = description
    }
    enum CodingKeys: String, CodingKey { case codeSha256 = "CodeSha256", description = "Description" }
}

package struct ListVersionsByFunctionOutput: Decodable, Sendable {
    package var nextMarker: String?
    package var versions: [FunctionConfiguration]?
    enum CodingKeys: String, CodingKey { case nextMarker = "NextMarker", versions = "Versions" }
}

/// How an alias shares its traffic: `additionalVersionWeights` sends a share (0…1) to another version.
package struct AliasRoutingConfiguration: Codable, Sendable, Equatable {
    package var additionalVersionWeights: [String: Double]?
    package init(additionalVersionWeights: [String: Double]?) { self.additionalVersionWeights = additionalVersionWeights }
    enum CodingKeys: String, CodingKey { case additionalVersionWeights = "AdditionalVersionWeights" }
}

package struct AliasConfiguration: Decodable, Sendable, Equatable {
    package var aliasArn: String?
    package var name: String
    package var functionVersion: String
    package var description: String?
    package var routingConfig: AliasRoutingConfiguration?
    package var revisionId: String?
    package init(name: String, functionVersion: String, description: String? = nil, routingConfig: AliasRoutingConfiguration? = nil) {
        self.name = name
        self.functionVersion = functionVersion
        self.description = description
        self.routingConfig = routingConfig
    }
    enum CodingKeys: String, CodingKey {
        case aliasArn = "AliasArn", name = "Name", functionVersion = "FunctionVersion", description = "Description", routingConfig = "RoutingConfig"
        case revisionId = "RevisionId"
    }
}

package struct CreateAliasInput: Encodable, Sendable {
    package var name: String
    package var functionVersion: String
    package var description: String?
    package init(name: String, functionVersion: String, description: String?) {
        self.name = name
        self.functionVersion = functionVersion
        self.description = description
    }
    enum CodingKeys: String, CodingKey { case name = "Name", functionVersion = "FunctionVersion", description = "Description" }
}

/// `routingConfig` is always sent: an empty weights map ends a canary, and a missing one would keep it.
package struct UpdateAliasInput: Encodable, Sendable {
    package var functionVersion: String
    package var routingConfig: AliasRoutingConfiguration
    package var revisionId: String?
    package init(functionVersion: String, routingConfig: AliasRoutingConfiguration = AliasRoutingConfiguration(additionalVersionWeights: [:]), revisionId: String? = nil) {
        self.functionVersion = functionVersion
        self.routingConfig = routingConfig
        self.revisionId = revisionId
    }
    enum CodingKeys: String, CodingKey { case functionVersion = "FunctionVersion", routingConfig = "RoutingConfig", revisionId = "RevisionId" }
}

package struct ProvisionedConcurrencyStatus: RawRepresentable, Codable, Sendable, Hashable {
    package var rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }
    package static let inProgress = Self(rawValue: "IN_PROGRESS")
    package static let ready = Self(rawValue: "READY")
    package static let failed = Self(rawValue: "FAILED")
}

package struct ProvisionedConcurrencyConfig: Decodable, Sendable, Equatable {
    package var requestedProvisionedConcurrentExecutions: Int?
    package var allocatedProvisionedConcurrentExecutions: Int?
    package var status: ProvisionedConcurrencyStatus?
    package var statusReason: String?
    package init(requested: Int?, allocated: Int? = nil, status: ProvisionedConcurrencyStatus?) {
        requestedProvisionedConcurrentExecutions = requested
        allocatedProvisionedConcurrentExecutions = allocated
        self.status = status
    }
    enum CodingKeys: String, CodingKey {
        case requestedProvisionedConcurrentExecutions = "RequestedProvisionedConcurrentExecutions"
        case allocatedProvisionedConcurrentExecutions = "AllocatedProvisionedConcurrentExecutions", status = "Status", statusReason = "StatusReason"
    }
}

package struct PutProvisionedConcurrencyConfigInput: Encodable, Sendable {
    package var provisionedConcurrentExecutions: Int
    package init(provisionedConcurrentExecutions: Int) { self.provisionedConcurrentExecutions = provisionedConcurrentExecutions }
    enum CodingKeys: String, CodingKey { case provisionedConcurrentExecutions = "ProvisionedConcurrentExecutions" }
}
