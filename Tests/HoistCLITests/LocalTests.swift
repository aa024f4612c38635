import AWSDynamoDB
import AWSSigV4
import AsyncHTTPClient
import Foundation
import HoistTestSupport
import Logging
import NIOCore
import NIOHTTP1
import Subprocess
import Testing

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// The items API end to end: HTTP → `hoist local` → the real bootstrap → moto's DynamoDB.
@Suite("hoist local against moto", .serialized)
struct LocalTests {
    struct Reply {
        var status: Int
        var headers: HTTPHeaders
        var json: Any?
    }

    func send(_ method: HTTPMethod, _ url: String, _ body: String? = nil, headers: [(String, String)] = []) async throws -> Reply {
        try await send(method, url, bytes: body.map { Array($0.utf8) }, headers: headers)
    }

    func send(_ method: HTTPMethod, _ url: String, bytes body: [UInt8]?, headers: [(String, String)] = []) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        let data = Data(bytes.readableBytesView)
        return Reply(status: Int(response.status.code), headers: response.headers, json: data.isEmpty ? nil : try JSONSerialization.jsonObject(with: data))
    }

    @Test("create, read, list in three pages, update, delete, errors and CORS through hoist local; items checked with boto3")
    func endToEnd() async throws {
        try await withMotoServer { moto in
            let logger = Logger(label: "test")
            _ = try await DynamoDBClient(client: moto.client()).createTable(
                CreateTableInput(
                    tableName: "local-dev-table", attributeDefinitions: [.init(attributeName: "pk", attributeType: .s), .init(attributeName: "sk", attributeType: .s)],
                    keySchema: [.init(attributeName: "pk", keyType: .hash), .init(attributeName: "sk", keyType: .range)], billingMode: .payPerRequest),
                logger: logger)
            try await withTemporaryDirectory { directory in
                try writeFile("project_name: local\n", to: "hoist.yml", in: directory)
                try await withHoistLocal(["--config", directory.appendingPathComponent("hoist.yml").path], environment: moto.environment) { url in
                    try await exercise(url, moto: moto)
                    // The caller's trace header reaches the function, which sends it on with its DynamoDB calls, as
                    // AWS's SDKs do inside Lambda; without one, each event gets a trace of its own.
                    let trace = "Root=1-67a1b2c3-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1"
                    let before = try moto.requests().count
                    #expect(try await send(.GET, url + "/items", headers: [("X-Amzn-Trace-Id", trace)]).status == 200)
                    #expect(try await send(.GET, url + "/items").status == 200)
                    let calls = try moto.requests().dropFirst(before).filter { $0.amzTarget?.hasPrefix("DynamoDB_20120810.") == true }
                    #expect(calls.count == 2 && calls.first?.traceId == trace, "\(calls.map(\.traceId))")
                    let generated = try #require(calls.last?.traceId)
                    #expect(generated.wholeMatch(of: /Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0/) != nil, "\(generated)")
                }
            }
            #expect(try moto.requests().first { $0.amzTarget == "DynamoDB_20120810.CreateTable" }?.traceId == nil, "calls made outside an invocation carry none")
        }
    }

    @Test("a table keyed hash_key: id, range_key: created works through hoist local: create, get, list")
    func ownKeyNames() async throws {
        try await withMotoServer { moto in
            _ = try await DynamoDBClient(client: moto.client()).createTable(
                CreateTableInput(
                    tableName: "keys-dev-table",
                    attributeDefinitions: [.init(attributeName: "id", attributeType: .s), .init(attributeName: "created", attributeType: .s)],
                    keySchema: [.init(attributeName: "id", keyType: .hash), .init(attributeName: "created", keyType: .range)], billingMode: .payPerRequest),
                logger: Logger(label: "test"))
            try await withTemporaryDirectory { directory in
                let config = "project_name: keys\nresources:\n  - type: aws_dynamodb\n    config:\n      hash_key: id\n      range_key: created\n"
                try writeFile(config, to: "hoist.yml", in: directory)
                try await withHoistLocal(["--config", directory.appendingPathComponent("hoist.yml").path], environment: moto.environment) { url in
                    let created = try await send(.POST, "\(url)/items", #"{"name":"kept"}"#)
                    #expect(created.status == 201, "\(String(describing: created.json))")
                    let item = try #require(created.json as? [String: Any])
                    let id = try #require(item["id"] as? String)
                    #expect(item["created"] == nil, "the range key is no field of the item")
                    let fetched = try await send(.GET, "\(url)/items/\(id)")
                    #expect(fetched.status == 200 && (fetched.json as? [String: Any])?["name"] as? String == "kept")
                    let listed = try await send(.GET, "\(url)/items")
                    let items = (listed.json as? [String: Any])?["items"] as? [[String: Any]] ?? []
                    #expect(listed.status == 200 && items.compactMap { $0["id"] as? String } == [id])
                }
            }
            // Stored under the table's own keys: the id as partition key, the creation time as range key.
            let stored = try await PythonScript.run(
                "Tests/HoistCLITests/items_check.py", arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey, "keys-dev-table"])
            let rows = try JSONSerialization.jsonObject(with: Data(stored.utf8)) as? [[String: String]] ?? []
            #expect(rows.count == 1 && rows.first?["created"] != nil && rows.first?["created"] == rows.first?["createdAt"], "\(stored)")
        }
    }

    @Test("a function that crashes mid-request: that request gets 502 saying so, the restarted one answers the next")
    func crashAndRestart() async throws {
        try await withTemporaryDirectory { directory in
            try writeFile("project_name: crash\n", to: "hoist.yml", in: directory)
            let script = Repository.root.appendingPathComponent("Tests/HoistCLITests/crashing_runtime.py").path
            let command = "\(Repository.python.hasPrefix("/") ? Repository.python : "/usr/bin/env python3") \(script) \(directory.appendingPathComponent("crashed").path)"
            let environment = [
                "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_ENDPOINT_URL": "http://127.0.0.1:1",
            ]
            try await withHoistLocal(["--config", directory.appendingPathComponent("hoist.yml").path, "--command", command], environment: environment) { url in
                let crashed = try await send(.GET, url + "/items")
                #expect(crashed.status == 502)
                #expect(((crashed.json as? [String: Any])?["error"] as? String)?.contains("crashed") == true)
                let restarted = try await send(.GET, url + "/items")
                #expect(restarted.status == 200)
                #expect((restarted.json as? [String: Any])?["restarted"] as? Bool == true)
            }
        }
    }

    @Test("as Lambda: the configured timeout is the deadline and ends the call with Lambda's error, the bootstrap replaced; over 6 MB is refused; stopping hoist stops the bootstrap")
    func lambdaLimits() async throws {
        try await withTemporaryDirectory { directory in
            try writeFile("project_name: slow\nresources:\n  - type: aws_lambda\n    config:\n      timeout: 1\n", to: "hoist.yml", in: directory)
            let script = Repository.root.appendingPathComponent("Tests/HoistCLITests/slow_runtime.py").path
            let pids = directory.appendingPathComponent("pids")
            let python = Repository.python.hasPrefix("/") ? Repository.python : "/usr/bin/env python3"
            let command = "\(python) \(script) \(directory.appendingPathComponent("hung").path) \(pids.path)"
            let environment = [
                "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_ENDPOINT_URL": "http://127.0.0.1:1",
            ]
            try await withHoistLocal(["--config", directory.appendingPathComponent("hoist.yml").path, "--command", command], environment: environment) { url in
                let hung = try await send(.GET, url + "/items")
                #expect(hung.status == 502 && (hung.json as? [String: Any])?["error"] as? String == "Task timed out after 1.00 seconds", "\(String(describing: hung.json))")

                let answered = try await send(.GET, url + "/items")
                let told = answered.json as? [String: Any]
                #expect(answered.status == 200, "the replacement answers")
                let left = told?["left"] as? Int ?? -1
                #expect(left > 0 && left <= 1000, "the deadline is the configured timeout away: \(left) ms")
                #expect(told?["arn"] as? String == "arn:aws:lambda:us-east-1:000000000000:function:slow-dev")

                let big = try await send(.POST, url + "/items", bytes: Array(repeating: UInt8(ascii: "a"), count: 6 * 1024 * 1024 + 200))
                #expect(big.status == 413, "\(String(describing: big.json))")
            }
            let started = try String(contentsOf: pids, encoding: .utf8).split(separator: "\n").compactMap { pid_t($0) }
            #expect(started.count == 2, "the hung bootstrap was replaced once")
            for pid in started { #expect(kill(pid, 0) == -1 && errno == ESRCH, "bootstrap \(pid) outlived hoist local") }
        }
    }

    /// Runs `hoist local ARGUMENTS --port 0` in `folder` with `HoistBinary.environment`, hands `body` the URL
    /// it says it serves, and stops it afterwards.
    func withHoistLocal(
        _ arguments: [String], environment: [String: String], in folder: URL = Repository.root, _ body: (String) async throws -> Void
    ) async throws {
        _ = try await Subprocess.run(
            .path(FilePath(HoistBinary.path)), arguments: Arguments(["local"] + arguments + ["--port", "0"]),
            environment: HoistBinary.environment(environment), workingDirectory: FilePath(folder.path), input: .none, output: .sequence, error: .discarded
        ) { execution in
            var base: String?
            for try await line in execution.standardOutput.strings() where line.hasPrefix("serving ") {
                base = line.split(separator: " ")[1].description
                break
            }
            try await body(try #require(base))
            try execution.send(signal: .terminate)
        }
    }

    func exercise(_ url: String, moto: MotoServer) async throws {
        var ids: [String] = []
        for index in 1...5 {
            let created = try await send(.POST, url + "/items", #"{"name":"item \#(index)"}"#)
            #expect(created.status == 201)
            ids.append(try #require((created.json as? [String: Any])?["id"] as? String))
        }
        let one = try await send(.GET, url + "/items/\(ids[1])")
        #expect((one.json as? [String: Any])?["name"] as? String == "item 2")

        var seen: [String] = []
        var next: String? = url + "/items?limit=2"
        var pages = 0
        while let page = next {
            let listed = try await send(.GET, page)
            let object = listed.json as? [String: Any]
            seen += (object?["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            next = (object?["nextToken"] as? String).map { url + "/items?limit=2&nextToken=\($0)" }
            pages += 1
        }
        #expect(pages == 3 && Set(seen) == Set(ids))

        #expect(try await send(.PUT, url + "/items/\(ids[0])", #"{"name":"renamed"}"#).status == 200)
        #expect(try await send(.DELETE, url + "/items/\(ids[4])").status == 204)
        #expect(try await send(.GET, url + "/items/\(ids[4])").status == 404)
        #expect(try await send(.PUT, url + "/items/missing", #"{"a":1}"#).status == 404)
        #expect(try await send(.PATCH, url + "/items").status == 405)
        for body in ["{oops", "[1]", #"{"pk":"x"}"#] {
            let bad = try await send(.POST, url + "/items", body)
            #expect(bad.status == 400)
            #expect((bad.json as? [String: Any])?["requestId"] != nil)
        }
        #expect(try await send(.GET, url + "/items?limit=500").status == 400)
        // Not UTF-8 (a Latin-1 é): refused, not stored with the byte replaced.
        #expect(try await send(.POST, url + "/items", bytes: Array(#"{"name":"caf"#.utf8) + [0xE9] + Array(#""}"#.utf8)).status == 400)
        // CORS as API Gateway applies hoist.yml's (the template's cors: true): the preflight answered without the
        // function, the answers to a cross-origin request marked.
        let preflight = try await send(.OPTIONS, url + "/items", headers: [("Origin", "https://app.example.com"), ("Access-Control-Request-Method", "POST")])
        #expect(preflight.status == 204)
        #expect(preflight.headers["access-control-allow-origin"] == ["*"] && preflight.headers["access-control-allow-methods"] == ["GET,POST,PUT,DELETE,OPTIONS"])
        #expect(try await send(.GET, url + "/items", headers: [("Origin", "https://app.example.com")]).headers["access-control-allow-origin"] == ["*"])
        #expect(try await send(.GET, url + "/items").headers["access-control-allow-origin"].isEmpty, "no Origin, no CORS header")

        let output = try await PythonScript.run(
            "Tests/HoistCLITests/items_check.py", arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey, "local-dev-table"])
        let stored = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]] ?? []
        #expect(stored.count == 4)
        #expect(stored.allSatisfy { $0["pk"] as? String == "ITEM" && $0["sk"] as? String == $0["id"] as? String })
        #expect(stored.first { $0["id"] as? String == ids[0] }?["name"] as? String == "renamed")
    }
}
