import AWSDynamoDB
import AWSTransport
import Foundation
import HoistTestSupport
import HoistRuntime
import ItemsAPI
import Logging
import Testing

/// The items API's handler on payload 2.0 events, its DynamoDB calls going to moto.
@Suite("Items API against moto")
struct ItemsAPITests {
    let logger = Logger(label: "test")

    func withAPI(_ body: (ItemsAPI, DynamoDBClient) async throws -> Void) async throws {
        try await withMotoServer { moto in
            let dynamo = try await itemsTable(moto)
            try await body(ItemsAPI(dynamoDB: dynamo, tableName: "items", logger: logger), dynamo)
        }
    }

    /// The table `items` keyed pk/sk, and a client of it.
    func itemsTable(_ moto: MotoServer) async throws -> DynamoDBClient {
        let dynamo = DynamoDBClient(client: moto.client())
        _ = try await dynamo.createTable(
            CreateTableInput(
                tableName: "items", attributeDefinitions: [.init(attributeName: "pk", attributeType: .s), .init(attributeName: "sk", attributeType: .s)],
                keySchema: [.init(attributeName: "pk", keyType: .hash), .init(attributeName: "sk", keyType: .range)], billingMode: .payPerRequest),
            logger: logger)
        return dynamo
    }

    func json(_ response: APIGatewayV2Response) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any] ?? [:]
    }

    /// Every id a list returns, following `nextToken` two items at a time (at most 10 pages), and how many pages.
    func listInPages(_ api: ItemsAPI) async throws -> (ids: [String], pages: Int) {
        var seen: [String] = []
        var token: String?
        var pages = 0
        repeat {
            var query = ["limit": "2"]
            if let token { query["nextToken"] = token }
            let page = try json(await api.handle(.init(method: "GET", path: "/items", query: query)))
            seen += (page["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            token = page["nextToken"] as? String
            pages += 1
        } while token != nil && pages < 10
        return (seen, pages)
    }

    @Test("create, read, list across three pages, replace, delete; stored items checked in the table")
    func lifecycle() async throws {
        try await withAPI { api, dynamo in
            var ids: [String] = []
            for index in 1...5 {
                let created = await api.handle(.init(method: "POST", path: "/items", body: #"{"name":"item \#(index)","price":\#(index).5,"tags":["a"],"meta":{"n":null}}"#))
                #expect(created.statusCode == 201)
                let body = try json(created)
                let id = try #require(body["id"] as? String)
                #expect(UUID(uuidString: id) != nil)
                #expect((body["createdAt"] as? String)?.hasSuffix("Z") == true)
                #expect(body["pk"] == nil && body["sk"] == nil)
                ids.append(id)
            }
            let stored = try #require(try await dynamo.getItem("items", key: ["pk": .s("ITEM"), "sk": .s(ids[0])], logger: logger))
            #expect(stored["price"] == .n("1.5"))
            #expect(stored["tags"] == .l([.s("a")]))

            let one = await api.handle(.init(method: "GET", path: "/items/\(ids[2])"))
            #expect(one.statusCode == 200)
            #expect(try json(one)["name"] as? String == "item 3")

            let (seen, pages) = try await listInPages(api)
            #expect(pages == 3)
            #expect(Set(seen) == Set(ids) && seen.count == 5)

            let replaced = await api.handle(.init(method: "PUT", path: "/items/\(ids[0])", body: #"{"name":"renamed"}"#))
            #expect(replaced.statusCode == 200)
            let after = try #require(try await dynamo.getItem("items", key: ["pk": .s("ITEM"), "sk": .s(ids[0])], logger: logger))
            #expect(after["name"] == .s("renamed") && after["price"] == nil)
            #expect(after["createdAt"] == stored["createdAt"])

            #expect(await api.handle(.init(method: "DELETE", path: "/items/\(ids[0])")).statusCode == 204)
            #expect(try await dynamo.getItem("items", key: ["pk": .s("ITEM"), "sk": .s(ids[0])], logger: logger) == nil)
        }
    }

    /// Key names a hoist.yml may give the table, beside the default pk/sk.
    static let keyLayouts: [(hash: String, range: String?)] = [("id", "created"), ("id", nil), ("itemId", nil), ("pk", "id"), ("id", "createdAt")]

    @Test("works on the table's own key names: create, get, list in pages, replace, delete", arguments: Self.keyLayouts)
    func otherKeys(hash: String, range: String?) async throws {
        try await withMotoServer { moto in
            let dynamo = DynamoDBClient(client: moto.client())
            let names = [hash] + (range.map { [$0] } ?? [])
            _ = try await dynamo.createTable(
                CreateTableInput(
                    tableName: "keyed", attributeDefinitions: names.map { .init(attributeName: $0, attributeType: .s) },
                    keySchema: [.init(attributeName: hash, keyType: .hash)] + (range.map { [.init(attributeName: $0, keyType: .range)] } ?? []),
                    billingMode: .payPerRequest),
                logger: logger)
            let api = ItemsAPI(dynamoDB: dynamo, tableName: "keyed", keys: try ItemKeys(hash: hash, range: range), logger: logger)
            var ids: [String] = []
            for index in 1...5 {
                let created = await api.handle(.init(method: "POST", path: "/items", body: #"{"name":"item \#(index)"}"#))
                #expect(created.statusCode == 201, "\(created.body)")
                let body = try json(created)
                #expect(Set(body.keys) == ["id", "name", "createdAt", "updatedAt"], "\(body)")
                ids.append(try #require(body["id"] as? String))
            }
            let one = try json(await api.handle(.init(method: "GET", path: "/items/\(ids[2])")))
            #expect(one["name"] as? String == "item 3")

            let (seen, pages) = try await listInPages(api)
            #expect(Set(seen) == Set(ids) && seen.count == 5 && pages >= 3, "\(seen) in \(pages) pages")

            let created = one["createdAt"] as? String
            let replaced = try json(await api.handle(.init(method: "PUT", path: "/items/\(ids[2])", body: #"{"name":"renamed"}"#)))
            #expect(replaced["name"] as? String == "renamed" && replaced["createdAt"] as? String == created)
            #expect(try json(await api.handle(.init(method: "GET", path: "/items/\(ids[2])")))["name"] as? String == "renamed")

            #expect(await api.handle(.init(method: "DELETE", path: "/items/\(ids[2])")).statusCode == 204)
            #expect(await api.handle(.init(method: "GET", path: "/items/\(ids[2])")).statusCode == 404)
            #expect(await api.handle(.init(method: "DELETE", path: "/items/\(ids[2])")).statusCode == 404)
            #expect(await api.handle(.init(method: "PUT", path: "/items/\(ids[2])", body: #"{"name":"back"}"#)).statusCode == 404)
            for name in names where !["id", "createdAt"].contains(name) {
                #expect(await api.handle(.init(method: "POST", path: "/items", body: #"{"\#(name)":"x"}"#)).statusCode == 400, "\(name) is the table's key")
            }
        }
    }

    @Test("key names the API cannot keep stable are refused, naming the variable")
    func unusableKeys() {
        #expect(throws: LambdaRuntimeError.self) { try ItemKeys(hash: "updatedAt", range: nil) }
        #expect(throws: LambdaRuntimeError.self) { try ItemKeys(hash: "id", range: "updatedAt") }
        #expect(throws: LambdaRuntimeError.self) { try ItemKeys(hash: "createdAt", range: "id") }
        #expect((try? ItemKeys(hash: "id", range: "created")) != nil)
    }

    @Test("404 and 405, with the request id and no CORS headers")
    func notFound() async throws {
        try await withAPI { api, _ in
            for request in [
                APIGatewayV2Request(method: "GET", path: "/items/missing", requestID: "r-1"),
                APIGatewayV2Request(method: "PUT", path: "/items/missing", body: #"{"a":1}"#, requestID: "r-1"),
                APIGatewayV2Request(method: "DELETE", path: "/items/missing", requestID: "r-1"),
                APIGatewayV2Request(method: "GET", path: "/nothing", requestID: "r-1"),
            ] {
                let response = await api.handle(request)
                #expect(response.statusCode == 404, "\(request.requestContext.http.method) \(request.rawPath)")
                let body = try json(response)
                #expect(body["requestId"] as? String == "r-1")
                #expect(response.headers["access-control-allow-origin"] == nil, "CORS is the API's, not the function's")
            }
            let wrong = await api.handle(.init(method: "PATCH", path: "/items"))
            #expect(wrong.statusCode == 405)
            #expect(wrong.headers["allow"] == "GET, POST, OPTIONS")
        }
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        var method: String
        var path: String
        var query: [String: String]?
        var body: String?
        var message: String
        var testDescription: String { message }
    }

    static let badInputs: [BadInput] = [
        BadInput(method: "POST", path: "/items", query: nil, body: "{not json", message: "not valid JSON"),
        BadInput(method: "POST", path: "/items", query: nil, body: "[1,2]", message: "must be a JSON object"),
        BadInput(method: "POST", path: "/items", query: nil, body: "", message: "the body is empty"),
        BadInput(method: "POST", path: "/items", query: nil, body: #"{"pk":"OTHER","name":"x"}"#, message: "'pk' is set by the API"),
        BadInput(method: "POST", path: "/items", query: nil, body: #"{"id":"mine"}"#, message: "'id' is set by the API"),
        BadInput(method: "GET", path: "/items", query: ["limit": "0"], body: nil, message: "limit '0' must be a whole number from 1 to 100"),
        BadInput(method: "GET", path: "/items", query: ["limit": "abc"], body: nil, message: "limit 'abc'"),
        BadInput(method: "GET", path: "/items", query: ["nextToken": "%%%"], body: nil, message: "nextToken '%%%' is not one this API issued"),
    ]

    @Test("bad input is 400 naming the problem", arguments: Self.badInputs)
    func badInput(_ input: BadInput) async throws {
        try await withAPI { api, _ in
            let response = await api.handle(.init(method: input.method, path: input.path, query: input.query, body: input.body))
            let body = try json(response)
            #expect(response.statusCode == 400)
            #expect((body["error"] as? String)?.contains(input.message) == true, "\(response.body)")
        }
    }

    @Test("a body over 256 KiB is refused")
    func largeBody() async throws {
        try await withAPI { api, _ in
            let big = #"{"blob":""# + String(repeating: "x", count: 262_145) + #""}"#
            let response = await api.handle(.init(method: "POST", path: "/items", body: big))
            #expect(response.statusCode == 400)
            #expect(response.body.contains("over the 262144-byte limit"))
        }
    }

    @Test("an OPTIONS that reaches the function (CORS off) is 204 with no CORS headers: CORS is the API's to answer")
    func preflight() async throws {
        try await withAPI { api, _ in
            let response = await api.handle(.init(method: "OPTIONS", path: "/items/abc"))
            #expect(response.statusCode == 204)
            #expect(!response.headers.keys.contains { $0.hasPrefix("access-control-") })
        }
    }

    @Test("index keys are the application's: a client sending gsi1pk or gsi1sk is refused")
    func indexKeys() async throws {
        try await withAPI { api, _ in
            var guarded = api
            guarded.keys.indexKeys = ["gsi1pk", "gsi1sk"]
            for field in ["gsi1pk", "gsi1sk"] {
                let response = await guarded.handle(.init(method: "POST", path: "/items", body: #"{"name":"pen","\#(field)":"ADMIN"}"#))
                #expect(response.statusCode == 400 && response.body.contains("'\(field)' is a key of the table's indexes"), "\(response.body)")
            }
        }
    }

    @Test("what DynamoDB refuses as invalid (a number past its range) is the client's 400, not a 500")
    func validation() async throws {
        try await withAPI { api, _ in
            let response = await api.handle(.init(method: "POST", path: "/items", body: #"{"weight":2e126}"#))
            #expect(response.statusCode == 400 && response.body.contains("the item cannot be stored"), "\(response.body)")
        }
    }

    @Test("a create whose answer is lost is sent again and reported made: the item is there once")
    func lostCreate() async throws {
        try await withMotoServer { moto in
            let dynamo = try await itemsTable(moto)
            let dropping = LosingFirstAnswer { request in request.headers.contains { $0.name.lowercased() == "x-amz-target" && $0.value.hasSuffix(".PutItem") } }
            let api = ItemsAPI(dynamoDB: DynamoDBClient(client: moto.client(transport: dropping)), tableName: "items", logger: logger)
            let response = await api.handle(.init(method: "POST", path: "/items", body: #"{"name":"pen"}"#))
            #expect(response.statusCode == 201, "\(response.body)")
            #expect(dropping.dropped, "the first answer was lost")
            let stored = try await dynamo.scan(ScanInput(tableName: "items"), logger: logger).items ?? []
            let id = try #require(try json(response)["id"] as? String)
            #expect(stored.count == 1 && stored.first?["id"] == .s(id))
        }
    }
}
