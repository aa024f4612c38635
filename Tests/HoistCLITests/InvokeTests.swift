import AWSSigV4
import Foundation
import HoistRuntime
import HoistTestSupport
import Testing

/// `hoist invoke` against moto's Lambda. No Docker engine runs here, so moto's docker-less backend answers:
/// with a result the test queued, else with the event it was sent, which shows what hoist sent.
@Suite("hoist invoke")
struct InvokeTests {
    /// Makes the function `name` with boto3 and queues `results` as its next answers.
    func function(_ moto: MotoServer, _ name: String, results: [String] = []) async throws {
        _ = try await PythonScript.run(
            "Tests/HoistCLITests/lambda_function.py", arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey, name] + results)
    }

    @Test("the event is API Gateway's payload 2.0 event for the method, path, query, headers and body given")
    func event() async throws {
        try await withMotoServer { moto in
            try await withTemporaryDirectory { directory in
                try writeFile("project_name: inv\n", to: "hoist.yml", in: directory)
                try writeFile(#"{"name":"pen"}"#, to: "body.json", in: directory)
                try await function(moto, "inv-dev")
                let outcome = try await HoistBinary.run(
                    ["invoke", "--method", "post", "--path", "/items?limit=2", "--data", "@body.json", "--header", "X-Trace: 7"],
                    environment: moto.environment, workingDirectory: directory)
                #expect(outcome.status == 0, "\(outcome.standardError)")
                let (head, body) = try #require(Self.split(outcome.standardOutput))
                #expect(head == "HTTP 200\ncontent-type: application/json", "moto echoed the event, which API Gateway reads as a JSON 200 body")
                let event = try JSONDecoder().decode(APIGatewayV2Request.self, from: Data(body.utf8))
                #expect(event.version == "2.0" && event.routeKey == "$default")
                #expect(event.method == "POST" && event.rawPath == "/items" && event.rawQueryString == "limit=2" && event.queryStringParameters == ["limit": "2"])
                #expect(event.headers?["x-trace"] == "7" && event.headers?["content-type"] == "application/json")
                #expect(event.body == #"{"name":"pen"}"# && event.isBase64Encoded == false)
                #expect(event.requestContext.stage == "$default" && event.requestContext.http.path == "/items")
                #expect(outcome.standardError == "(Lambda sent no log tail, so no REPORT line)\n", "\(outcome.standardError)")
            }
        }
    }

    @Test("behind auth, invoke checks the token as the API's authorizer would: none is refused naming why, a good one's claims reach the event")
    func token() async throws {
        try await withMotoServer { moto in
            try await withPythonServer(script: "Tests/HoistCLITests/jwt_issuer.py", ready: LocalAuthTests.Issuer.self) { issuer in
                try await withTemporaryDirectory { directory in
                    try writeFile(
                        "project_name: inv\nresources:\n  - type: aws_apigateway_v2\n    config:\n      auth: {type: jwt, issuer: \"\(issuer.issuer)\", audience: [shop-api]}\n",
                        to: "hoist.yml", in: directory)
                    try await function(moto, "inv-dev")
                    let refused = try await HoistBinary.run(["invoke"], environment: moto.environment, workingDirectory: directory)
                    #expect(refused.status == 1 && refused.standardError.contains("the API would refuse this call with 401"), "\(refused.standardError)")
                    let allowed = try await HoistBinary.run(
                        ["invoke"], environment: moto.environment.merging(["HOIST_TOKEN": issuer.tokens["good"] ?? ""]) { $1 }, workingDirectory: directory)
                    #expect(allowed.status == 0, "\(allowed.standardError)")
                    let (_, body) = try #require(Self.split(allowed.standardOutput))
                    let event = try JSONDecoder().decode(APIGatewayV2Request.self, from: Data(body.utf8))
                    #expect(event.requestContext.authorizer?.jwt?.claims["sub"] == "user-1")
                    #expect(event.headers?["authorization"]?.hasPrefix("Bearer ") == true)
                }
            }
        }
    }

    @Test("the function's answer is printed as HTTP: status, headers, cookies and body; a failure or a missing function is one line")
    func answers() async throws {
        try await withMotoServer { moto in
            try await withTemporaryDirectory { directory in
                try writeFile("project_name: inv\n", to: "hoist.yml", in: directory)
                try await function(moto, "inv-dev", results: [#"{"statusCode":201,"headers":{"content-type":"text/plain"},"cookies":["s=1"],"body":"made"}"#])
                let made = try await HoistBinary.run(["invoke", "--method", "POST", "--data", "{}"], environment: moto.environment, workingDirectory: directory)
                #expect(made.status == 0, "\(made.standardError)")
                #expect(made.standardOutput == "HTTP 201\ncontent-type: text/plain\nset-cookie: s=1\n\nmade\n")

                let missing = try await HoistBinary.run(["invoke", "--env", "qa"], environment: moto.environment, workingDirectory: directory)
                #expect(missing.status == 1)
                #expect(missing.standardError == "error: inv-qa is not deployed; run `hoist deploy --env qa` first\n")

                for (arguments, message) in [
                    (["--data", "@nowhere.json"], "--data @nowhere.json: no such file"), (["--header", "NoColon"], "--header 'NoColon' is not 'Name: value'"),
                    (["--path", "items"], "--path 'items' must start with /"),
                ] {
                    let bad = try await HoistBinary.run(["invoke"] + arguments, environment: moto.environment, workingDirectory: directory)
                    #expect(bad.status == 64 && bad.standardError.contains(message), "\(arguments): \(bad.standardError)")
                }
            }
        }
    }

    /// The head (status line and headers) and the body of what invoke printed.
    static func split(_ output: String) -> (head: String, body: String)? {
        guard let blank = output.range(of: "\n\n") else { return nil }
        return (String(output[..<blank.lowerBound]), String(output[blank.upperBound...]).trimmingCharacters(in: .newlines))
    }
}
