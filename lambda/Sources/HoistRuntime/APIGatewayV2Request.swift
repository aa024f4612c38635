#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An HTTP API request as API Gateway hands it to the function: the event of payload format 2.0
/// (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html).
public struct APIGatewayV2Request: Codable, Sendable, Equatable {
    public struct RequestContext: Codable, Sendable, Equatable {
        public struct HTTP: Codable, Sendable, Equatable {
            public var method: String
            public var path: String
            public var sourceIp: String?
            public var userAgent: String?
            public init(method: String, path: String, sourceIp: String? = nil, userAgent: String? = nil) {
                self.method = method
                self.path = path
                self.sourceIp = sourceIp
                self.userAgent = userAgent
            }
        }
        public var requestId: String
        public var http: HTTP
        public init(requestId: String, http: HTTP) {
            self.requestId = requestId
            self.http = http
        }
    }

    public var version: String?
    public var routeKey: String?
    public var rawPath: String
    public var rawQueryString: String?
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
        if isBase64Encoded == true { return Data(base64Encoded: body).map(Array.init) }
        return Array(body.utf8)
    }
}

/// The function's answer to API Gateway.
public struct APIGatewayV2Response: Codable, Sendable, Equatable {
    public var statusCode: Int
    public var headers: [String: String]
    public var body: String
    public var isBase64Encoded: Bool

    public init(statusCode: Int, headers: [String: String] = [:], body: String = "", isBase64Encoded: Bool = false) {
        self.statusCode = statusCode
        self.headers = headers
        self.body = body
        self.isBase64Encoded = isBase64Encoded
    }

    /// `value` as a JSON body with its content type.
    public static func json(_ value: some Encodable, status: Int = 200, headers: [String: String] = [:]) throws -> APIGatewayV2Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return APIGatewayV2Response(
            statusCode: status, headers: headers.merging(["content-type": "application/json"]) { current, _ in current },
            body: String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
