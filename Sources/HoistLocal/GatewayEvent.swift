import Foundation
import LambdaContract

/// Turns an HTTP request into an API Gateway v2 (payload 2.0) event and the function's answer back into
/// HTTP, as API Gateway does for `$default` routes. The event is the type the function decodes; `hoist local`
/// and `hoist invoke` both build it here, so a function sees the same event from either.
package enum GatewayEvent {
    /// What API Gateway adds about where a request came in: `hoist local` has no account or API of its own,
    /// `hoist invoke` names the deployed ones, so a function that builds links from them gets real values.
    package struct Origin: Sendable {
        package var accountID: String
        package var apiID: String
        /// The API's host name; `nil`: the request's `Host` header, as `hoist local` is called by that name.
        package var domainName: String?
        package var sourceIP: String

        package init(accountID: String, apiID: String, domainName: String?, sourceIP: String) {
            self.accountID = accountID
            self.apiID = apiID
            self.domainName = domainName
            self.sourceIP = sourceIP
        }

        package static let local = Origin(accountID: "local", apiID: "local", domainName: nil, sourceIP: "127.0.0.1")
    }

    /// Content types sent as text; anything else is base64-encoded, as API Gateway does for binary bodies.
    static func isText(_ contentType: String?) -> Bool {
        guard let type = contentType?.lowercased() else { return true }
        return type.hasPrefix("text/") || type.contains("json") || type.contains("xml") || type.contains("x-www-form-urlencoded") || type.contains("javascript")
    }

    package static func event(for request: LoopbackHTTPServer.Request, requestID: String, origin: Origin = .local, now: Date = Date()) -> APIGatewayV2Request {
        let (path, query) = split(request.uri)
        var headers: [String: String] = [:]
        var cookies: [String] = []
        for header in request.headers {
            let name = header.name.lowercased()
            if name == "cookie" {
                cookies += header.value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                continue
            }
            headers[name] = headers[name].map { "\($0),\(header.value)" } ?? header.value
        }
        var parameters: [String: String] = [:]
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(parts[1])) : ""
            parameters[key] = parameters[key].map { "\($0),\(value)" } ?? value
        }
        // A body is passed as text only when it is text: bytes that are not UTF-8 (whatever the content type
        // says) go base64-encoded and unchanged, so the function sees them as sent and refuses them, instead of
        // a string with the bad bytes replaced that would parse.
        let text = isText(headers["content-type"]) && String(validating: request.body, as: UTF8.self) != nil
        var event = APIGatewayV2Request(method: request.method, path: path, headers: headers, requestID: requestID)
        event.rawQueryString = query
        event.cookies = cookies.isEmpty ? nil : cookies
        event.queryStringParameters = parameters.isEmpty ? nil : parameters
        event.requestContext = APIGatewayV2Request.RequestContext(
            requestId: requestID,
            http: .init(method: request.method, path: path, protocol: "HTTP/1.1", sourceIp: origin.sourceIP, userAgent: headers["user-agent"] ?? ""),
            accountId: origin.accountID, apiId: origin.apiID, domainName: origin.domainName ?? headers["host"] ?? "localhost", routeKey: "$default",
            stage: "$default",
            time: ISO8601DateFormatter().string(from: now), timeEpoch: Int64(now.timeIntervalSince1970 * 1000))
        event.isBase64Encoded = !request.body.isEmpty && !text
        event.body = request.body.isEmpty ? nil : text ? String(decoding: request.body, as: UTF8.self) : Data(request.body).base64EncodedString()
        return event
    }

    /// The event as the Runtime API hands it to the bootstrap.
    package static func payload(_ event: APIGatewayV2Request) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(event))
    }

    /// The function's answer: a payload 2.0 response object; anything else is sent as a JSON 200 body, as
    /// API Gateway does.
    package static func response(from payload: [UInt8]) -> LoopbackHTTPServer.Response {
        guard let answer = try? JSONDecoder().decode(APIGatewayV2Response.self, from: Data(payload)) else {
            return LoopbackHTTPServer.Response(status: 200, headers: [(name: "content-type", value: "application/json")], body: payload)
        }
        // A status no HTTP answer can have is a malformed Lambda response, which API Gateway answers with 502.
        guard (100...599).contains(answer.statusCode) else {
            return LoopbackHTTPServer.Response(status: 502, headers: [(name: "content-type", value: "application/json")], body: Array(#"{"message":"Internal Server Error"}"#.utf8))
        }
        var headers = answer.headers.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        for cookie in answer.cookies ?? [] { headers.append((name: "set-cookie", value: cookie)) }
        let body = answer.isBase64Encoded ? Array(Data(base64Encoded: answer.body) ?? Data()) : Array(answer.body.utf8)
        return LoopbackHTTPServer.Response(status: answer.statusCode, headers: headers, body: body)
    }

    static func split(_ target: String) -> (path: String, query: String) {
        guard let mark = target.firstIndex(of: "?") else { return (target, "") }
        return (String(target[..<mark]), String(target[target.index(after: mark)...]))
    }
}
