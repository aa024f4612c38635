import AWSSigV4
import AWSSigV4BoringSSL
import AsyncHTTPClient
import Foundation
import HoistEngine
import HoistTestSupport
import Logging
import NIOCore
import NIOHTTP1
import Testing

/// `hoist local` checks callers as the deployed API's routes would: the function runs only for a caller API
/// Gateway would let through, and is told what the authorizer established.
@Suite("hoist local authorization", .serialized)
struct LocalAuthTests {
    let local = LocalTests()

    struct Issuer: Decodable, Sendable {
        var issuer: String
        var tokens: [String: String]
    }

    struct Answer {
        var status: Int
        var headers: HTTPHeaders
        var body: [String: Any]
    }

    func send(_ url: String, method: HTTPMethod = .GET, headers: [(String, String)] = []) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let data = Data(try await response.body.collect(upTo: 1 << 20).readableBytesView)
        return Answer(status: Int(response.status.code), headers: response.headers, body: (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:])
    }

    /// `hoist local` in a project with `api` as its aws_apigateway_v2 config, the echo runtime (answering
    /// `status`) as the function.
    func withLocal(_ api: String, environment: [String: String], status: Int = 200, _ body: (String) async throws -> Void) async throws {
        try await withLocal(api, environment: environment, status: status) { url, _ in try await body(url) }
    }

    /// The same, `body` also given the folder where the runtime wrote its Runtime API address (`runtime-api`).
    func withLocal(_ api: String, environment: [String: String], status: Int = 200, _ body: (String, URL) async throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            try writeFile("project_name: shop\nresources:\n  - type: aws_apigateway_v2\n    config:\n\(api)", to: "hoist.yml", in: directory)
            let script = Repository.root.appendingPathComponent("Tests/HoistCLITests/echo_runtime.py").path
            let python = Repository.python.hasPrefix("/") ? Repository.python : "/usr/bin/env python3"
            try await local.withHoistLocal(
                ["--config", directory.appendingPathComponent("hoist.yml").path, "--command", "\(python) \(script) \(status) \(directory.appendingPathComponent("runtime-api").path)"],
                environment: environment
            ) { url in try await body(url, directory) }
        }
    }

    static let offline = ["AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_ENDPOINT_URL": "http://127.0.0.1:1"]

    @Test("jwt: 401 as API Gateway answers it without a token or with a bad one; 200 with a good one, its claims passed on; public routes open")
    func jwt() async throws {
        try await withPythonServer(script: "Tests/HoistCLITests/jwt_issuer.py", ready: Issuer.self) { issuer in
            let api = "      auth: {type: jwt, issuer: \"\(issuer.issuer)\", audience: [shop-api]}\n      public_routes: [\"GET /health\"]\n"
            try await withLocal(api, environment: Self.offline) { url in
                let none = try await send(url + "/items")
                #expect(none.status == 401 && none.body["message"] as? String == "Unauthorized")
                #expect(none.headers.first(name: "www-authenticate")?.hasPrefix("Bearer error=\"invalid_token\"") == true)
                for bad in ["expired", "notYet", "otherAudience", "otherIssuer", "otherKey", "noneAlg"] {
                    let refused = try await send(url + "/items", headers: [("Authorization", "Bearer " + (issuer.tokens[bad] ?? ""))])
                    #expect(refused.status == 401, "\(bad) token let through")
                }
                #expect(try await send(url + "/items", headers: [("Authorization", "Bearer not.a.jwt")]).status == 401)

                let good = try await send(url + "/items", headers: [("Authorization", "Bearer " + (issuer.tokens["good"] ?? ""))])
                #expect(good.status == 200)
                let jwt = (good.body["authorizer"] as? [String: Any])?["jwt"] as? [String: Any]
                #expect((jwt?["claims"] as? [String: String])?["sub"] == "user-1")
                #expect(jwt?["scopes"] as? [String] == ["items:read", "items:write"])
                #expect(good.body["routeKey"] as? String == "$default")

                let health = try await send(url + "/health")
                #expect(health.status == 200 && health.body["routeKey"] as? String == "GET /health", "a public route needs no token")
                #expect(try await send(url + "/health", method: .POST).status == 401, "only the method listed is open")
            }
        }
    }

    @Test("cognito: a token moto's Cognito issued for the deployed pool's app client gets 200; none gets 401")
    func cognito() async throws {
        try await withMotoServer { moto in
            try await withTemporaryDirectory { state in
                var config = try ConfigParser().parse(HoistConfig.template(projectName: "shop", region: "us-east-1"))
                config.api.auth = .cognito
                let engine = Engine(
                    clients: StackClients(client: moto.client()), spec: StackSpec(config: config, environment: "dev", region: "us-east-1"),
                    store: StateStore(directory: state, project: "shop", environment: "dev"), waiter: Waiter(clock: ContinuousClock(), timeout: .seconds(60)),
                    events: { _ in }, logger: Logger(label: "test"))
                let (_, outputs) = try await engine.deploy(code: CodePackage(zip: Data([0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18)), codeSha256: "z"))
                let token = try await PythonScript.run(
                    "Tests/HoistCLITests/cognito_token.py",
                    arguments: [
                        moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey, try #require(outputs["userPoolID"]),
                        try #require(outputs["userPoolClientID"]),
                    ]
                ).trimmingCharacters(in: .whitespacesAndNewlines)
                try await withLocal("      auth: {type: cognito}\n", environment: moto.environment) { url in
                    #expect(try await send(url + "/items").status == 401)
                    let signedIn = try await send(url + "/items", headers: [("Authorization", token)])
                    #expect(signedIn.status == 200, "a bare token, as API Gateway also takes it")
                    let claims = ((signedIn.body["authorizer"] as? [String: Any])?["jwt"] as? [String: Any])?["claims"] as? [String: String]
                    #expect(claims?["cognito:username"] == "ana" && claims?["aud"] == outputs["userPoolClientID"])
                }
                _ = try await engine.destroy()
            }
        }
    }

    @Test("iam: 403 unsigned or signed by other keys; 200 signed by the credentials hoist runs with, the caller's key passed on")
    func iam() async throws {
        try await withLocal("      auth: {type: iam}\n", environment: Self.offline) { url in
            #expect(try await send(url + "/items").status == 403)
            func signed(_ credentials: AWSCredentials, date: Date = Date()) throws -> [(String, String)] {
                let host = try #require(URL(string: url).map { "\($0.host ?? ""):\($0.port ?? 80)" })
                var request = SigningRequest(method: "GET", path: "/items", headers: [(name: "Host", value: host)])
                SigV4Signer(credentials: credentials, region: "us-east-1", service: "execute-api")
                    .authorize(&request, date: AmzDate(secondsSince1970: Int64(date.timeIntervalSince1970)))
                return request.headers.filter { $0.name != "Host" }.map { ($0.name, $0.value) }
            }
            let own = AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret")
            #expect(try await send(url + "/items", headers: signed(AWSCredentials(accessKeyID: "AKID", secretAccessKey: "guessed"))).status == 403)
            #expect(try await send(url + "/items", headers: signed(own, date: Date().addingTimeInterval(-3600))).status == 403, "a replayed old signature")
            let answer = try await send(url + "/items", headers: signed(own))
            #expect(answer.status == 200)
            #expect(((answer.body["authorizer"] as? [String: Any])?["iam"] as? [String: Any])?["accessKey"] as? String == "AKID")
        }
    }

    @Test("as a loopback server should: a body past Lambda's limit refused from its declared length, a foreign Host refused (DNS rebinding), a status no HTTP answer has is API Gateway's 502")
    func guards() async throws {
        try await withLocal("      cors: false\n", environment: Self.offline) { url, folder in
            let port = try #require(URL(string: url)?.port)
            let answers = try await PythonScript.run("Tests/HoistCLITests/raw_http.py", arguments: ["\(port)", "huge-length", "foreign-host", "local-host"])
            #expect(answers == "HTTP/1.1 413 Payload Too Large\nHTTP/1.1 421 Misdirected Request\nHTTP/1.1 200 OK\n", "\(answers)")
            // Another process of the machine that finds the Runtime API takes no event.
            let runtime = try String(contentsOf: folder.appendingPathComponent("runtime-api"), encoding: .utf8)
            let runtimePort = try #require(runtime.split(separator: ":").last.flatMap { Int($0) })
            let stolen = try await PythonScript.run("Tests/HoistCLITests/raw_http.py", arguments: ["\(runtimePort)", "runtime-next"])
            #expect(stolen == "HTTP/1.1 403 Forbidden\n", "\(stolen)")
            #expect(try await send(url + "/items").status == 200, "the bootstrap still takes its events")
        }
        try await withLocal("      cors: false\n", environment: Self.offline, status: -1) { url in
            let crossOrigin = try await send(url + "/items", method: .OPTIONS, headers: [("Origin", "https://app.example.com"), ("Access-Control-Request-Method", "GET")])
            #expect(crossOrigin.headers.first(name: "access-control-allow-origin") == nil, "cors: false adds no CORS header")
            let answer = try await send(url + "/items")
            #expect(answer.status == 502 && answer.body["message"] as? String == "Internal Server Error")
            #expect(try await send(url + "/items").status == 502, "hoist local is still up")
        }
    }
}
