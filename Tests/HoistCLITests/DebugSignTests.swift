import Foundation
import HoistTestSupport
import Testing

@Suite("hoist debug sign")
struct DebugSignTests {
    /// AWS's get-vanilla-query-order-key-case case: its request and the Authorization it must get.
    static let request = "GET /?Param2=value2&Param1=value1 HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z\n\n"
    static let authorization =
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"
    static let arguments = [
        "--access-key", "AKIDEXAMPLE", "--region", "us-east-1", "--service", "service",
        "--date", "20150830T123600Z",
    ]

    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

    @Test("signs a raw request file and prints it, with the stages on request; the secret from the environment or stdin, never an argument")
    func signs() async throws {
        try await withTemporaryDirectory { directory in
            try writeFile(Self.request, to: "request.txt", in: directory)
            let file = directory.appendingPathComponent("request.txt").path
            let outcome = try await HoistBinary.run(
                ["debug", "sign", "--request", file] + Self.arguments + ["--canonical"], environment: ["AWS_SECRET_ACCESS_KEY": Self.secret])
            #expect(outcome.status == 0, "\(outcome.standardError)")
            #expect(outcome.standardOutput.hasPrefix("GET /?Param2=value2&Param1=value1 HTTP/1.1\nHost: example.amazonaws.com\nX-Amz-Date: 20150830T123600Z\n"))
            #expect(outcome.standardOutput.contains("Authorization: \(Self.authorization)\n\n"))
            #expect(outcome.standardOutput.contains("--- canonical request ---\nGET\n/\nParam1=value1&Param2=value2\n"))
            #expect(!outcome.standardOutput.contains("wJalrXUtnFEMI"))

            let token = try await HoistBinary.runTool(
                HoistBinary.path, ["debug", "sign", "--request", file, "--secrets-from-stdin", "--omit-session-token", "--content-sha256-header"] + Self.arguments,
                environment: [:], input: "\(Self.secret)\nTOKEN\n")
            #expect(token.standardOutput.contains("X-Amz-Security-Token: TOKEN\nAuthorization: AWS4-HMAC-SHA256 "), "\(token.standardError)")
            #expect(token.standardOutput.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,"))

            let old = try await HoistBinary.run(["debug", "sign", "--request", file, "--secret-key", Self.secret] + Self.arguments)
            #expect(old.status == 64, "a secret on the command line is refused")
            let none = try await HoistBinary.run(["debug", "sign", "--request", file] + Self.arguments)
            #expect(none.status == 1 && none.standardError.contains("AWS_SECRET_ACCESS_KEY"), "\(none.standardError)")
        }
    }

    @Test("a malformed date is a usage error, exit 64")
    func badDate() async throws {
        var arguments = Self.arguments
        arguments[arguments.firstIndex(of: "20150830T123600Z")!] = "2015-08-30"
        let outcome = try await HoistBinary.run(["debug", "sign", "--request", "-"] + arguments)
        #expect(outcome.status == 64)
        #expect(outcome.standardError.contains("--date '2015-08-30' is not YYYYMMDDTHHMMSSZ"))
    }

    @Test("a missing request file is named, exit 64")
    func missingFile() async throws {
        let outcome = try await HoistBinary.run(["debug", "sign", "--request", "/nonexistent/request.txt"] + Self.arguments)
        #expect(outcome.status == 64)
        #expect(outcome.standardError.contains("cannot read --request '/nonexistent/request.txt'"))
    }
}
