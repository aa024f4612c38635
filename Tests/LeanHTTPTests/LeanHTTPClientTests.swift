import AWSTransport
import Foundation
import HoistTestSupport
@testable import LeanHTTP
import Testing

@Suite("LeanHTTP, the function's HTTP client")
struct LeanHTTPClientTests {
    @Test("answers are framed by Content-Length, chunked coding, or the end of the connection")
    func framing() throws {
        func read(_ text: String, method: String = "GET", chunkSize: Int = 7) throws(HTTP1.Failure) -> HTTP1.Response {
            var reader = HTTP1.ResponseReader(stream: MemoryStream(Array(text.utf8), chunkSize: chunkSize), deadline: .now + .seconds(5), maximumBodySize: 1 << 20)
            return try reader.read(method: method)
        }
        let sized = try read("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A:  b \r\n\r\nhelloEXTRA")
        #expect(sized.status == 200 && String(decoding: sized.body, as: UTF8.self) == "hello" && sized.keepAlive)
        #expect(sized.headers.contains { $0.name == "X-A" && $0.value == "b" })
        let chunked = try read("HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: t\r\n\r\n")
        #expect(chunked.status == 201 && String(decoding: chunked.body, as: UTF8.self) == "abcde" && chunked.keepAlive)
        let delimited = try read("HTTP/1.1 200 OK\r\n\r\nuntil the end")
        #expect(String(decoding: delimited.body, as: UTF8.self) == "until the end" && !delimited.keepAlive)
        let continued = try read("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n")
        #expect(continued.status == 204 && continued.body.isEmpty)
        let head = try read("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n", method: "HEAD")
        #expect(head.body.isEmpty)
        #expect(try !read("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").keepAlive)
        #expect(try !read("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").keepAlive)
        #expect(try read("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n").keepAlive)
    }

    @Test("a broken answer is an error that says what broke", arguments: [
        ("", "closed the connection before the answer", true),
        ("SMTP ready\r\n\r\n", "not an HTTP/1.x status line", false),
        ("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", "in the middle of the answer", false),
        ("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "bad Content-Length", false),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "bad chunk size", false),
        ("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "malformed header line", false),
    ])
    func brokenAnswers(text: String, message: String, beforeAnswer: Bool) {
        var reader = HTTP1.ResponseReader(stream: MemoryStream(Array(text.utf8), chunkSize: 5), deadline: .now + .seconds(5), maximumBodySize: 1 << 20)
        #expect {
            try reader.read(method: "GET")
        } throws: { error in
            guard case .broken(let detail, let before) = error as? HTTP1.Failure else { return false }
            return detail.contains(message) && before == beforeAnswer
        }
    }

    @Test("a header value cannot smuggle in a header of its own")
    func headerInjection() {
        #expect(throws: HTTP1.Failure.self) {
            try HTTP1.requestBytes(method: "GET", target: "/", headers: [(name: "X-A", value: "a\r\nX-Evil: 1")], body: [])
        }
    }

    @Test("requests share one kept-alive connection; one the server closed while idle is replaced")
    func keepAlive() async throws {
        try await withLeanServer { port in
            let client = LeanHTTPClient()
            let base = "http://127.0.0.1:\(port)"
            let first = try await client.send(HTTPRequest(method: "GET", url: base + "/echo?a=1"), timeout: .seconds(10))
            let second = try await client.send(HTTPRequest(method: "POST", url: base + "/echo", headers: [(name: "X-A", value: "b")], body: Array("payload".utf8)), timeout: .seconds(10))
            #expect(first.status == 200 && first.header("X-Target") == "/echo?a=1" && first.header("X-Host") == "127.0.0.1:\(port)")
            #expect(second.header("X-Method") == "POST" && String(decoding: second.body, as: UTF8.self) == "payload")
            #expect(first.header("X-Client-Port") == second.header("X-Client-Port"))
            let closing = try await client.send(HTTPRequest(method: "GET", url: base + "/close-after"), timeout: .seconds(10))
            #expect(String(decoding: closing.body, as: UTF8.self) == "bye")
            let after = try await client.send(HTTPRequest(method: "GET", url: base + "/echo"), timeout: .seconds(10))
            #expect(after.status == 200)
            #expect(after.header("X-Client-Port") != closing.header("X-Client-Port"))
            let chunked = try await client.send(HTTPRequest(method: "GET", url: base + "/chunked"), timeout: .seconds(10))
            #expect(String(decoding: chunked.body, as: UTF8.self) == "hello chunked world")
        }
    }

    @Test("a slow answer times out, a refused connection says so, a cancelled task stops waiting")
    func failures() async throws {
        try await withLeanServer { port in
            let client = LeanHTTPClient()
            // /slow answers 200 after 20 s: an exchange that waited for it would not throw.
            await #expect(throws: HTTPTransportError.timeout) {
                try await client.send(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/slow"), timeout: .milliseconds(300))
            }
            await #expect {
                try await client.send(HTTPRequest(method: "GET", url: "http://127.0.0.1:1/"), timeout: .seconds(5))
            } throws: { error in
                guard case .unreachable(let detail) = error as? HTTPTransportError else { return false }
                return detail.contains("127.0.0.1:1") && detail.contains("refused")
            }
            let task = Task { try await client.send(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/slow"), timeout: .seconds(30)) }
            // Cancelled once the server holds the request (the timed-out one above arrived first), so the
            // cancel meets a task waiting on its socket, not one that never sent.
            let watcher = LeanHTTPClient()
            var inFlight = false
            for _ in 0..<500 where !inFlight {
                let arrived = try await watcher.send(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/slow-arrived"), timeout: .seconds(5))
                inFlight = String(decoding: arrived.body, as: UTF8.self) == "2"
            }
            #expect(inFlight, "the request reached the server before the cancel")
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
        }
    }

    @Test("TLS: a certificate for the host from a trusted CA is accepted; another CA's, or for another name, is refused")
    func tls() async throws {
        try await withTemporaryDirectory { directory in
            let certificates = try await TestCertificates.make(in: directory)
            try await withLeanServer(tls: (certificates.certificate, certificates.key)) { port in
                let trusting = LeanHTTPClient(caBundle: certificates.authority)
                let answer = try await trusting.send(HTTPRequest(method: "POST", url: "https://localhost:\(port)/echo", body: Array("secret".utf8)), timeout: .seconds(10))
                #expect(answer.status == 200 && String(decoding: answer.body, as: UTF8.self) == "secret")
                let again = try await trusting.send(HTTPRequest(method: "GET", url: "https://localhost:\(port)/echo"), timeout: .seconds(10))
                #expect(again.header("X-Client-Port") == answer.header("X-Client-Port"))

                await #expect {
                    try await LeanHTTPClient(caBundle: certificates.otherAuthority).send(HTTPRequest(method: "GET", url: "https://localhost:\(port)/echo"), timeout: .seconds(10))
                } throws: { error in
                    guard case .unreachable(let detail) = error as? HTTPTransportError else { return false }
                    return detail.contains("not trusted")
                }
                await #expect {
                    try await trusting.send(HTTPRequest(method: "GET", url: "https://127.0.0.1:\(port)/echo"), timeout: .seconds(10))
                } throws: { error in
                    guard case .unreachable(let detail) = error as? HTTPTransportError else { return false }
                    return detail.contains("not trusted") && detail.contains("CN")
                }
                await #expect {
                    try await LeanHTTPClient(caBundle: directory.appendingPathComponent("missing.pem").path).send(
                        HTTPRequest(method: "GET", url: "https://localhost:\(port)/echo"), timeout: .seconds(10))
                } throws: { error in
                    guard case .unreachable(let detail) = error as? HTTPTransportError else { return false }
                    return detail.contains("AWS_CA_BUNDLE") && detail.contains("missing.pem")
                }
            }
        }
    }
}

/// Bytes handed out a few at a time, as a network would.
final class MemoryStream: ByteStream {
    private var bytes: [UInt8]
    private let chunkSize: Int

    init(_ bytes: [UInt8], chunkSize: Int) {
        self.bytes = bytes
        self.chunkSize = chunkSize
    }

    func write(_ bytes: UnsafeRawBufferPointer, deadline: ContinuousClock.Instant) throws(StreamError) {}

    func read(into buffer: UnsafeMutableRawBufferPointer, deadline: ContinuousClock.Instant) throws(StreamError) -> Int {
        let count = min(chunkSize, buffer.count, bytes.count)
        buffer.copyBytes(from: bytes.prefix(count))
        bytes.removeFirst(count)
        return count
    }

    func interrupt() {}
    func close() {}
}
