import ExtrasBase64

/// An HTTP API request as API Gateway hands it to the function: the event of payload format 2.0
/// (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html). The
/// function decodes it and `hoist local` builds it: one type, so the two cannot drift apart.
public struct APIGatewayV2Request: Codable, Sendable, Equatable {
    public struct RequestContext: Codable, Sendable, Equatable {
        public struct HTTP: Codable, Sendable, Equatable {
            public var method: String
            public var path: String
            public var `protocol`: String?
            public var sourceIp: String?
            public var userAgent: String?
            public init(method: String, path: String, protocol: String? = nil, sourceIp: String? = nil, userAgent: String? = nil) {
                self.method = method
                self.path = path
                self.protocol = `protocol`
                self.sourceIp = sourceIp
                self.userAgent = userAgent
            }
        }
        /// What the route's authorizer established: a JWT authorizer's verified claims and scopes, or the
        /// IAM caller.
        public struct Authorizer: Codable, Sendable, Equatable {
            public struct JWT: Codable, Sendable, Equatable {
                public var claims: [String: String]
                public var scopes: [String]?
                public init(claims: [String: String], scopes: [String]?) {
                    self.claims = claims
                    self.scopes = scopes
                }
            }
            public struct IAM: Codable, Sendable, Equatable {
                public var accessKey: String?
                public init(accessKey: String?) { self.accessKey = accessKey }
            }
            public var jwt: JWT?
            public var iam: IAM?
            public init(jwt: JWT? = nil, iam: IAM? = nil) {
                self.jwt = jwt
                self.iam = iam
            }
        }
        public var accountId: String?
        public var apiId: String?
        public var authorizer: Authorizer?
        public var domainName: String?
        public var requestId: String
        public var routeKey: String?
        public var stage: String?
        /// The request time, as text.
        public var time: String?
        /// The request time in milliseconds since 1970.
        public var timeEpoch: Int64?
        public var http: HTTP
        public init(
            requestId: String, http: HTTP, accountId: String? = nil, apiId: String? = nil, domainName: String? = nil, routeKey: String? = nil,
            stage: String? = nil, time: String? = nil, timeEpoch: Int64? = nil
        ) {
            self.requestId = requestId
            self.http = http
            self.accountId = accountId
            self.apiId = apiId
            self.domainName = domainName
            self.routeKey = routeKey
            self.stage = stage
            self.time = time
            self.timeEpoch = timeEpoch
        }
    }

    public var version: String?
    public var routeKey: String?
    public var rawPath: String
    public var rawQueryString: String?
    /// The `Cookie` header's cookies, one per element (API Gateway takes them out of `headers`).
    public var cookies: [String]?
    /// Header names in lower case; repeated headers joined with commas.
    public var headers: [String: String]?
    public var queryStringParameters: [String: String]?
    public var pathParameters: [String: String]?
    public var requestContext: RequestContext
    public var body: String?
    public var isBase64Encoded: Bool?

    public init(method: String, path: String, query: [String: String]? = nil, headers: [String: String]? = nil, body: String? = nil, requestID: String = "req") {
        version = "2.0"
        routeKey = "$default"
        rawPath = path
        rawQueryString = query.map { $0.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "&") }
        self.headers = headers
        queryStringParameters = query
        requestContext = RequestContext(requestId: requestID, http: .init(method: method, path: path))
        self.body = body
        isBase64Encoded = false
    }

    /// The HTTP method, upper case.
    public var method: String { requestContext.http.method.uppercased() }

    /// The body's bytes, decoded from base64 when API Gateway encoded it.
    public var bodyBytes: [UInt8]? {
        guard let body else { return nil }
        if isBase64Encoded == true { return try? Base64.decode(string: body) }
        return Array(body.utf8)
    }
}
