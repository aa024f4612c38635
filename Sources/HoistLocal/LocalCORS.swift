/// CORS as an HTTP API with a CORS configuration applies it, for `hoist local`: API Gateway answers a preflight
/// (OPTIONS with `Origin` and `Access-Control-Request-Method`) itself without calling the function, and adds
/// `Access-Control-Allow-Origin` to the answer of any request whose `Origin` is allowed
/// (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html). Without a configuration
/// (`cors: false`) nothing is added, as nothing is by API Gateway.
package struct LocalCORS: Sendable {
    package var allowOrigins: [String]
    package var allowMethods: [String]
    package var allowHeaders: [String]

    package init(allowOrigins: [String], allowMethods: [String], allowHeaders: [String]) {
        self.allowOrigins = allowOrigins
        self.allowMethods = allowMethods
        self.allowHeaders = allowHeaders
    }

    /// The value of `Access-Control-Allow-Origin` for `origin`, when it is allowed.
    func allowed(_ origin: String?) -> String? {
        guard let origin else { return nil }
        if allowOrigins.contains("*") { return "*" }
        return allowOrigins.contains(origin) ? origin : nil
    }

    /// API Gateway's own answer to a preflight, or `nil` when the request is not one.
    func preflight(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response? {
        func header(_ name: String) -> String? { request.headers.first { $0.name.lowercased() == name }?.value }
        guard request.method == "OPTIONS", header("access-control-request-method") != nil, let origin = header("origin") else { return nil }
        var headers: [(name: String, value: String)] = []
        if let allowed = allowed(origin) {
            headers = [
                (name: "access-control-allow-origin", value: allowed), (name: "access-control-allow-methods", value: allowMethods.joined(separator: ",")),
                (name: "access-control-allow-headers", value: allowHeaders.joined(separator: ",").lowercased()),
            ]
        }
        return LoopbackHTTPServer.Response(status: 204, headers: headers)
    }

    /// The function's answer with the CORS header its request's `Origin` earns.
    func decorate(_ response: LoopbackHTTPServer.Response, for request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        guard let allowed = allowed(request.headers.first(where: { $0.name.lowercased() == "origin" })?.value) else { return response }
        var response = response
        response.headers.removeAll { $0.name.lowercased() == "access-control-allow-origin" }
        response.headers.append((name: "access-control-allow-origin", value: allowed))
        return response
    }
}
