import AWSAPIGatewayV2
import AWSDynamoDB
import AWSIAM
import AWSLambda
import AWSLogs
import Foundation
import HoistEngine
import HoistTestSupport
import Logging
import Testing

/// What AWS changed behind hoist's back is put back by the next deploy; a lost state file is rebuilt
/// from what exists, without duplicates; environments do not touch each other.
@Suite("Drift, adoption and environments against moto")
struct DriftTests {
    let logger = Logger(label: "test")
    let lifecycle = EngineTests()

    @Test("a deleted route, changed memory and changed log retention are repaired")
    func repairsDrift() async throws {
        try await lifecycle.withStack { moto, state in
            let engine = try lifecycle.engine(moto, stateDirectory: state)
            let (_, outputs) = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
            let client = moto.client()
            let routes = try await APIGatewayV2Client(client: client).getRoutes(try #require(outputs["apiID"]), logger: logger)
            try await APIGatewayV2Client(client: client).deleteRoute(try #require(outputs["apiID"]), routeId: try #require(routes.first).routeId, logger: logger)
            _ = try await LambdaClient(client: client).updateFunctionConfiguration("shop-dev", UpdateFunctionConfigurationInput(memorySize: 1024), logger: logger)
            try await LogsClient(client: client).putRetentionPolicy("/aws/lambda/shop-dev", retentionInDays: 3, logger: logger)

            let plan = try await engine.plan(codeSha256: try #require(try await lifecycle.check(moto).function).codeSha256)
            #expect(plan.change(for: .route) == .create)
            #expect(plan.change(for: .function) == .update([PropertyChange(FunctionResource.Property.memory, from: "1024 MB", to: "256 MB")]))
            #expect(plan.change(for: .functionLogGroup) == .update([PropertyChange(LogGroupResource.Property.retention, from: "3 days", to: "14 days")]))
            #expect(plan.text.contains("~ update  function            shop-dev (memory 1024 MB → 256 MB)"), "\(plan.text)")
            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: try #require(try await lifecycle.check(moto).function).codeSha256))

            let repaired = try await lifecycle.check(moto)
            #expect(repaired.api?.routes.map(\.key) == ["$default"])
            #expect(repaired.function?.memory == 256)
            #expect(repaired.logGroups["/aws/lambda/shop-dev"] == 14)
        }
    }

    @Test("deletion protection and point-in-time recovery turned off out of band are drift, repaired by deploy; destroy still deletes the table")
    func tableProtection() async throws {
        try await lifecycle.withStack { moto, state in
            let engine = try lifecycle.engine(moto, stateDirectory: state)
            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
            let dynamoDB = DynamoDBClient(client: moto.client())
            _ = try await dynamoDB.updateTable("shop-dev-table", deletionProtectionEnabled: false, logger: logger)
            try await dynamoDB.updateContinuousBackups("shop-dev-table", pointInTimeRecoveryEnabled: false, logger: logger)

            let sha = try #require(try await lifecycle.check(moto).function).codeSha256
            let plan = try await engine.plan(codeSha256: sha)
            #expect(
                plan.change(for: .table) == .update([
                    PropertyChange(TableResource.Property.deletionProtection, from: "off", to: "on"),
                    PropertyChange(TableResource.Property.pointInTimeRecovery, from: "off", to: "on"),
                ]), "\(plan.text)")
            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: sha))
            let table = try #require(try await lifecycle.check(moto).table)
            #expect(table.deletionProtection && table.pointInTimeRecovery)
            #expect(try await engine.plan(codeSha256: sha).isEmpty)

            _ = try await engine.destroy()
            #expect(try await lifecycle.check(moto).table == nil, "destroy turned the protection off, then deleted the table")
        }
    }

    @Test("throttling and reserved concurrency follow hoist.yml: set, changed, removed, and put back after an out-of-band change")
    func throttlingAndConcurrency() async throws {
        try await lifecycle.withStack { moto, state in
            let reserved = try lifecycle.engine(moto, stateDirectory: state) {
                $0.function.reservedConcurrency = 5
                $0.api.throttling?.rateLimit = 20
                $0.api.throttling?.burstLimit = 40
            }
            _ = try await reserved.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
            var checked = try await lifecycle.check(moto)
            #expect(checked.function?.reservedConcurrency == 5 && checked.api?.stage?.throttling == [20, 40])
            let sha = try #require(checked.function).codeSha256
            #expect(try await reserved.plan(codeSha256: sha).isEmpty)

            let apiID = try #require(checked.api?.id)
            _ = try await APIGatewayV2Client(client: moto.client()).updateStage(apiID, stageName: "$default", UpdateStageInput(defaultRouteSettings: RouteSettings()), logger: logger)
            let drifted = try await reserved.plan(codeSha256: sha)
            #expect(drifted.change(for: .stage) == .update([PropertyChange(StageResource.Property.throttling, from: "off", to: "20/s burst 40")]), "\(drifted.text)")
            _ = try await reserved.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: sha))
            #expect(try await lifecycle.check(moto).api?.stage?.throttling == [20, 40])

            let open = try lifecycle.engine(moto, stateDirectory: state) { $0.api.throttling = nil }
            let plan = try await open.plan(codeSha256: sha)
            #expect(plan.change(for: .function) == .update([PropertyChange(FunctionResource.Property.reservedConcurrency, from: "5", to: "none")]), "\(plan.text)")
            #expect(plan.change(for: .stage) == .update([PropertyChange(StageResource.Property.throttling, from: "20/s burst 40", to: "off")]))
            let before = try moto.requests().count
            _ = try await open.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: sha))
            #expect(try lifecycle.mutatingRequests(moto, after: before).sorted() == [
                "DELETE /2017-10-31/functions/shop-dev/concurrency", "PATCH /v2/apis/\(apiID)/stages/%24default",
            ], "the concurrency alone changes, not the function's configuration")
            checked = try await lifecycle.check(moto)
            #expect(checked.function?.reservedConcurrency == nil && checked.api?.stage?.throttling == [nil, nil])
            #expect(try await open.plan(codeSha256: sha).isEmpty)
        }
    }

    @Test("tracing: Active with the role's xray-write policy; put back after an out-of-band change; removed with the key")
    func tracing() async throws {
        try await lifecycle.withStack { moto, state in
            let traced = try lifecycle.engine(moto, stateDirectory: state) { $0.function.tracing = true }
            _ = try await traced.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
            var checked = try await lifecycle.check(moto)
            #expect(checked.function?.tracing == "Active")
            #expect(checked.role?.xrayWrite == ["actions": ["xray:PutTelemetryRecords", "xray:PutTraceSegments"], "resources": ["*"]])
            let sha = try #require(checked.function).codeSha256
            #expect(try await traced.plan(codeSha256: sha).isEmpty)

            _ = try await RealAWSTests().outOfBand(moto, "tracing-off", "shop-dev")
            let drifted = try await traced.plan(codeSha256: sha)
            #expect(drifted.change(for: .function) == .update([PropertyChange(FunctionResource.Property.tracing, from: "PassThrough", to: "Active")]), "\(drifted.text)")
            _ = try await traced.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: sha))
            #expect(try await lifecycle.check(moto).function?.tracing == "Active")

            let untraced = try lifecycle.engine(moto, stateDirectory: state) { _ in }
            let plan = try await untraced.plan(codeSha256: sha)
            #expect(plan.change(for: .function) == .update([PropertyChange(FunctionResource.Property.tracing, from: "Active", to: "PassThrough")]), "\(plan.text)")
            #expect(plan.change(for: .role) == .update([PropertyChange(RoleResource.Property.tracingPolicy)]), "\(plan.text)")
            _ = try await untraced.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: sha))
            checked = try await lifecycle.check(moto)
            #expect(checked.function?.tracing == "PassThrough" && checked.role?.xrayWrite == nil && checked.role?.inline.contains("xray-write") == false)
            #expect(try await untraced.plan(codeSha256: sha).isEmpty)
        }
    }

    @Test("ownership: a role of the stack's name without hoist's tags, or a recorded API id of someone else's, stops plan, deploy and destroy naming it; nothing is changed")
    func ownership() async throws {
        try await lifecycle.withStack { moto, state in
            let real = RealAWSTests()
            _ = try await real.outOfBand(moto, "foreign-role", "shop-dev-role")
            let engine = try lifecycle.engine(moto, stateDirectory: state)
            let foreignRole = EngineError.notOurs(.role, id: "shop-dev-role", project: "shop", environment: "dev")
            let before = try moto.requests().count
            await #expect(throws: foreignRole) { try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first")) }
            #expect(try lifecycle.mutatingRequests(moto, after: before) == [], "nothing made or changed")
            await #expect(throws: foreignRole) { try await engine.destroy() }
            #expect(try await IAMClient(client: moto.client()).getRole("shop-dev-role", logger: logger)?.tags == [:], "the foreign role is still there, untouched")

            // The state written by someone who can write it points at another team's API.
            try await withTemporaryDirectory { other in
                let stack = try lifecycle.engine(moto, stateDirectory: other, environment: "qa")
                _ = try await stack.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
                let foreignAPI = try await real.outOfBand(moto, "foreign-api", "-").trimmingCharacters(in: .whitespacesAndNewlines)
                let store = StateStore(directory: other, project: "shop", environment: "qa")
                var recorded = try #require(try store.load())
                recorded.resources["api"] = .init(id: foreignAPI)
                try store.save(recorded)
                await #expect(throws: EngineError.notOurs(.api, id: foreignAPI, project: "shop", environment: "qa")) { try await stack.destroy() }
                #expect(try await APIGatewayV2Client(client: moto.client()).getApi(foreignAPI, logger: logger) != nil, "the other team's API survives")
            }
        }
    }

    @Test("ownership: a table, log group or function of the stack's name without hoist's tags stops deploy naming it", arguments: [
        ("foreign-table", "shop-dev-table", ResourceKind.table), ("foreign-log-group", "/aws/lambda/shop-dev", .functionLogGroup),
        ("foreign-function", "shop-dev", .function),
    ])
    func ownedByName(action: String, name: String, kind: ResourceKind) async throws {
        try await lifecycle.withStack { moto, state in
            _ = try await RealAWSTests().outOfBand(moto, action, name)
            let before = try moto.requests().count
            await #expect(throws: EngineError.notOurs(kind, id: name, project: "shop", environment: "dev")) {
                try await lifecycle.engine(moto, stateDirectory: state).deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
            }
            #expect(try lifecycle.mutatingRequests(moto, after: before) == [], "nothing made or changed")
        }
    }

    @Test("permissions_boundary: the role is made with it and it is put back when removed; without the key, a boundary an administrator set stays")
    func permissionsBoundary() async throws {
        try await lifecycle.withStack { moto, state in
            let boundary = "arn:aws:iam::aws:policy/PowerUserAccess"
            let capped = try lifecycle.engine(moto, stateDirectory: state) { $0.function.permissionsBoundary = boundary }
            _ = try await capped.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
            #expect(try await lifecycle.check(moto).role?.boundary == boundary)
            let sha = try #require(try await lifecycle.check(moto).function).codeSha256
            _ = try await RealAWSTests().outOfBand(moto, "drop-boundary", "shop-dev-role")
            let plan = try await capped.plan(codeSha256: sha)
            #expect(plan.change(for: .role) == .update([PropertyChange(RoleResource.Property.permissionsBoundary, from: "none", to: "PowerUserAccess")]), "\(plan.text)")
            _ = try await capped.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: sha))
            #expect(try await lifecycle.check(moto).role?.boundary == boundary)

            _ = try await RealAWSTests().outOfBand(moto, "set-boundary", "shop-dev-role")
            #expect(try await lifecycle.engine(moto, stateDirectory: state).plan(codeSha256: sha).isEmpty, "hoist never removes a boundary")

            let arns = StackARNs(spec: StackSpec(config: try ConfigParser().parse(HoistConfig.template(projectName: "shop", region: "us-east-1")), environment: "dev", region: "us-east-1"), account: "123456789012")
            var spec = arns.spec
            spec.config.function.permissionsBoundary = boundary
            let statements = RoleResource().permissions(StackARNs(spec: spec, account: "123456789012"))
            let create = try #require(statements.first { $0.actions.contains("iam:CreateRole") })
            #expect(create.condition == ["StringEquals": ["iam:PermissionsBoundary": [boundary]]], "the deployer may make the role only with its boundary")
            #expect(!statements.contains { $0.actions.contains("iam:DeleteRolePermissionsBoundary") })
            #expect(RoleResource().permissions(arns).first { $0.actions.contains("iam:CreateRole") }?.condition == nil)
        }
    }

    @Test("AdministratorAccess attached and a policy put on the role out of band are drift, shown by status and removed by deploy")
    func roleEscalation() async throws {
        try await lifecycle.withStack { moto, state in
            let engine = try lifecycle.engine(moto, stateDirectory: state)
            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
            let admin = "arn:aws:iam::aws:policy/AdministratorAccess"
            let client = moto.client()
            try await moto.attach(policy: admin, toRole: "shop-dev-role")
            try await IAMClient(client: client).putRolePolicy(
                "shop-dev-role", policyName: "escalate", policyDocument: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
                logger: logger)

            let status = try await engine.status()
            #expect(!status.inSync)
            let role = try #require(status.resources.first { $0.kind == .role })
            #expect(role.change == .update([PropertyChange(RoleResource.Property.attachedPolicies([admin])), PropertyChange(RoleResource.Property.otherInlinePolicies(["escalate"]))]))
            let sha = try #require(try await lifecycle.check(moto).function).codeSha256
            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: sha))
            let repaired = try #require(try await lifecycle.check(moto).role)
            #expect(repaired.attached.isEmpty && repaired.inline == ["dynamodb-access", "logs-write"])
            #expect(try await engine.plan(codeSha256: sha).isEmpty)
        }
    }

    @Test("CORS turned off, another architecture and new table keys: updated in place, the table replaced only with consent")
    func changedSettings() async throws {
        try await lifecycle.withStack { moto, state in
            let sha = try await lifecycle.deployFirst(moto, stateDirectory: state)
            let changed = try lifecycle.engine(moto, stateDirectory: state) { config in
                config.api.cors = nil
                config.function.architecture = "arm64"
                config.table.hashKey = "id"
                config.table.rangeKey = nil
            }
            let plan = try await changed.plan(codeSha256: sha)
            #expect(plan.change(for: .api) == .update([PropertyChange(APIResource.Property.cors)]))
            // New table keys reach the function too: its environment names them.
            #expect(plan.change(for: .function) == .update([PropertyChange(FunctionResource.Property.environment), PropertyChange(FunctionResource.Property.architecture, from: "x86_64", to: "arm64")]))
            #expect(plan.uploadCode)
            #expect(plan.change(for: .table) == .replace([PropertyChange(TableResource.Property.keys, from: "pk, sk", to: "id")]))
            #expect(plan.text.contains("± replace table               shop-dev-table (keys pk, sk → id)"), "\(plan.text)")

            let before = try moto.requests().count
            await #expect(throws: EngineError.replacementNeedsConsent(.table, name: "shop-dev-table", reasons: ["keys pk, sk → id"], environment: "dev")) {
                try await changed.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: sha))
            }
            #expect(try lifecycle.mutatingRequests(moto, after: before) == [])

            _ = try await changed.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: sha), allowReplace: true)
            let after = try await lifecycle.check(moto)
            #expect(after.api?.cors == nil)
            #expect(after.function?.architectures == ["arm64"])
            #expect(after.table?.keys == [["id", "HASH"]])
            #expect(after.table?.indexes.map(\.name) == ["gsi1"])
            #expect(try await changed.plan(codeSha256: after.function?.codeSha256 ?? "").isEmpty)
        }
    }

    @Test("indexes added, changed and removed are updated in place, one at a time, without replacing the table")
    func indexChanges() async throws {
        try await lifecycle.withStack { moto, state in
            let sha = try await lifecycle.deployFirst(moto, stateDirectory: state)
            let reshaped = try lifecycle.engine(moto, stateDirectory: state) { config in
                config.table.indexes = [
                    HoistConfig.IndexConfig(name: "gsi1", hashKey: "gsi1pk", rangeKey: nil),
                    HoistConfig.IndexConfig(name: "byStatus", hashKey: "status", rangeKey: "createdAt"),
                ]
            }
            #expect(try await reshaped.plan(codeSha256: sha).change(for: .table) == .update([PropertyChange(TableResource.Property.indexChanged("gsi1")), PropertyChange(TableResource.Property.indexAdded("byStatus"))]))
            _ = try await reshaped.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: sha))
            let table = try #require(try await lifecycle.check(moto).table)
            #expect(table.keys == [["pk", "HASH"], ["sk", "RANGE"]])
            #expect(table.indexes.map(\.name).sorted() == ["byStatus", "gsi1"])
            #expect(table.indexes.first { $0.name == "gsi1" }?.keys == [["gsi1pk", "HASH"]])
            #expect(table.indexes.first { $0.name == "byStatus" }?.keys == [["status", "HASH"], ["createdAt", "RANGE"]])
            #expect(try await reshaped.plan(codeSha256: sha).isEmpty)

            let bare = try lifecycle.engine(moto, stateDirectory: state) { $0.table.indexes = [] }
            #expect(try await bare.plan(codeSha256: sha).change(for: .table) == .update([PropertyChange(TableResource.Property.indexRemoved("gsi1")), PropertyChange(TableResource.Property.indexRemoved("byStatus"))]))
            _ = try await bare.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: sha))
            #expect(try #require(try await lifecycle.check(moto).table).indexes.isEmpty)
            #expect(try await bare.plan(codeSha256: sha).isEmpty)
        }
    }

    @Test("deploy after the state file is lost adopts what exists and duplicates nothing")
    func adoptsWithoutState() async throws {
        try await lifecycle.withStack { moto, state in
            let engine = try lifecycle.engine(moto, stateDirectory: state)
            let (_, first) = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
            let sha = try #require(try await lifecycle.check(moto).function).codeSha256
            try StateStore(directory: state, project: "shop", environment: "dev").remove()

            let (plan, second) = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: sha))
            #expect(plan.isEmpty, "\(plan.text)")
            #expect(second["apiID"] == first["apiID"])
            let checked = try await lifecycle.check(moto)
            #expect(checked.apiCount == 1)
            #expect(checked.api?.integrations.count == 1)
            #expect(try StateStore(directory: state, project: "shop", environment: "dev").load()?.resources["api"]?.id == first["apiID"])
        }
    }

    @Test("two environments side by side stay independent")
    func environments() async throws {
        try await lifecycle.withStack { moto, state in
            let dev = try lifecycle.engine(moto, stateDirectory: state, environment: "dev")
            let prod = try lifecycle.engine(moto, stateDirectory: state, environment: "prod")
            let (_, devOutputs) = try await dev.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "dev"))
            let (_, prodOutputs) = try await prod.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "prod"))
            #expect(devOutputs["apiID"] != prodOutputs["apiID"])
            _ = try await dev.destroy()
            #expect(try await lifecycle.check(moto, "shop-dev").function == nil)
            let production = try await lifecycle.check(moto, "shop-prod")
            #expect(production.function?.environment == ["TABLE_NAME": "shop-prod-table", "TABLE_HASH_KEY": "pk", "TABLE_RANGE_KEY": "sk", "TABLE_INDEX_KEYS": "gsi1pk,gsi1sk"])
            #expect(production.apiCount == 1 && production.table != nil)
        }
    }

    @Test("a state file from another account, a newer version or corrupt stops before any AWS write")
    func badState() async throws {
        try await lifecycle.withStack { moto, state in
            let engine = try lifecycle.engine(moto, stateDirectory: state)
            let store = StateStore(directory: state, project: "shop", environment: "dev")
            let cases: [(String, String)] = [
                (#"{"version":1,"project":"shop","environment":"dev","account":"999999999999","region":"us-east-1","resources":{}}"#, "belongs to account 999999999999"),
                (#"{"version":7}"#, "written by a newer hoist (state version 7)"),
                ("not json", "is not a hoist state file"),
            ]
            for (content, message) in cases {
                try content.write(to: store.file, atomically: true, encoding: .utf8)
                let before = try moto.requests().count
                do {
                    _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "x"))
                    Issue.record("deploy went ahead with a bad state file")
                } catch {
                    #expect("\(error)".contains(message), "\(error)")
                }
                #expect(try lifecycle.mutatingRequests(moto, after: before).isEmpty)
            }
        }
    }

    @Test("a lock held by another process stops a deploy before any call; --force-unlock takes it over; the lock is free after")
    func lock() async throws {
        struct Held: Decodable { var held: Bool }
        struct Probe: Decodable { var free: Bool }
        try await lifecycle.withStack { moto, state in
            let engine = try lifecycle.engine(moto, stateDirectory: state)
            let store = StateStore(directory: state, project: "shop", environment: "dev")
            let path = store.lockFile.path
            try await withPythonServer(script: "Tests/HoistEngineTests/hold_lock.py", arguments: [path], ready: Held.self) { _ in
                let before = try moto.requests().count
                await #expect(throws: StateStore.StateError.locked(path: path, holder: "pid 1 on elsewhere")) {
                    try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "x"))
                }
                #expect(try moto.requests().count == before)
                _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "x"), forceUnlock: true)
            }
            let probe = try await PythonScript.run("Tests/HoistEngineTests/hold_lock.py", arguments: [path, "--test"])
            #expect(try JSONDecoder().decode(Probe.self, from: Data(probe.utf8)).free, "the lock is released when deploy ends")
            #expect(try String(contentsOf: store.lockFile, encoding: .utf8).isEmpty, "no holder is named once it is gone")
        }
    }

    @Test("a destroy asked to stop starts no deletion, keeps the state, and says what is left")
    func stoppedDestroy() async throws {
        try await lifecycle.withStack { moto, state in
            let engine = try lifecycle.engine(moto, stateDirectory: state)
            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "x"))
            let stopped = try lifecycle.engine(moto, stateDirectory: state)
            stopped.stop.request()
            let before = try moto.requests().count
            do {
                _ = try await stopped.destroy()
                Issue.record("destroy went on after a stop was asked for")
            } catch let error as EngineError {
                #expect(error.isStop)
                #expect("\(error)".hasPrefix("stopped before route $default, integration AWS_PROXY, permission AllowAPIGateway, "), "\(error)")
            }
            #expect(try lifecycle.mutatingRequests(moto, after: before).isEmpty)
            #expect(FileManager.default.fileExists(atPath: StateStore(directory: state, project: "shop", environment: "dev").file.path))
            _ = try await engine.destroy()
            #expect(try await lifecycle.check(moto).function == nil)
        }
    }

    @Test("a lock file left by a run that is gone does not stop the next")
    func leftLockFile() async throws {
        try await lifecycle.withStack { moto, state in
            let engine = try lifecycle.engine(moto, stateDirectory: state)
            let store = StateStore(directory: state, project: "shop", environment: "dev")
            try "pid 99999 on a machine that crashed\n".write(to: store.lockFile, atomically: true, encoding: .utf8)
            let (plan, _) = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "x"))
            #expect(plan.change(for: .function) == .create, "the deploy ran despite the dead holder's lock")
            // The lock is the file's fcntl lock, which dies with its holder; the release empties the file, so the
            // dead holder is named no more.
            #expect(try String(contentsOf: store.lockFile, encoding: .utf8).isEmpty, "the deploy took the lock and released it")
            #expect(try await lifecycle.check(moto).function != nil)
            _ = try await engine.destroy()
            #expect(try store.load() == nil)
        }
    }
}
