import AWSDynamoDB
import AWSSigV4
import AWSTransport
import Foundation
import HoistEngine
import HoistTestSupport
import Logging
import Testing

/// The engine against moto in real-AWS mode (scripts/real_aws.py at `realAWSTestScale`): a new role reaches
/// Lambda late, functions are Pending and InProgress and refuse changes meanwhile, tables are CREATING and
/// DELETING, API Gateway throttles. Each lifecycle is checked with boto3 after hoist says it is done.
@Suite("Engine in real-AWS mode")
struct RealAWSTests {
    let base = EngineTests()

    func outOfBand(_ moto: MotoServer, _ action: String, _ name: String) async throws -> String {
        try await PythonScript.run(
            "Tests/HoistEngineTests/out_of_band.py", arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey, action, name])
    }

    func withRealisticStack(_ body: (MotoServer, URL) async throws -> Void) async throws {
        try await withMotoServer(realistic: realAWSTestScale) { moto in
            try await withTemporaryDirectory { state in try await body(moto, state) }
        }
    }

    @Test("first deploy, code and configuration changed together, two updates in a row, a no-op re-deploy")
    func updates() async throws {
        try await withRealisticStack { moto, state in
            let events = LockedBox<[DeployEvent]>([])
            var firstDeploy = try base.engine(moto, stateDirectory: state)
            firstDeploy.events = { event in events.mutate { $0.append(event) } }
            _ = try await firstDeploy.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
            // A new integration only names `live`: it starts once the function is created, while it is Pending, not
            // once it is Active (then it would start after the function's finish). A version is published once the
            // function is settled, and `live`'s permission follows the alias. Only the order of what the engine
            // decided is asserted: how long AWS calls take on a loaded machine does not enter.
            let seen = events.value
            let integrationStarted = try #require(seen.firstIndex { if case .started(.integration, _, _) = $0 { true } else { false } })
            let functionFinished = try #require(seen.firstIndex { if case .finished(.function, _, _, _) = $0 { true } else { false } })
            let aliasStarted = try #require(seen.firstIndex { if case .started(.alias, _, _) = $0 { true } else { false } })
            let permissionStarted = try #require(seen.firstIndex { if case .started(.permission, _, _) = $0 { true } else { false } })
            #expect(integrationStarted < functionFinished && functionFinished < aliasStarted && aliasStarted < permissionStarted, "\(seen)")
            let first = try await base.check(moto)
            let sha = try #require(first.function).codeSha256
            #expect(first.function != nil && first.table != nil && first.api?.routes.count == 1 && first.role?.inline == ["dynamodb-access", "logs-write"])

            let bigger = try base.engine(moto, stateDirectory: state) { $0.function.memory = 512 }
            _ = try await bigger.deploy(code: CodePackage(zip: EngineTests.changedZip, codeSha256: "changed"))
            let changed = try #require(try await base.check(moto).function)
            #expect(changed.memory == 512 && changed.codeSha256 != sha)

            // The second update meets the first still InProgress: it waits instead of failing on the 409.
            _ = try await base.engine(moto, stateDirectory: state) { $0.function.memory = 1024 }.deploy(
                code: CodePackage(zip: EngineTests.changedZip, codeSha256: changed.codeSha256))
            _ = try await base.engine(moto, stateDirectory: state) { $0.function.timeout = 60 }.deploy(
                code: CodePackage(zip: EngineTests.changedZip, codeSha256: changed.codeSha256))
            let twice = try #require(try await base.check(moto).function)
            #expect(twice.memory == 256 && twice.timeout == 60)

            let before = try moto.requests().count
            let (again, _) = try await base.engine(moto, stateDirectory: state) { $0.function.timeout = 60 }.deploy(
                code: CodePackage(zip: EngineTests.changedZip, codeSha256: changed.codeSha256))
            #expect(again.isEmpty, "\(again.text)")
            #expect(try base.mutatingRequests(moto, after: before) == [])
        }
    }

    @Test("tracing on a first deploy and turned on later: Lambda refuses Active until the role's xray-write policy has propagated, and the deploy waits")
    func tracingWaitsForTheRole() async throws {
        try await withRealisticStack { moto, state in
            let traced = try base.engine(moto, stateDirectory: state) { $0.function.tracing = true }
            _ = try await traced.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
            let first = try await base.check(moto)
            #expect(first.function?.tracing == "Active" && first.role?.inline.contains("xray-write") == true)
            let sha = try #require(first.function).codeSha256

            _ = try await base.engine(moto, stateDirectory: state) { _ in }.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: sha))
            #expect(try await base.check(moto).function?.tracing == "PassThrough")
            let before = try moto.requests().count
            _ = try await traced.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: sha))
            #expect(try await base.check(moto).function?.tracing == "Active")
            let refused = try moto.requests().dropFirst(before).filter { $0.method == "PUT" && $0.target.hasSuffix("/configuration") }
            #expect(refused.count > 1, "the first update met the policy not yet propagated and was sent again: \(refused.count)")
        }
    }

    @Test("destroy then deploy at once gives the whole stack: the DELETING table is waited out, not counted as present")
    func destroyThenDeploy() async throws {
        try await withRealisticStack { moto, state in
            _ = try await base.deployFirst(moto, stateDirectory: state)
            let engine = try base.engine(moto, stateDirectory: state)
            _ = try await engine.destroy()
            let (plan, outputs) = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "again"))
            #expect(plan.change(for: .table) == .create)
            let deployed = try await base.check(moto)
            #expect(deployed.table?.keys == [["pk", "HASH"], ["sk", "RANGE"]])
            #expect(deployed.function != nil && deployed.api?.id == outputs["apiID"] && deployed.api?.routes.count == 1)
            // moto dropped the old table at DeleteTable; the harness answers DELETING for it until its window
            // ends, and CREATING for a new one. ACTIVE now, through the harness, is the new table, usable.
            let table = try await DynamoDBClient(client: moto.client()).describeTable("shop-dev-table", logger: base.logger)
            #expect(table?.tableStatus == .active, "\(String(describing: table?.tableStatus))")
        }
    }

    @Test("a GSI added, a role made again out of band with a configuration change, a function left InProgress by someone else")
    func outOfBandChanges() async throws {
        try await withRealisticStack { moto, state in
            let sha = try await base.deployFirst(moto, stateDirectory: state)
            _ = try await base.engine(moto, stateDirectory: state) {
                $0.table.indexes.append(HoistConfig.IndexConfig(name: "gsi2", hashKey: "gsi2pk", rangeKey: "gsi2sk"))
            }.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: sha))
            #expect(try await base.check(moto).table?.indexes.map(\.name).sorted() == ["gsi1", "gsi2"])

            // UpdateFunctionConfiguration names the role, which Lambda cannot assume until it has propagated.
            _ = try await outOfBand(moto, "recreate-role", "shop-dev-role")
            _ = try await base.engine(moto, stateDirectory: state) { $0.function.memory = 384 }.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: sha))
            let repaired = try await base.check(moto)
            #expect(repaired.function?.memory == 384 && repaired.role?.inline == ["dynamodb-access", "logs-write"] && repaired.role?.policyActions.isEmpty == false)

            _ = try await outOfBand(moto, "busy-function", "shop-dev")
            _ = try await base.engine(moto, stateDirectory: state) { $0.function.memory = 640 }.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: sha))
            #expect(try await base.check(moto).function?.memory == 640)
        }
    }

    @Test("orphans a lost answer leaves (a second tagged API, an integration no route targets) are planned and removed; an untagged API is never touched")
    func orphans() async throws {
        try await withRealisticStack { moto, state in
            let sha = try await base.deployFirst(moto, stateDirectory: state)
            struct Made: Decodable {
                var stackApi, dangling, second, foreign: String
            }
            let made = try JSONDecoder().decode(Made.self, from: Data(try await outOfBand(moto, "orphans", "shop-dev").utf8))
            let engine = try base.engine(moto, stateDirectory: state)
            let plan = try await engine.plan(codeSha256: sha)
            #expect(Set(plan.orphans.map(\.id)) == [made.dangling, made.second])
            #expect(plan.text.contains("(orphan \(made.second), not used by the stack)"))
            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: sha))
            let after = try await base.check(moto)
            #expect(after.api?.id == made.stackApi && after.api?.integrations.count == 1)
            #expect(after.apiCount == 2, "the stack's API and the untagged one remain")
            #expect(try await engine.plan(codeSha256: sha).orphans.isEmpty)
            _ = try await engine.destroy()
            #expect(try await base.check(moto).apiCount == 1, "destroy leaves only the API hoist did not tag")
        }
    }
}
