/// HTTP/1.1 framing (RFC 9112) for one exchange: the request's bytes, and the response read back from a
/// stream, with its body delimited by `Content-Length`, chunked coding or the end of the connection.
enum HTTP1 {
    struct Response {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]
        /// Whether the connection may carry another request.
        var keepAlive: Bool
    }

    /// Why an exchange failed; `beforeAnswer` when not one byte of the answer arrived, so a request sent on a
    /// connection the server had already closed can go again on a new one.
    enum Failure: Error {
        case timeout
        case broken(String, beforeAnswer: Bool)
        /// No connection (or no TLS session) could be made: nothing was sent.
        case unreachable(String)
    }

    /// The request line, headers and body as they go on the wire. Header values with a line break are refused:
    /// they would let a value smuggle in headers of its own.
    static func requestBytes(method: String, target: String, headers: [(name: String, value: String)], body: [UInt8]) throws(Failure) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256 + body.count)
        output += "\(method) \(target) HTTP/1.1\r\n".utf8
        for header in headers {
            guard !header.name.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 58 }), !header.value.utf8.contains(where: { $0 == 13 || $0 == 10 }) else {
                throw .broken("header '\(header.name)' has a line break or colon where none may be", beforeAnswer: true)
            }
            output += header.name.utf8
            output += ": ".utf8
            output += header.value.utf8
            output += "\r\n".utf8
        }
        output += "\r\n".utf8
        output += body
        return output
    }

    /// Reads a response from `stream` a buffer at a time.
    struct ResponseReader {
        private let stream: any ByteStream
        private let deadline: ContinuousClock.Instant
        private let maximumBodySize: Int
        /// Bytes read but not yet parsed, from `position` on.
        private var pending: [UInt8] = []
        private var position = 0
        /// Where each read lands before it joins `pending`.
        private var chunk = [UInt8](repeating: 0, count: 16 << 10)
        private(set) var receivedAny = false

        init(stream: any ByteStream, deadline: ContinuousClock.Instant, maximumBodySize: Int) {
            self.stream = stream
            self.deadline = deadline
            self.maximumBodySize = maximumBodySize
        }

        mutating func read(method: String) throws(Failure) -> Response {
            var (status, minorVersion, headers) = try readHead()
            while (100..<200).contains(status), status != 101 {
                (status, minorVersion, headers) = try readHead()
            }
            func header(_ name: String) -> String? { headers.last { $0.name.lowercased() == name }?.value }
            // A token list (`keep-alive, Upgrade`), read token by token: `String.contains(String)` would link
            // the regex engine (1.2 MB) into the bootstrap.
            let connection = (header("connection")?.lowercased() ?? "").split(separator: ",").map(\.trimmed)
            var keepAlive = minorVersion >= 1 ? !connection.contains("close") : connection.contains("keep-alive")
            let body: [UInt8]
            if method == "HEAD" || status == 204 || status == 304 {
                body = []
            } else if let coding = header("transfer-encoding")?.lowercased(), coding.hasSuffix("chunked") {
                body = try readChunked()
            } else if let lengthText = header("content-length") {
                guard let length = Int(lengthText.trimmed), length >= 0 else { throw .broken("bad Content-Length '\(lengthText)'", beforeAnswer: false) }
                guard length <= maximumBodySize else { throw .broken("the answer's \(length) bytes exceed \(maximumBodySize)", beforeAnswer: false) }
                body = try readExactly(length)
            } else {
                body = try readToEnd()
                keepAlive = false
            }
            return Response(status: status, headers: headers, body: body, keepAlive: keepAlive)
        }

        private mutating func readHead() throws(Failure) -> (status: Int, minorVersion: Int, headers: [(name: String, value: String)]) {
            let statusLine = try readLine()
            let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]), (100...999).contains(status) else {
                throw .broken("not an HTTP/1.x status line: '\(statusLine.prefix(100))'", beforeAnswer: false)
            }
            let minorVersion = parts[0].last.flatMap { Int(String($0)) } ?? 0
            var headers: [(name: String, value: String)] = []
            var headerBytes = 0
            while true {
                let line = try readLine()
                if line.isEmpty { break }
                headerBytes += line.utf8.count
                guard headerBytes <= 64 << 10 else { throw .broken("the answer's headers exceed 64 KiB", beforeAnswer: false) }
                guard let colon = line.firstIndex(of: ":") else { throw .broken("malformed header line '\(line.prefix(100))'", beforeAnswer: false) }
                headers.append((name: String(line[..<colon]), value: String(line[line.index(after: colon)...]).trimmed))
            }
            return (status, minorVersion, headers)
        }

        private mutating func readChunked() throws(Failure) -> [UInt8] {
            var body: [UInt8] = []
            while true {
                let sizeLine = try readLine()
                let sizeText = sizeLine.prefix { $0 != ";" }.trimmed
                guard let size = Int(sizeText, radix: 16), size >= 0 else { throw .broken("bad chunk size '\(sizeLine.prefix(40))'", beforeAnswer: false) }
                if size == 0 {
                    while try !readLine().isEmpty {}
                    return body
                }
                guard body.count + size <= maximumBodySize else { throw .broken("the answer exceeds \(maximumBodySize) bytes", beforeAnswer: false) }
                body += try readExactly(size)
                guard try readLine().isEmpty else { throw .broken("a chunk does not end where its size says", beforeAnswer: false) }
            }
        }

        private mutating func readExactly(_ count: Int) throws(Failure) -> [UInt8] {
            while pending.count - position < count {
                guard try fill() else { throw .broken("the server closed the connection in the middle of the answer", beforeAnswer: false) }
            }
            defer { position += count }
            return Array(pending[position..<(position + count)])
        }

        private mutating func readToEnd() throws(Failure) -> [UInt8] {
            while try fill() {
                guard pending.count - position <= maximumBodySize else { throw .broken("the answer exceeds \(maximumBodySize) bytes", beforeAnswer: false) }
            }
            defer { position = pending.count }
            return Array(pending[position...])
        }

        /// A line without its CRLF (a bare LF is accepted too).
        private mutating func readLine() throws(Failure) -> String {
            while true {
                if let newline = pending[position...].firstIndex(of: 10) {
                    var end = newline
                    if end > position, pending[end - 1] == 13 { end -= 1 }
                    defer { position = newline + 1 }
                    return String(decoding: pending[position..<end], as: UTF8.self)
                }
                guard pending.count - position <= 64 << 10 else { throw .broken("a line of the answer exceeds 64 KiB", beforeAnswer: false) }
                guard try fill() else {
                    throw .broken("the server closed the connection before the answer was complete", beforeAnswer: !receivedAny)
                }
            }
        }

        /// Appends what the stream has; `false` at its end.
        private mutating func fill() throws(Failure) -> Bool {
            if position > 0, position == pending.count {
                pending.removeAll(keepingCapacity: true)
                position = 0
            }
            let (stream, deadline) = (self.stream, self.deadline)
            let result = chunk.withUnsafeMutableBytes { bytes in
                Result { () throws(StreamError) -> Int in try stream.read(into: bytes, deadline: deadline) }
            }
            switch result {
            case .success(let count):
                pending += chunk[..<count]
                if count > 0 { receivedAny = true }
                return count > 0
            case .failure(.timeout):
                throw .timeout
            case .failure(.failed(let detail)):
                throw .broken(detail, beforeAnswer: !receivedAny)
            }
        }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (HTTP's optional white space).
    var trimmed: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
