/// An absolute `http`/`https` URL split into where to connect and what to ask for.
struct RequestURL: Equatable {
    /// Where a connection goes; idle connections are kept per origin.
    struct Origin: Hashable, Sendable, CustomStringConvertible {
        var secure: Bool
        var host: String
        var port: Int

        var description: String { "\(secure ? "https" : "http")://\(host.contains(":") ? "[\(host)]" : host):\(port)" }

        /// The `Host` header value: the port only when it is not the scheme's default.
        var hostHeader: String {
            let name = host.contains(":") ? "[\(host)]" : host
            return port == (secure ? 443 : 80) ? name : "\(name):\(port)"
        }
    }

    var origin: Origin
    /// Path and query as they go on the request line; `/` when the URL has none.
    var target: String

    /// Parses `scheme://host[:port][/path][?query]`; `nil` for anything else (user info, other schemes, bad ports).
    init?(_ url: String) {
        let secure: Bool
        let rest: Substring
        if url.hasPrefix("https://") {
            secure = true
            rest = url.dropFirst(8)
        } else if url.hasPrefix("http://") {
            secure = false
            rest = url.dropFirst(7)
        } else {
            return nil
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        var host = authority
        var port = secure ? 443 : 80
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let afterHost = authority[authority.index(after: close)...]
            if !afterHost.isEmpty {
                guard afterHost.hasPrefix(":"), let number = Int(afterHost.dropFirst()), (1...65535).contains(number) else { return nil }
                port = number
            }
        } else if let colon = authority.firstIndex(of: ":") {
            guard let number = Int(authority[authority.index(after: colon)...]), (1...65535).contains(number) else { return nil }
            host = authority[..<colon]
            port = number
        }
        guard !host.isEmpty else { return nil }
        let target = rest[authorityEnd...]
        origin = Origin(secure: secure, host: String(host), port: port)
        self.target = target.hasPrefix("?") ? "/" + target : target.isEmpty ? "/" : String(target)
    }
}
