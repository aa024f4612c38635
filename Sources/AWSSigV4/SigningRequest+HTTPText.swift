/// Reading and writing a request as HTTP/1.1 text, so `hoist debug sign` and AWS's test suite can speak in
/// the raw form people paste from a packet capture or a log.
extension SigningRequest {
    package enum HTTPTextError: Error, Equatable, CustomStringConvertible {
        case missingRequestLine
        case malformedRequestLine(String)
        case malformedHeader(line: Int, text: String)

        package var description: String {
            switch self {
            case .missingRequestLine:
                "the request is empty; it must start with a request line such as 'GET /path HTTP/1.1'"
            case .malformedRequestLine(let line):
                "malformed request line '\(line)'; expected 'METHOD TARGET HTTP/1.1'"
            case .malformedHeader(let line, let text):
                "line \(line): malformed header '\(text)'; expected 'Name: value'"
            }
        }
    }

    /// Parses `METHOD TARGET HTTP/x.y`, header lines (continuation lines folded into the value with a line
    /// break, as the suite's multi-line case sends them), a blank line and the body.
    package init(httpText text: String) throws(HTTPTextError) {
        var lines: [Substring] = []
        var body = Substring("")
        var rest = Substring(text)
        while true {
            guard let newline = rest.firstIndex(of: "\n") else {
                if !rest.isEmpty { lines.append(rest) }
                break
            }
            var line = rest[..<newline]
            if line.hasSuffix("\r") { line = line.dropLast() }
            rest = rest[rest.index(after: newline)...]
            if line.isEmpty, !lines.isEmpty {
                body = rest
                break
            }
            lines.append(line)
        }
        guard let requestLine = lines.first, !requestLine.isEmpty else { throw .missingRequestLine }
        guard let firstSpace = requestLine.firstIndex(of: " "), let lastSpace = requestLine.lastIndex(of: " "), firstSpace < lastSpace,
            requestLine[requestLine.index(after: lastSpace)...].hasPrefix("HTTP/")
        else { throw .malformedRequestLine(String(requestLine)) }
        let method = String(requestLine[..<firstSpace])
        let target = requestLine[requestLine.index(after: firstSpace)..<lastSpace]
        let path: Substring
        let query: Substring
        if let mark = target.firstIndex(of: "?") {
            path = target[..<mark]
            query = target[target.index(after: mark)...]
        } else {
            path = target
            query = ""
        }
        var headers: [(name: String, value: String)] = []
        for (offset, line) in lines.dropFirst().enumerated() {
            if let first = line.first, first == " " || first == "\t" {
                guard !headers.isEmpty else { throw .malformedHeader(line: offset + 2, text: String(line)) }
                headers[headers.count - 1].value += "\n" + line
                continue
            }
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                throw .malformedHeader(line: offset + 2, text: String(line))
            }
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            headers.append((name: String(line[..<colon]), value: String(value)))
        }
        self.init(method: method, path: String(path), query: String(query), headers: headers, payload: .bytes(Array(body.utf8)))
    }

    /// The request as HTTP/1.1 text; an unsigned or pre-hashed payload has no body to show.
    package var httpText: String {
        var text = "\(method) \(path)\(query.isEmpty ? "" : "?" + query) HTTP/1.1\n"
        for header in headers { text += "\(header.name): \(header.value)\n" }
        text += "\n"
        if case .bytes(let body) = payload { text += String(decoding: body, as: UTF8.self) }
        return text
    }
}
