import AWSDynamoDB
import AWSTransport
import HoistRuntime
import LeanJSON
import Logging

/// The items API as a function: its table, the table's key names and credentials from the environment Lambda
/// (or `hoist local`) sets, one JSON log line per request.
public struct ItemsFunction: APIHandler {
    let api: ItemsAPI

    /// Lambda hands the function its role's credentials in the environment; local runs point DynamoDB elsewhere.
    public init() throws {
        let environment = ProcessEnvironment.current
        guard let table = environment["TABLE_NAME"], environment["AWS_REGION"] != nil else {
            throw LambdaRuntimeError.missingEnvironment("TABLE_NAME and AWS_REGION")
        }
        let client = try FunctionAWSClient.make(environment, services: [.dynamoDB])
        var logger = Logger(label: "items") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        // The table's key names as hoist.yml gives them; without TABLE_HASH_KEY, hoist's default pk/sk.
        var keys = try environment["TABLE_HASH_KEY"].map { try ItemKeys(hash: $0, range: environment["TABLE_RANGE_KEY"]) } ?? .standard
        keys.indexKeys = Set((environment["TABLE_INDEX_KEYS"] ?? "").split(separator: ",").map(String.init))
        api = ItemsAPI(dynamoDB: DynamoDBClient(client: client), tableName: table, keys: keys, logger: logger)
    }

    public func handle(_ request: APIGatewayV2Request, context: InvocationContext) async throws -> APIGatewayV2Response {
        let clock = ContinuousClock()
        let start = clock.now
        let response = await api.handle(request)
        let elapsed = clock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        // One JSON line per request: what CloudWatch Logs Insights queries by.
        let log: [String: String] = [
            "requestId": context.requestID, "method": request.method, "path": request.rawPath,
            "status": String(response.statusCode), "durationMs": "\((milliseconds * 10).rounded() / 10)",
        ]
        RuntimeOutput.line(JSON.object(log.mapValues(JSON.string)).text)
        return response
    }
}
