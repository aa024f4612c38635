/// An absolute `http`/`https` URL split into where to connect and what to ask for: endpoint overrides are
/// read with it, and the function's HTTP client connects with it.
package struct HTTPURL: Equatable, Sendable {
    /// Where a connection goes; the function's client keeps idle connections per origin.
    package struct Origin: Hashable, Sendable, CustomStringConvertible {
        package var secure: Bool
        /// Without brackets, also for an IPv6 address.
        package var host: String
        package var port: Int

        package var description: String { "\(secure ? "https" : "http")://\(bracketedHost):\(port)" }

        /// The host as it stands in a URL or a `Host` header: an IPv6 address in brackets.
        package var bracketedHost: String { host.contains(":") ? "[\(host)]" : host }

        /// The `Host` header value: the port only when it is not the scheme's default.
        package var hostHeader: String { port == (secure ? 443 : 80) ? bracketedHost : "\(bracketedHost):\(port)" }
    }

    package var origin: Origin
    /// The port as the URL gave it; `nil` when it relies on the scheme's default.
    package var explicitPort: Int?
    /// Path and query as they go on the request line; `/` when the URL has none.
    package var target: String

    /// Parses `scheme://host[:port][/path][?query]` (scheme in any case); `nil` for anything else: user
    /// info, other schemes, an empty host, a port outside 1–65535.
    package init?(_ url: String) {
        guard let colon = url.firstIndex(of: ":"), url[colon...].hasPrefix("://") else { return nil }
        let scheme = url[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = url[url.index(colon, offsetBy: 3)...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        var host = authority
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let afterHost = authority[authority.index(after: close)...]
            if !afterHost.isEmpty {
                guard afterHost.hasPrefix(":") else { return nil }
                portText = afterHost.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        }
        if let portText {
            guard let port = Int(portText), (1...65535).contains(port) else { return nil }
            explicitPort = port
        }
        guard !host.isEmpty else { return nil }
        let secure = scheme == "https"
        origin = Origin(secure: secure, host: String(host), port: explicitPort ?? (secure ? 443 : 80))
        let target = rest[authorityEnd...]
        self.target = target.hasPrefix("?") ? "/" + target : target.isEmpty ? "/" : String(target)
    }
}
