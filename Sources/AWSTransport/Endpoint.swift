#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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

    /// Parses an override such as `http://127.0.0.1:5000`; `nil` when it is not an absolute http(s) URL.
    package init?(url: String, signingRegion: String) {
        // Plain index arithmetic: `firstRange(of:)` would link the regex engine into the function's bootstrap.
        guard let colon = url.firstIndex(of: ":"), url[colon...].hasPrefix("://") else { return nil }
        let scheme = url[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var rest = url[url.index(colon, offsetBy: 3)...]
        var basePath = ""
        if let slash = rest.firstIndex(of: "/") {
            basePath = String(rest[slash...])
            rest = rest[..<slash]
            while basePath.hasSuffix("/") { basePath.removeLast() }
        }
        guard !rest.isEmpty, !rest.contains("@"), !rest.contains("?") else { return nil }
        var host = String(rest)
        var port: Int?
        if let colon = rest.lastIndex(of: ":"), !rest.hasSuffix("]") {
            guard let number = Int(rest[rest.index(after: colon)...]), (1...65535).contains(number) else { return nil }
            port = number
            host = String(rest[..<colon])
        }
        guard !host.isEmpty else { return nil }
        self.init(scheme: scheme, host: host, port: port, basePath: basePath, signingRegion: signingRegion)
    }
}
