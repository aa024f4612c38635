import Foundation

/// Turns an HTTP request into an API Gateway v2 (payload 2.0) event and the function's answer back into
/// HTTP, as API Gateway does for `$default` routes.
package enum LocalEvent {
    package struct HTTPRequest: Sendable {
        package var method: String
        /// The request target: path and query, as received.
        package var target: String
        package var headers: [(name: String, value: String)]
        package var body: [UInt8]

        package init(method: String, target: String, headers: [(name: String, value: String)], body: [UInt8]) {
            self.method = method
            self.target = target
            self.headers = headers
            self.body = body
        }
    }

    package struct HTTPResponse: Sendable, Equatable {
        package var status: Int
        package var headers: [(name: String, value: String)]
        package var body: [UInt8]

        package static func == (lhs: HTTPResponse, rhs: HTTPResponse) -> Bool {
            lhs.status == rhs.status && lhs.body == rhs.body && lhs.headers.elementsEqual(rhs.headers) { $0 == $1 }
        }
    }

    /// Content types sent as text; anything else is base64-encoded, as API Gateway does for binary bodies.
    static func isText(_ contentType: String?) -> Bool {
        guard let type = contentType?.lowercased() else { return true }
        return type.hasPrefix("text/") || type.contains("json") || type.contains("xml") || type.contains("x-www-form-urlencoded") || type.contains("javascript")
    }

    package static func event(for request: HTTPRequest, requestID: String, now: Date = Date()) throws -> [UInt8] {
        let (path, query) = split(request.target)
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
        var event: [String: Any] = [
            "version": "2.0",
            "routeKey": "$default",
            "rawPath": path,
            "rawQueryString": query,
            "headers": headers,
            "requestContext": [
                "accountId": "local", "apiId": "local", "domainName": headers["host"] ?? "localhost", "requestId": requestID, "routeKey": "$default",
                "stage": "$default", "time": ISO8601DateFormatter().string(from: now), "timeEpoch": Int(now.timeIntervalSince1970 * 1000),
                "http": ["method": request.method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1", "userAgent": headers["user-agent"] ?? ""],
            ],
            "isBase64Encoded": !request.body.isEmpty && !text,
        ]
        if !cookies.isEmpty { event["cookies"] = cookies }
        if !parameters.isEmpty { event["queryStringParameters"] = parameters }
        if !request.body.isEmpty { event["body"] = text ? String(decoding: request.body, as: UTF8.self) : Data(request.body).base64EncodedString() }
        return Array(try JSONSerialization.data(withJSONObject: event, options: [.sortedKeys]))
    }

    /// The function's answer: a payload 2.0 response object; anything else is sent as a JSON 200 body, as
    /// API Gateway does.
    package static func response(from payload: [UInt8]) -> HTTPResponse {
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any], let status = object["statusCode"] as? Int else {
            return HTTPResponse(status: 200, headers: [(name: "content-type", value: "application/json")], body: payload)
        }
        var headers = (object["headers"] as? [String: String] ?? [:]).sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        for cookie in object["cookies"] as? [String] ?? [] { headers.append((name: "set-cookie", value: cookie)) }
        let body = object["body"] as? String ?? ""
        let bytes = (object["isBase64Encoded"] as? Bool ?? false) ? Array(Data(base64Encoded: body) ?? Data()) : Array(body.utf8)
        return HTTPResponse(status: status, headers: headers, body: bytes)
    }

    static func split(_ target: String) -> (path: String, query: String) {
        guard let mark = target.firstIndex(of: "?") else { return (target, "") }
        return (String(target[..<mark]), String(target[target.index(after: mark)...]))
    }
}
