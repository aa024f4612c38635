/// Where a request goes and which region it is signed for.
package struct Endpoint: Sendable, Equatable, CustomStringConvertible {
    package var scheme: String
    package var host: String
    package var port: Int?
    /// A path prefix of an override URL (`http://localhost:4566/prefix`), prepended to every request path.
    package var basePath: String
    package var signingRegion: String

    /// The `Host` header: the host, with the port when it is not the scheme's default.
    package var hostHeader: String {
        guard let port, !(scheme == "https" && port == 443), !(scheme == "http" && port == 80) else { return host }
        return "\(host):\(port)"
    }

    package var description: String { "\(scheme)://\(hostHeader)\(basePath)" }

    package init(scheme: String, host: String, port: Int? = nil, basePath: String = "", signingRegion: String) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.basePath = basePath
        self.signingRegion = signingRegion
    }

    /// Parses an override such as `http://127.0.0.1:5000` or `http://localhost:4566/prefix/`; `nil` when it is
    /// not an absolute http(s) URL, or carries a query.
    package init?(url: String, signingRegion: String) {
        guard let parsed = HTTPURL(url), !parsed.target.contains("?") else { return nil }
        var basePath = parsed.target
        while basePath.hasSuffix("/") { basePath.removeLast() }
        self.init(
            scheme: parsed.origin.secure ? "https" : "http", host: parsed.origin.bracketedHost, port: parsed.explicitPort, basePath: basePath,
            signingRegion: signingRegion)
    }
}
