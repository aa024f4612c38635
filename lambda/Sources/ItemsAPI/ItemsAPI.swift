import AWSDynamoDB
import AWSTransport
import ExtrasBase64
import HoistRuntime
import LeanJSON
import Logging

/// The CRUD items API of the seed, fixed where the seed is wrong: UUIDs, Query with pagination instead of
/// Scan, 404 on PUT/DELETE of a missing item, reserved keys protected, every error in JSON with the request
/// id. Where items live in the table follows its key names (`ItemKeys`): by default `pk = "ITEM"`, `sk = <id>`.
package struct ItemsAPI: Sendable {
    package var dynamoDB: DynamoDBClient
    package var tableName: String
    package var keys: ItemKeys
    package var logger: Logger
    /// The instant stamped on items, in milliseconds since 1970.
    package var now: @Sendable () -> Int64

    package static let maxBodyBytes = 256 * 1024
    package static let defaultLimit = 25

    package init(dynamoDB: DynamoDBClient, tableName: String, keys: ItemKeys = .standard, logger: Logger, now: @escaping @Sendable () -> Int64 = WallClock.millisecondsSince1970) {
        self.dynamoDB = dynamoDB
        self.tableName = tableName
        self.keys = keys
        self.logger = logger
        self.now = now
    }

    /// An answer the API gives on purpose: status and message, sent as `{"error", "requestId"}`.
    struct Failure: Error {
        var status: Int
        var message: String
        var allow: String?
    }

    package func handle(_ request: APIGatewayV2Request) async -> APIGatewayV2Response {
        let requestID = request.requestContext.requestId
        do {
            let (status, body) = try await route(request)
            return response(status, body)
        } catch let failure as Failure {
            var answer = response(failure.status, .object(["error": .string(failure.message), "requestId": .string(requestID)]))
            if let allow = failure.allow { answer.headers["allow"] = allow }
            return answer
        } catch DynamoDBError.validation(let refusal) {
            // What the client sent cannot be stored (too large, nested too deep): its error, not the API's.
            return response(400, .object(["error": .string("the item cannot be stored: \(refusal.message)"), "requestId": .string(requestID)]))
        } catch {
            logger.error("request failed", metadata: ["request-id": "\(requestID)", "error": "\(error)"])
            return response(500, .object(["error": .string("internal error"), "requestId": .string(requestID)]))
        }
    }

    private func route(_ request: APIGatewayV2Request) async throws -> (Int, JSON?) {
        let method = request.requestContext.http.method.uppercased()
        let segments = request.rawPath.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        switch segments.count {
        case 1 where segments[0] == "items":
            switch method {
            case "GET": return (200, try await list(request))
            case "POST": return (201, try await create(request))
            case "OPTIONS": return (204, nil)
            default: throw Failure(status: 405, message: "\(method) is not allowed on /items; use GET or POST", allow: "GET, POST, OPTIONS")
            }
        case 2 where segments[0] == "items":
            let id = segments[1]
            switch method {
            case "GET": return (200, try await get(id))
            case "PUT": return (200, try await replace(id, request))
            case "DELETE":
                try await delete(id)
                return (204, nil)
            case "OPTIONS": return (204, nil)
            default: throw Failure(status: 405, message: "\(method) is not allowed on /items/{id}; use GET, PUT or DELETE", allow: "GET, PUT, DELETE, OPTIONS")
            }
        default:
            throw Failure(status: 404, message: "no route for \(method) \(request.rawPath); the API serves /items and /items/{id}")
        }
    }

    private func list(_ request: APIGatewayV2Request) async throws -> JSON {
        var limit = Self.defaultLimit
        if let text = request.queryStringParameters?["limit"] {
            guard let value = Int(text), (1...100).contains(value) else { throw Failure(status: 400, message: "limit '\(text)' must be a whole number from 1 to 100") }
            limit = value
        }
        var startKey: Item?
        if let token = request.queryStringParameters?["nextToken"] {
            guard let parts = PageToken.decode(token), let key = keys.startKey(parts) else {
                throw Failure(status: 400, message: "nextToken '\(token)' is not one this API issued")
            }
            startKey = key
        }
        let page =
            keys.sharedPartition
            ? try await dynamoDB.query(
                QueryInput(
                    tableName: tableName, keyConditionExpression: "#k = :k", expressionAttributeNames: ["#k": keys.hash],
                    expressionAttributeValues: [":k": ItemKeys.partition], limit: limit, exclusiveStartKey: startKey),
                logger: logger)
            : try await dynamoDB.scan(ScanInput(tableName: tableName, limit: limit, exclusiveStartKey: startKey, consistentRead: true), logger: logger)
        var body: [String: JSON] = ["items": .array((page.items ?? []).map(publicItem))]
        if let last = page.lastEvaluatedKey.flatMap(keys.tokenParts) { body["nextToken"] = .string(PageToken.encode(last)) }
        return .object(body)
    }

    /// The stored item with this id, by its key or, when the key holds its createdAt too, by a Query on the id.
    private func find(_ id: String) async throws -> Item? {
        if keys.keyNeedsOnlyID { return try await dynamoDB.getItem(tableName, key: keys.key(id: id, createdAt: nil), consistentRead: true, logger: logger) }
        let found = try await dynamoDB.query(
            QueryInput(
                tableName: tableName, keyConditionExpression: "#k = :k", expressionAttributeNames: ["#k": keys.hash], expressionAttributeValues: [":k": .s(id)],
                limit: 1),
            logger: logger)
        return found.items?.first
    }

    /// The item with its fields and key attributes.
    private func stored(_ fields: [String: JSON], id: String, createdAt: AttributeValue, updatedAt: String) -> Item {
        var item: Item = fields.mapValues(\.attributeValue)
        item["id"] = .s(id)
        item["createdAt"] = createdAt
        item["updatedAt"] = .s(updatedAt)
        item.merge(keys.key(id: id, createdAt: createdAt)) { $1 }
        return item
    }

    private func create(_ request: APIGatewayV2Request) async throws -> JSON {
        let fields = try body(of: request)
        let stamp = Timestamp.iso8601(millisecondsSince1970: now())
        let id = RandomID.uuid()
        let item = stored(fields, id: id, createdAt: .s(stamp), updatedAt: stamp)
        do {
            try await dynamoDB.putItem(
                PutItemInput(tableName: tableName, item: item, conditionExpression: "attribute_not_exists(#k)", expressionAttributeNames: ["#k": keys.hash]),
                logger: logger)
        } catch DynamoDBError.conditionalCheckFailed {
            // The id is new, so only this call's own write can be there: a retry after a lost answer finds it.
            // It is read back to be sure before it is reported made.
            let found = try await dynamoDB.getItem(tableName, key: keys.key(id: id, createdAt: .s(stamp)), consistentRead: true, logger: logger)
            guard found?["id"] == .s(id), found?["createdAt"] == .s(stamp) else { throw Failure(status: 409, message: "an item with id '\(id)' exists already; send again") }
        }
        return publicItem(item)
    }

    private func get(_ id: String) async throws -> JSON {
        guard let item = try await find(id) else { throw Failure(status: 404, message: "no item with id '\(id)'") }
        return publicItem(item)
    }

    /// Replaces the item's fields (its id and createdAt stay); a missing item is 404, never created.
    private func replace(_ id: String, _ request: APIGatewayV2Request) async throws -> JSON {
        let fields = try body(of: request)
        guard let existing = try await find(id) else { throw Failure(status: 404, message: "no item with id '\(id)'") }
        let stamp = Timestamp.iso8601(millisecondsSince1970: now())
        let item = stored(fields, id: id, createdAt: existing["createdAt"] ?? .s(stamp), updatedAt: stamp)
        do {
            try await dynamoDB.putItem(
                PutItemInput(tableName: tableName, item: item, conditionExpression: "attribute_exists(#k)", expressionAttributeNames: ["#k": keys.hash]), logger: logger)
        } catch DynamoDBError.conditionalCheckFailed {
            throw Failure(status: 404, message: "no item with id '\(id)'")
        }
        return publicItem(item)
    }

    private func delete(_ id: String) async throws {
        let key: Item
        if keys.keyNeedsOnlyID {
            key = keys.key(id: id, createdAt: nil)
        } else {
            guard let existing = try await find(id) else { throw Failure(status: 404, message: "no item with id '\(id)'") }
            key = keys.key(id: id, createdAt: existing["createdAt"])
        }
        do {
            _ = try await dynamoDB.deleteItem(
                DeleteItemInput(tableName: tableName, key: key, conditionExpression: "attribute_exists(#k)", expressionAttributeNames: ["#k": keys.hash]), logger: logger)
        } catch DynamoDBError.conditionalCheckFailed {
            throw Failure(status: 404, message: "no item with id '\(id)'")
        }
    }

    /// The request body as a JSON object of user fields: under 256 KiB, valid JSON, an object, no reserved keys.
    private func body(of request: APIGatewayV2Request) throws -> [String: JSON] {
        guard let bytes = request.bodyBytes, !bytes.isEmpty else { throw Failure(status: 400, message: "the body is empty; send a JSON object") }
        guard bytes.count <= Self.maxBodyBytes else {
            throw Failure(status: 400, message: "the body is \(bytes.count) bytes, over the 262144-byte limit")
        }
        let value: JSON
        do {
            value = try JSON(parsing: bytes)
        } catch {
            throw Failure(status: 400, message: "the body is not valid JSON")
        }
        guard case .object(let fields) = value else { throw Failure(status: 400, message: "the body must be a JSON object") }
        if let key = fields.keys.sorted().first(where: { ItemKeys.fields.contains($0) || keys.hidden.contains($0) }) {
            throw Failure(status: 400, message: "'\(key)' is set by the API and cannot be sent")
        }
        // An index key placed by a client would put the item into an index the application reads by it.
        if let key = fields.keys.sorted().first(where: keys.indexKeys.contains) {
            throw Failure(status: 400, message: "'\(key)' is a key of the table's indexes, set by the application, and cannot be sent")
        }
        return fields
    }

    /// No CORS headers: CORS is the API's (hoist.yml's `cors`, applied by API Gateway and by `hoist local`), so
    /// `cors: false` turns it off and a list of origins is honoured.
    private func response(_ status: Int, _ body: JSON?) -> APIGatewayV2Response {
        var headers: [String: String] = [:]
        var text = ""
        if let body {
            headers["content-type"] = "application/json"
            text = body.text
        }
        return APIGatewayV2Response(statusCode: status, headers: headers, body: text)
    }

    /// What clients see: the item without the table's key attributes that are no field of theirs.
    func publicItem(_ item: Item) -> JSON {
        let hidden = keys.hidden
        return .object(item.filter { !hidden.contains($0.key) }.mapValues(JSON.init))
    }

}

/// `nextToken`: the last id of a page, base64url-encoded without padding so clients treat it as opaque.
enum PageToken {
    static func encode(_ parts: [String]) -> String {
        Base64.encodeToString(bytes: Array(parts.joined(separator: "\n").utf8), options: [.base64UrlAlphabet, .omitPaddingCharacter])
    }

    static func decode(_ token: String) -> [String]? {
        guard let bytes = try? Base64.decode(string: token, options: [.base64UrlAlphabet, .omitPaddingCharacter]),
            let text = String(validating: bytes, as: UTF8.self), !text.isEmpty
        else { return nil }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
