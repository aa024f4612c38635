import AWSTransport
import Testing

@Suite("HTTP URLs")
struct HTTPURLTests {
    @Test("absolute URLs split into origin and request target", arguments: [
        ("http://127.0.0.1:5000/a/b?c=d", "http://127.0.0.1:5000", "/a/b?c=d", "127.0.0.1:5000"),
        ("https://dynamodb.eu-west-1.amazonaws.com", "https://dynamodb.eu-west-1.amazonaws.com:443", "/", "dynamodb.eu-west-1.amazonaws.com"),
        ("http://[::1]:8080?x=1", "http://[::1]:8080", "/?x=1", "[::1]:8080"),
        ("http://h/2018-06-01/runtime/invocation/next", "http://h:80", "/2018-06-01/runtime/invocation/next", "h"),
    ])
    func urls(url: String, origin: String, target: String, host: String) throws {
        let parsed = try #require(HTTPURL(url))
        #expect(parsed.origin.description == origin)
        #expect(parsed.target == target)
        #expect(parsed.origin.hostHeader == host)
    }

    @Test("what is not an absolute http(s) URL is refused", arguments: ["ftp://h/", "http://", "http://user@h/", "http://h:0/", "http://h:70000/", "h/path", "http://[::1/"])
    func badURLs(url: String) {
        #expect(HTTPURL(url) == nil)
    }
}
