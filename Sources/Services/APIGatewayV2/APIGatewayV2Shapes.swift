/// Shapes of the API Gateway v2 operations hoist uses, named as in the 2018-11-29 model (its wire names are
/// already lowerCamel). Members hoist never sets or reads are left out.

/// Open: `GetApis` lists every API of the account, so a protocol this hoist does not know must not fail the list.
package struct ProtocolType: RawRepresentable, Codable, Sendable, Hashable {
    package var rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }
    package static let http = ProtocolType(rawValue: "HTTP")
}

package enum IntegrationType: String, Codable, Sendable {
    case aws = "AWS", http = "HTTP", mock = "MOCK", httpProxy = "HTTP_PROXY", awsProxy = "AWS_PROXY"
}

package struct Cors: Codable, Sendable, Equatable {
    package var allowCredentials: Bool?
    package var allowHeaders: [String]?
    package var allowMethods: [String]?
    package var allowOrigins: [String]?
    package var exposeHeaders: [String]?
    package var maxAge: Int?

    package init(allowCredentials: Bool? = nil, allowHeaders: [String]? = nil, allowMethods: [String]? = nil, allowOrigins: [String]? = nil, exposeHeaders: [String]? = nil, maxAge: Int? = nil) {
        self.allowCredentials = allowCredentials
        self.allowHeaders = allowHeaders
        self.allowMethods = allowMethods
        self.allowOrigins = allowOrigins
        self.exposeHeaders = exposeHeaders
        self.maxAge = maxAge
    }
}

package struct CreateApiInput: Encodable, Sendable {
    package var name: String
    package var protocolType: ProtocolType
    package var corsConfiguration: Cors?
    package var description: String?
    package var tags: [String: String]?

    package init(name: String, protocolType: ProtocolType, corsConfiguration: Cors? = nil, description: String? = nil, tags: [String: String]? = nil) {
        self.name = name
        self.protocolType = protocolType
        self.corsConfiguration = corsConfiguration
        self.description = description
        self.tags = tags
    }
}

/// `UpdateApi`: only the members given change.
package struct UpdateApiInput: Encodable, Sendable {
    package var name: String?
    package var corsConfiguration: Cors?
    package var description: String?
    package init(name: String? = nil, corsConfiguration: Cors? = nil, description: String? = nil) {
        self.name = name
        self.corsConfiguration = corsConfiguration
        self.description = description
    }
}

package struct Api: Decodable, Sendable, Equatable {
    package var apiId: String
    package var name: String
    package var apiEndpoint: String?
    package var protocolType: ProtocolType?
    package var corsConfiguration: Cors?
    package var tags: [String: String]?
    /// ISO 8601; of two APIs of one name, the older is the one kept.
    package var createdDate: String?
}

package struct GetApisOutput: Decodable, Sendable {
    package var items: [Api]?
    package var nextToken: String?
}

package struct CreateIntegrationInput: Encodable, Sendable {
    package var integrationType: IntegrationType
    package var integrationUri: String?
    package var integrationMethod: String?
    package var payloadFormatVersion: String?
    package var timeoutInMillis: Int?

    package init(integrationType: IntegrationType, integrationUri: String? = nil, integrationMethod: String? = nil, payloadFormatVersion: String? = nil, timeoutInMillis: Int? = nil) {
        self.integrationType = integrationType
        self.integrationUri = integrationUri
        self.integrationMethod = integrationMethod
        self.payloadFormatVersion = payloadFormatVersion
        self.timeoutInMillis = timeoutInMillis
    }
}

package struct Integration: Decodable, Sendable, Equatable {
    package var integrationId: String
    package var integrationType: IntegrationType?
    package var integrationUri: String?
    package var integrationMethod: String?
    package var payloadFormatVersion: String?
    package var timeoutInMillis: Int?
}

package struct GetIntegrationsOutput: Decodable, Sendable {
    package var items: [Integration]?
    package var nextToken: String?
}

/// How a route checks its callers (the model's `AuthorizationType`).
package enum AuthorizationType: String, Codable, Sendable {
    case none = "NONE", awsIAM = "AWS_IAM", custom = "CUSTOM", jwt = "JWT"
}

/// `CreateRoute`, and `UpdateRoute` with every member given. An empty `authorizerId` detaches the authorizer
/// (terraform-provider-aws sends the same when `authorizer_id` is removed).
package struct CreateRouteInput: Encodable, Sendable {
    package var routeKey: String
    /// `integrations/<integrationId>`
    package var target: String?
    package var authorizationType: AuthorizationType?
    package var authorizerId: String?
    package init(routeKey: String, target: String? = nil, authorizationType: AuthorizationType? = nil, authorizerId: String? = nil) {
        self.routeKey = routeKey
        self.target = target
        self.authorizationType = authorizationType
        self.authorizerId = authorizerId
    }
}

package struct Route: Decodable, Sendable, Equatable {
    package var routeId: String
    package var routeKey: String
    package var target: String?
    package var authorizationType: AuthorizationType?
    package var authorizerId: String?
}

package enum AuthorizerType: String, Codable, Sendable {
    case request = "REQUEST", jwt = "JWT"
}

package struct JWTConfiguration: Codable, Sendable, Equatable {
    package var audience: [String]?
    package var issuer: String?
    package init(audience: [String]?, issuer: String?) {
        self.audience = audience
        self.issuer = issuer
    }
}

/// `CreateAuthorizer`, and `UpdateAuthorizer` with every member given.
package struct AuthorizerInput: Encodable, Sendable {
    package var authorizerType: AuthorizerType
    package var identitySource: [String]
    package var name: String
    package var jwtConfiguration: JWTConfiguration?
    package init(authorizerType: AuthorizerType, identitySource: [String], name: String, jwtConfiguration: JWTConfiguration?) {
        self.authorizerType = authorizerType
        self.identitySource = identitySource
        self.name = name
        self.jwtConfiguration = jwtConfiguration
    }
}

package struct Authorizer: Decodable, Sendable, Equatable {
    package var authorizerId: String
    package var authorizerType: AuthorizerType?
    package var identitySource: [String]?
    package var name: String
    package var jwtConfiguration: JWTConfiguration?
}

package struct GetAuthorizersOutput: Decodable, Sendable {
    package var items: [Authorizer]?
    package var nextToken: String?
}

package struct GetRoutesOutput: Decodable, Sendable {
    package var items: [Route]?
    package var nextToken: String?
}

package struct AccessLogSettings: Codable, Sendable, Equatable {
    package var destinationArn: String?
    package var format: String?
    package init(destinationArn: String?, format: String?) {
        self.destinationArn = destinationArn
        self.format = format
    }
}

/// A stage's settings for its routes; hoist sets only the throttling (absent members: the account's limits).
package struct RouteSettings: Codable, Sendable, Equatable {
    package var throttlingBurstLimit: Int?
    package var throttlingRateLimit: Double?
    package init(throttlingBurstLimit: Int? = nil, throttlingRateLimit: Double? = nil) {
        self.throttlingBurstLimit = throttlingBurstLimit
        self.throttlingRateLimit = throttlingRateLimit
    }
}

package struct CreateStageInput: Encodable, Sendable {
    package var stageName: String
    package var autoDeploy: Bool?
    package var accessLogSettings: AccessLogSettings?
    package var defaultRouteSettings: RouteSettings?
    package var tags: [String: String]?
    package init(
        stageName: String, autoDeploy: Bool? = nil, accessLogSettings: AccessLogSettings? = nil, defaultRouteSettings: RouteSettings? = nil,
        tags: [String: String]? = nil
    ) {
        self.stageName = stageName
        self.autoDeploy = autoDeploy
        self.accessLogSettings = accessLogSettings
        self.defaultRouteSettings = defaultRouteSettings
        self.tags = tags
    }
}

/// `UpdateStage`: only the members given change; a given `defaultRouteSettings` replaces the whole settings.
package struct UpdateStageInput: Encodable, Sendable {
    package var autoDeploy: Bool?
    package var accessLogSettings: AccessLogSettings?
    package var defaultRouteSettings: RouteSettings?
    package init(autoDeploy: Bool? = nil, accessLogSettings: AccessLogSettings? = nil, defaultRouteSettings: RouteSettings? = nil) {
        self.autoDeploy = autoDeploy
        self.accessLogSettings = accessLogSettings
        self.defaultRouteSettings = defaultRouteSettings
    }
}

package struct Stage: Decodable, Sendable, Equatable {
    package var stageName: String
    package var autoDeploy: Bool?
    package var accessLogSettings: AccessLogSettings?
    package var defaultRouteSettings: RouteSettings?
    package var tags: [String: String]?
}

