import LeanJSON

/// The function's answer to API Gateway (payload format 2.0). `hoist local` reads it as API Gateway does: every
/// member but `statusCode` may be left out.
public struct APIGatewayV2Response: Codable, Sendable, Equatable {
    public var statusCode: Int
    public var headers: [String: String]
    public var body: String
    public var isBase64Encoded: Bool
    /// Cookies to set, one `Set-Cookie` header each.
    public var cookies: [String]?

    public init(statusCode: Int, headers: [String: String] = [:], body: String = "", isBase64Encoded: Bool = false, cookies: [String]? = nil) {
        self.statusCode = statusCode
        self.headers = headers
        self.body = body
        self.isBase64Encoded = isBase64Encoded
        self.cookies = cookies
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        statusCode = try container.decode(Int.self, forKey: .statusCode)
        headers = try container.decodeIfPresent([String: String].self, forKey: .headers) ?? [:]
        body = try container.decodeIfPresent(String.self, forKey: .body) ?? ""
        isBase64Encoded = try container.decodeIfPresent(Bool.self, forKey: .isBase64Encoded) ?? false
        cookies = try container.decodeIfPresent([String].self, forKey: .cookies)
    }

    /// `value` as a JSON body with its content type.
    public static func json(_ value: some Encodable, status: Int = 200, headers: [String: String] = [:]) throws -> APIGatewayV2Response {
        APIGatewayV2Response(
            statusCode: status, headers: headers.merging(["content-type": "application/json"]) { current, _ in current },
            body: String(decoding: try LeanJSONEncoder().encode(value), as: UTF8.self))
    }
}
