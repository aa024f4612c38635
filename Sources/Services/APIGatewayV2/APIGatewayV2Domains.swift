import AWSTransport
import Logging

/// Custom domain names and their API mappings (the 2018-11-29 model's `/v2/domainnames` paths).
extension APIGatewayV2Client {
    package func createDomainName(_ input: CreateDomainNameInput, logger: Logger) async throws -> DomainName {
        try await restCall("CreateDomainName", "POST", AWSRequest.path("v2", "domainnames"), body: input, idempotent: false, logger: logger)
    }

    /// `nil` when there is no such domain name in the region.
    package func getDomainName(_ name: String, logger: Logger) async throws -> DomainName? {
        do {
            return try await restCall("GetDomainName", "GET", AWSRequest.path("v2", "domainnames", name), logger: logger)
        } catch APIGatewayV2Error.notFound {
            return nil
        }
    }

    /// Puts the domain name on another certificate (its one REGIONAL, TLS 1.2 configuration replaced).
    package func updateDomainName(_ name: String, certificateArn: String, logger: Logger) async throws -> DomainName {
        try await restCall(
            "UpdateDomainName", "PATCH", AWSRequest.path("v2", "domainnames", name), body: UpdateDomainNameInput(certificateArn: certificateArn), logger: logger)
    }

    package func deleteDomainName(_ name: String, logger: Logger) async throws {
        let _: EmptyShape = try await restCall("DeleteDomainName", "DELETE", AWSRequest.path("v2", "domainnames", name), logger: logger)
    }

    package func createApiMapping(_ domain: String, apiId: String, stage: String, logger: Logger) async throws -> ApiMapping {
        try await restCall(
            "CreateApiMapping", "POST", AWSRequest.path("v2", "domainnames", domain, "apimappings"), body: CreateApiMappingInput(apiId: apiId, stage: stage),
            idempotent: false, logger: logger)
    }

    /// Every mapping of the domain name (one page holds them: a domain has few).
    package func getApiMappings(_ domain: String, logger: Logger) async throws -> [ApiMapping] {
        let output: GetApiMappingsOutput = try await restCall(
            "GetApiMappings", "GET", AWSRequest.path("v2", "domainnames", domain, "apimappings"), query: [("maxResults", "100")], logger: logger)
        return output.items ?? []
    }

    package func deleteApiMapping(_ domain: String, mappingId: String, logger: Logger) async throws {
        let _: EmptyShape = try await restCall("DeleteApiMapping", "DELETE", AWSRequest.path("v2", "domainnames", domain, "apimappings", mappingId), logger: logger)
    }
}

package struct CreateDomainNameInput: Encodable, Sendable {
    package var domainName: String
    package var domainNameConfigurations: [DomainNameConfiguration]
    package var tags: [String: String]
    package init(domainName: String, certificateArn: String, tags: [String: String]) {
        self.domainName = domainName
        domainNameConfigurations = [DomainNameConfiguration(certificateArn: certificateArn, endpointType: "REGIONAL", securityPolicy: "TLS_1_2")]
        self.tags = tags
    }
}

struct UpdateDomainNameInput: Encodable, Sendable {
    var domainNameConfigurations: [DomainNameConfiguration]
    init(certificateArn: String) {
        domainNameConfigurations = [DomainNameConfiguration(certificateArn: certificateArn, endpointType: "REGIONAL", securityPolicy: "TLS_1_2")]
    }
}

package struct DomainNameConfiguration: Codable, Sendable, Equatable {
    package var certificateArn: String?
    package var endpointType: String?
    package var securityPolicy: String?
    /// The regional name to alias to (`d-<id>.execute-api.<region>.amazonaws.com`) and its hosted zone.
    package var apiGatewayDomainName: String?
    package var hostedZoneId: String?
    package var domainNameStatus: String?

    package init(
        certificateArn: String?, endpointType: String?, securityPolicy: String?, apiGatewayDomainName: String? = nil, hostedZoneId: String? = nil,
        domainNameStatus: String? = nil
    ) {
        self.certificateArn = certificateArn
        self.endpointType = endpointType
        self.securityPolicy = securityPolicy
        self.apiGatewayDomainName = apiGatewayDomainName
        self.hostedZoneId = hostedZoneId
        self.domainNameStatus = domainNameStatus
    }
}

package struct DomainName: Decodable, Sendable, Equatable {
    package var domainName: String
    package var domainNameConfigurations: [DomainNameConfiguration]?
    package var tags: [String: String]?

    package init(domainName: String, domainNameConfigurations: [DomainNameConfiguration]?, tags: [String: String]?) {
        self.domainName = domainName
        self.domainNameConfigurations = domainNameConfigurations
        self.tags = tags
    }
}

struct CreateApiMappingInput: Encodable, Sendable {
    var apiId: String
    var stage: String
}

package struct ApiMapping: Decodable, Sendable, Equatable {
    package var apiMappingId: String
    package var apiId: String?
    package var stage: String?
    package var apiMappingKey: String?
}

struct GetApiMappingsOutput: Decodable, Sendable {
    var items: [ApiMapping]?
}
