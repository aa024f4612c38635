#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An HTTP API event, payload format 2.0: only the members the items API reads.
package struct APIGatewayV2Request: Codable, Sendable, Equatable {
    package struct RequestContext: Codable, Sendable, Equatable {
        package struct HTTP: Codable, Sendable, Equatable {
            package var method: String
            package var path: String
            package init(method: String, path: String) {
                self.method = method
                self.path = path
            }
        }
        package var requestId: String
        package var http: HTTP
        package init(requestId: String, http: HTTP) {
            self.requestId = requestId
            self.http = http
        }
    }

    package var version: String?
    package var routeKey: String?
    package var rawPath: String
    package var rawQueryString: String?
    package var headers: [String: String]?
    package var queryStringParameters: [String: String]?
    package var requestContext: RequestContext
    package var body: String?
    package var isBase64Encoded: Bool?

    package init(method: String, path: String, query: [String: String]? = nil, headers: [String: String]? = nil, body: String? = nil, requestID: String = "req") {
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

    /// The body's bytes, decoded from base64 when API Gateway encoded it.
    package var bodyBytes: [UInt8]? {
        guard let body else { return nil }
        if isBase64Encoded == true { return Data(base64Encoded: body).map(Array.init) }
        return Array(body.utf8)
    }
}

/// The function's answer to API Gateway.
package struct APIGatewayV2Response: Codable, Sendable, Equatable {
    package var statusCode: Int
    package var headers: [String: String]
    package var body: String
    package var isBase64Encoded: Bool

    package init(statusCode: Int, headers: [String: String], body: String, isBase64Encoded: Bool = false) {
        self.statusCode = statusCode
        self.headers = headers
        self.body = body
        self.isBase64Encoded = isBase64Encoded
    }
}
