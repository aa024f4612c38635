import AWSSigV4
import AWSSigV4BoringSSL
import Testing

@Suite("SigV4 signer")
struct SigV4SignerTests {
    let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    let date = AmzDate(timestamp: "20150830T123600Z")!

    @Test("AmzDate formats and parses UTC instants", arguments: [
        (Int64(0), "19700101T000000Z"), (1_440_938_160, "20150830T123600Z"), (951_782_400, "20000229T000000Z"),
        (4_102_444_799, "20991231T235959Z"),
    ])
    func amzDate(seconds: Int64, text: String) {
        #expect(AmzDate(secondsSince1970: seconds).timestamp == text)
        #expect(AmzDate(timestamp: text)?.secondsSince1970 == seconds)
    }

    @Test("AmzDate rejects what is not YYYYMMDDTHHMMSSZ", arguments: ["2015-08-30T12:36:00Z", "20150230T123600Z", "20151330T123600Z", "20150830T123600", ""])
    func amzDateRejects(text: String) {
        #expect(AmzDate(timestamp: text) == nil)
    }

    @Test("S3 rules sign the path as sent and add x-amz-content-sha256")
    func s3Rules() {
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3", options: .s3)
        let request = SigningRequest(method: "GET", path: "/bucket//a/../b%20c", headers: [(name: "Host", value: "s3.amazonaws.com")])
        let signed = signer.sign(request, date: date)
        #expect(signed.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)[1] == "/bucket//a/../b%20c")
        #expect(signed.request.header("x-amz-content-sha256") == SigV4.emptyPayloadHash)
        #expect(signed.canonicalRequest.contains("x-amz-content-sha256:\(SigV4.emptyPayloadHash)\n"))
    }

    @Test("other services double-encode an encoded path")
    func doubleEncoding() {
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "apigateway")
        let request = SigningRequest(method: "DELETE", path: "/v2/apis/abc/stages/%24default", headers: [(name: "Host", value: "h")])
        #expect(signer.canonicalRequest(request).split(separator: "\n")[1] == "/v2/apis/abc/stages/%2524default")
    }

    @Test("UNSIGNED-PAYLOAD replaces the body hash")
    func unsignedPayload() {
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "service")
        let request = SigningRequest(method: "PUT", path: "/", headers: [(name: "Host", value: "h")], payload: .unsigned)
        #expect(signer.sign(request, date: date).canonicalRequest.hasSuffix("\nUNSIGNED-PAYLOAD"))
    }

    @Test("a signing key is derived once per day, region and service")
    func keyCache() {
        let cache = SigningKeyCache()
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "service", keyCache: cache)
        let other = SigV4Signer(credentials: credentials, region: "eu-west-1", service: "service", keyCache: cache)
        let request = SigningRequest(method: "GET", path: "/", headers: [(name: "Host", value: "h")])
        let first = signer.sign(request, date: date).signature
        _ = other.sign(request, date: date)
        #expect(signer.sign(request, date: date).signature == first)
        #expect(signer.sign(request, date: AmzDate(timestamp: "20150831T000000Z")!).signature != first)
    }

    @Test("secrets never appear in a credential's description")
    func redaction() {
        let secret = AWSCredentials(accessKeyID: "AKID", secretAccessKey: "VERYSECRET", sessionToken: "TOKENVALUE")
        #expect(!"\(secret)".contains("VERYSECRET"))
        #expect(!String(reflecting: secret).contains("TOKENVALUE"))
    }

    @Test("raw HTTP text that is not a request is refused with the line at fault")
    func badHTTPText() {
        #expect(throws: SigningRequest.HTTPTextError.missingRequestLine) { try SigningRequest(httpText: "") }
        #expect(throws: SigningRequest.HTTPTextError.malformedRequestLine("GET /")) { try SigningRequest(httpText: "GET /\n") }
        #expect(throws: SigningRequest.HTTPTextError.malformedHeader(line: 2, text: "NoColon")) { try SigningRequest(httpText: "GET / HTTP/1.1\nNoColon\n") }
    }

    @Test("authorize, the transport's path, sets exactly the headers sign does", arguments: [
        (SigV4Options(), "TOKEN" as String?), (SigV4Options(), nil), (SigV4Options.s3, "TOKEN"),
        ({ var options = SigV4Options(); options.signSessionToken = false; return options }(), "TOKEN"),
    ])
    func authorizeMatchesSign(options: SigV4Options, token: String?) {
        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "SECRET", sessionToken: token), region: "eu-west-1", service: "lambda",
            options: options)
        let request = SigningRequest(
            method: "PUT", path: "/2015-03-31/functions/f%20n/code", query: "b=2&a=1",
            headers: [(name: "Host", value: "lambda"), (name: "Authorization", value: "stale"), (name: "X-Amz-Date", value: "old"), (name: "content-type", value: " a  b ")],
            payload: .bytes(Array("{}".utf8)))
        var authorized = request
        signer.authorize(&authorized, date: date)
        let signed = signer.sign(request, date: date).request
        #expect(authorized == signed)
        #expect(authorized.headers.filter { $0.name.lowercased() == "authorization" }.count == 1)
    }

    @Test("header values are trimmed and their inner white space folded, whatever their length")
    func headerValueFolding() {
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "service")
        let alphabet: [Character] = ["a", "B", "-", " ", " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{01}", "é"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let value = String((0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            let request = SigningRequest(method: "GET", path: "/", headers: [(name: "Host", value: "h"), (name: "X-Value", value: value)])
            let expected = value.utf8.split { [9, 10, 11, 12, 13, 32].contains($0) }.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
            #expect(signer.canonicalRequest(request).contains("\nx-value:\(expected)\n"), "value \(value.debugDescription)")
        }
    }
}
