import AWSSigV4
import AWSSigV4BoringSSL
import Foundation
import HoistTestSupport
import Testing

/// hoist's signer against botocore's on generated requests: any canonicalisation rule we read differently
/// from the reference SDK shows up as a difference here.
@Suite("SigV4 signer vs botocore")
struct BotocoreDifferentialTests {
    struct Case: Encodable {
        var method: String
        var url: String
        var headers: [[String]]
        var body: String
        var date: String
        var accessKeyID: String
        var secretAccessKey: String
        var sessionToken: String?
        var region: String
        var service: String
    }

    struct Result: Decodable, Equatable {
        var canonicalRequest: String
        var stringToSign: String
        var signature: String
    }

    /// A seeded generator, so a failure reproduces.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let segments = ["items", "a b", "ünïcödé", "ሴ", "$default", "..", ".", "", "50%", "~tilde", "a+b", "semi;colon:at@", "emoji😀", "q?mark", "hash#", "eq=amp&", "UPPER", "2015-03-31", "*star*", "(paren)"]
    static let keys = ["a", "B", "a", "key with space", "ünï", "=eq", "empty", "", "Action", "x-id", "~k", "list.member.1"]
    static let values = ["", "1", "x y", "a+b", "ሴ", "/slash/", "a&b", "%", "Version=2010-05-08", "😀", "-_.~", "é"]
    static let methods = ["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS", "get"]

    func generate(count: Int) -> [(request: SigningRequest, signer: SigV4Signer, date: AmzDate, url: String)] {
        var random = SplitMix64(state: 20_150_830)
        var cases: [(SigningRequest, SigV4Signer, AmzDate, String)] = []
        for index in 0..<count {
            var raw = (0..<Int.random(in: 0...4, using: &random)).map { _ in Self.segments.randomElement(using: &random)! }.joined(separator: "/")
            raw = "/" + raw + (Bool.random(using: &random) ? "/" : "")
            var path = URIEncoding.encode(raw, keepSlash: true)
            if index % 3 == 0 { path = path.replacingOccurrences(of: "%24", with: "$").replacingOccurrences(of: "%3A", with: ":") }
            if index % 11 == 0 { path = "/a//b///c/./d/../e" }
            let pairs = (0..<Int.random(in: 0...5, using: &random)).map { _ in
                (Self.keys.randomElement(using: &random)!, Self.values.randomElement(using: &random)!)
            }
            var query = URIEncoding.query(pairs)
            if index % 7 == 0 { query += query.isEmpty ? "flag" : "&flag" }
            let host = index % 5 == 0 ? "localhost:4566" : "service.us-east-1.amazonaws.com"
            var headers: [(name: String, value: String)] = [(name: index % 2 == 0 ? "Host" : "host", value: host)]
            if index % 2 == 1 { headers.append((name: "Content-Type", value: "application/x-amz-json-1.0")) }
            if index % 3 == 1 { headers.append((name: "X-Spaced", value: "  a   b \t c  ")) }
            if index % 4 == 2 { headers.append((name: "My-Header1", value: "value1\n  value2\n     value3")) }
            if index % 5 == 3 {
                headers.append((name: "X-Dup", value: "second"))
                headers.append((name: "x-dup", value: "first"))
            }
            if index % 6 == 4 { headers.append((name: "X-MiXeD-Case", value: "\"quoted  value\"")) }
            if index % 8 == 5 { headers.append((name: "User-Agent", value: "hoist/0.1")) }
            if index % 9 == 6 { headers.append((name: "X-Empty", value: "")) }
            if index % 10 == 7 { headers.append((name: "X-Amz-Target", value: "DynamoDB_20120810.DescribeTable")) }
            let body: [UInt8] =
                switch index % 4 {
                case 0: []
                case 1: Array("{\"TableName\":\"ünï\"}".utf8)
                case 2: (0..<Int.random(in: 1...2048, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                default: Array("Action=GetCallerIdentity&Version=2011-06-15".utf8)
                }
            let credentials = AWSCredentials(
                accessKeyID: "AKIA\(index)",
                secretAccessKey: "secret/\(index)+KEY",
                sessionToken: index % 3 == 2 ? "FwoGZXIvYXdzE//token+\(index)=" : nil
            )
            let signer = SigV4Signer(
                credentials: credentials,
                region: ["us-east-1", "eu-west-3", "ap-southeast-2", "us-gov-west-1"][index % 4],
                service: ["lambda", "apigateway", "dynamodb", "logs", "iam", "sts"][index % 6]
            )
            let date = AmzDate(secondsSince1970: Int64.random(in: 946_684_800...1_893_456_000, using: &random))
            let url = "https://\(host)\(path)\(query.isEmpty ? "" : "?" + query)"
            cases.append((SigningRequest(method: Self.methods[index % Self.methods.count], path: path, query: query, headers: headers, payload: .bytes(body)), signer, date, url))
        }
        return cases
    }

    @Test("400 generated requests sign identically")
    func matchesBotocore() async throws {
        let cases = generate(count: 400)
        let signed = cases.map { $0.signer.sign($0.request, date: $0.date) }
        let input = zip(cases, signed).map { generated, result in
            guard case .bytes(let body) = generated.request.payload else { fatalError("generated bodies are bytes") }
            return Case(
                method: generated.request.method,
                url: generated.url,
                headers: result.request.headers.filter { $0.name != "Authorization" }.map { [$0.name, $0.value] },
                body: Data(body).base64EncodedString(),
                date: generated.date.timestamp,
                accessKeyID: generated.signer.credentials.accessKeyID,
                secretAccessKey: generated.signer.credentials.secretAccessKey,
                sessionToken: generated.signer.credentials.sessionToken,
                region: generated.signer.region,
                service: generated.signer.service
            )
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hoist-sigv4-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try JSONEncoder().encode(input).write(to: file)
        let output = try await PythonScript.run("Tests/AWSSigV4Tests/botocore_sign.py", arguments: [file.path])
        let expected = try JSONDecoder().decode([Result].self, from: Data(output.utf8))
        try #require(expected.count == cases.count)
        var differences = 0
        for (index, (ours, theirs)) in zip(signed, expected).enumerated() {
            let mine = Result(canonicalRequest: ours.canonicalRequest, stringToSign: ours.stringToSign, signature: ours.signature)
            if mine != theirs {
                differences += 1
                if differences <= 3 {
                    Issue.record("case \(index) (\(cases[index].url)):\nhoist:\n\(mine.canonicalRequest)\nbotocore:\n\(theirs.canonicalRequest)")
                }
            }
        }
        #expect(differences == 0)
    }
}
