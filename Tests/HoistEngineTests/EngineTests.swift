import AWSSigV4
import AWSTransport
import Foundation
import HoistEngine
import HoistTestSupport
import Logging
import Testing

/// deploy, re-deploy, update-code and destroy against moto, each checked with boto3, not with hoist.
@Suite("Engine against moto")
struct EngineTests {
    struct Checked: Decodable {
        struct Role: Decodable {
            var trustService: String
            var policyActions: [String]
            var policyResources: [String]
            var attached: [String]
            var inline: [String]
            var logsWrite: [String: [String]]?
            var xrayWrite: [String: [String]]?
            var tags: [String: String]
            var boundary: String?
        }
        struct Function: Decodable {
            var memory: Int
            var timeout: Int
            var runtime: String
            var handler: String
            var role: String
            var environment: [String: String]
            var codeSha256: String
            var architectures: [String]?
            var tags: [String: String]
            var reservedConcurrency: Int?
            var tracing: String?
            /// The API's permission on alias `live`.
            var permissionSourceArn: [String]
            /// hoist's statement on the unqualified function (a stack deployed before aliases).
            var unqualifiedPermission: [String]
            var live: String?
            var canary: [String: Double]?
            var versions: [Version]
            var provisioned: Provisioned?
        }
        struct Version: Decodable {
            var number: String
            var codeSha256: String
            var description: String?
            var memory: Int
        }
        struct Provisioned: Decodable {
            var requested: Int
            var status: String
        }
        struct API: Decodable {
            struct Integration: Decodable {
                var id: String
                var type: String
                var uri: String?
                var payload: String?
            }
            struct Route: Decodable {
                var key: String
                var target: String?
                var auth: String
                var authorizer: String?
            }
            struct Authorizer: Decodable {
                var id: String
                var name: String
                var issuer: String?
                var audience: [String]?
                var identitySource: [String]?
            }
            struct Stage: Decodable {
                struct Logs: Decodable {
                    var DestinationArn: String?
                    var Format: String?
                }
                var autoDeploy: Bool?
                var accessLogs: Logs?
                /// Rate and burst, `nil` where unset.
                var throttling: [Double?]
            }
            struct CORS: Decodable, Equatable {
                var AllowOrigins: [String]?
                var AllowMethods: [String]?
                var AllowHeaders: [String]?
            }
            var id: String
            var `protocol`: String
            var cors: CORS?
            var tags: [String: String]
            var integrations: [Integration]
            var routes: [Route]
            var authorizers: [Authorizer]
            var stage: Stage?
        }
        struct UserPool: Decodable {
            var id: String
            var tags: [String: String]
            var clients: [String]
        }
        struct Table: Decodable {
            struct Index: Decodable {
                var name: String
                var keys: [[String]]
                var projection: String
            }
            var keys: [[String]]
            var billing: String?
            var indexes: [Index]
            var deletionProtection: Bool
            var pointInTimeRecovery: Bool
            var tags: [String: String]
        }
        var role: Role?
        var function: Function?
        var apiCount: Int
        var api: API?
        var table: Table?
        var userPools: [UserPool]
        var logGroups: [String: Int?]
    }

    let logger = Logger(label: "test")
    static let zip = Data([0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18))
    static let changedZip = zip + Data([0, 0])

    /// An engine for the template's stack, with `adjust` applied to its configuration.
    func engine(_ moto: MotoServer, stateDirectory: URL, environment: String = "dev", adjust: (inout HoistConfig) -> Void = { _ in }) throws -> Engine<ContinuousClock> {
        var config = try ConfigParser().parse(HoistConfig.template(projectName: "shop", region: "us-east-1"))
        adjust(&config)
        let spec = StackSpec(config: config, environment: environment, region: "us-east-1")
        return Engine(
            clients: StackClients(client: moto.client()), spec: spec, store: StateStore(directory: stateDirectory, project: "shop", environment: environment),
            waiter: Waiter(clock: ContinuousClock(), timeout: .seconds(60)), events: { _ in }, logger: logger)
    }

    func check(_ moto: MotoServer, _ name: String = "shop-dev") async throws -> Checked {
        let output = try await PythonScript.run(
            "Tests/HoistEngineTests/stack_check.py", arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey, name])
        return try JSONDecoder().decode(Checked.self, from: Data(output.utf8))
    }

    /// A moto server and an empty state folder for one test's stack.
    func withStack(_ body: (MotoServer, URL) async throws -> Void) async throws {
        try await withMotoServer { moto in
            try await withTemporaryDirectory { state in try await body(moto, state) }
        }
    }

    /// Deploys the template's stack and returns the `CodeSha256` its function reports.
    func deployFirst(_ moto: MotoServer, stateDirectory: URL) async throws -> String {
        _ = try await engine(moto, stateDirectory: stateDirectory).deploy(code: CodePackage(zip: Self.zip, codeSha256: "first"))
        return try #require(try await check(moto).function).codeSha256
    }

    /// Requests that change something: every REST call but GET, and json/query operations not named Get/List/Describe.
    func mutatingRequests(_ moto: MotoServer, after count: Int) throws -> [String] {
        try moto.requests().dropFirst(count).compactMap { request in
            let operation = request.amzTarget.map { String($0.split(separator: ".").last ?? "") } ?? request.action
            if let operation {
                return ["Get", "List", "Describe"].contains(where: { operation.hasPrefix($0) }) ? nil : operation
            }
            return request.method == "GET" ? nil : "\(request.method) \(request.target)"
        }
    }

    @Test("deploy builds the seed's stack, a second deploy changes nothing, update-code uploads only new code, destroy leaves nothing")
    func lifecycle() async throws {
        try await withStack { moto, stateDirectory in
            let engine = try engine(moto, stateDirectory: stateDirectory)
            let sha = "sha-of-first-zip"
            let (plan, outputs) = try await engine.deploy(code: CodePackage(zip: Self.zip, codeSha256: sha))
            #expect(plan.steps.allSatisfy { $0.instruction == .change(.create) })
            let deployed = try await check(moto)
            let account = moto.accountID

            let role = try #require(deployed.role)
            #expect(role.trustService == "lambda.amazonaws.com")
            #expect(role.policyActions == ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:UpdateItem"])
            let tableARN = "arn:aws:dynamodb:us-east-1:\(account):table/shop-dev-table"
            #expect(role.policyResources == [tableARN, tableARN + "/index/*"])
            #expect(role.attached.isEmpty, "no managed policy: AWSLambdaBasicExecutionRole writes to every log group")
            #expect(role.inline == ["dynamodb-access", "logs-write"])
            #expect(role.logsWrite == [
                "actions": ["logs:CreateLogStream", "logs:PutLogEvents"], "resources": ["arn:aws:logs:us-east-1:\(account):log-group:/aws/lambda/shop-dev:*"],
            ])
            #expect(role.tags == ["hoist:project": "shop", "hoist:env": "dev"])

            let function = try #require(deployed.function)
            #expect(function.memory == 256 && function.timeout == 30)
            #expect(function.runtime == "provided.al2023" && function.handler == "bootstrap")
            #expect(function.role == "arn:aws:iam::\(account):role/shop-dev-role")
            #expect(function.environment == ["TABLE_NAME": "shop-dev-table", "TABLE_HASH_KEY": "pk", "TABLE_RANGE_KEY": "sk", "TABLE_INDEX_KEYS": "gsi1pk,gsi1sk"])
            #expect(function.tags["hoist:env"] == "dev")
            #expect(function.reservedConcurrency == nil, "reserved concurrency only when hoist.yml asks")

            let api = try #require(deployed.api)
            #expect(deployed.apiCount == 1)
            #expect(api.protocol == "HTTP")
            #expect(api.cors == .init(AllowOrigins: ["*"], AllowMethods: ["GET", "POST", "PUT", "DELETE", "OPTIONS"], AllowHeaders: ["Content-Type", "Authorization"]))
            let integration = try #require(api.integrations.first)
            #expect(api.integrations.count == 1)
            #expect(integration.type == "AWS_PROXY" && integration.payload == "2.0")
            #expect(integration.uri == "arn:aws:lambda:us-east-1:\(account):function:shop-dev:live", "the API invokes alias live")
            #expect(api.routes.map(\.key) == ["$default"])
            #expect(api.routes.first?.target == "integrations/\(integration.id)")
            #expect(api.stage?.autoDeploy == true)
            #expect(api.stage?.throttling == [100, 200], "throttled by default")
            #expect(api.stage?.accessLogs?.DestinationArn == "arn:aws:logs:us-east-1:\(account):log-group:/aws/apigateway/shop-dev")
            #expect(api.stage?.accessLogs?.Format?.contains("$context.responseLength") == true)
            #expect(function.permissionSourceArn == ["arn:aws:execute-api:us-east-1:\(account):\(api.id)/*/*"], "granted on live")
            #expect(function.unqualifiedPermission.isEmpty, "nothing granted on the unqualified function")
            #expect(function.live == "1" && function.versions.map(\.codeSha256) == [function.codeSha256], "live serves version 1, the code deployed")
            #expect(outputs["apiID"] == api.id)

            let table = try #require(deployed.table)
            #expect(table.keys == [["pk", "HASH"], ["sk", "RANGE"]])
            #expect(table.billing == "PAY_PER_REQUEST")
            #expect(table.indexes.map(\.name) == ["gsi1"] && table.indexes.first?.projection == "ALL")
            #expect(table.deletionProtection && table.pointInTimeRecovery, "the data is protected by default")
            #expect(deployed.logGroups == ["/aws/lambda/shop-dev": 14, "/aws/apigateway/shop-dev": 14])

            let state = try #require(try StateStore(directory: stateDirectory, project: "shop", environment: "dev").load())
            #expect(state.resources["api"]?.id == api.id)
            #expect(state.codeSha256 == sha)

            // Again, with nothing changed: the plan is empty and no mutating call is made.
            let before = try moto.requests().count
            let (again, _) = try await engine.deploy(code: CodePackage(zip: Self.zip, codeSha256: function.codeSha256))
            #expect(again.isEmpty, "\(again.text)")
            #expect(try mutatingRequests(moto, after: before) == [])

            #expect(try await engine.updateCode(code: CodePackage(zip: Self.zip, codeSha256: function.codeSha256)) == false)
            #expect(try await engine.updateCode(code: CodePackage(zip: Self.changedZip, codeSha256: "changed")) == true)
            let updated = try #require(try await check(moto).function)
            #expect(updated.codeSha256 != function.codeSha256)
            #expect(updated.live == "2" && updated.versions.last?.codeSha256 == updated.codeSha256, "update-code publishes the new code and moves live")

            let destroyed = try await engine.destroy()
            #expect(destroyed.steps.allSatisfy { $0.instruction == .change(.delete) })
            let gone = try await check(moto)
            #expect(gone.role == nil && gone.function == nil && gone.apiCount == 0 && gone.table == nil && gone.logGroups.isEmpty)
            #expect(try StateStore(directory: stateDirectory, project: "shop", environment: "dev").load() == nil)
            let second = try await engine.destroy()
            #expect(second.isEmpty)
        }
    }
}
