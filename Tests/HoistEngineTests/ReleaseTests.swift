import AWSSigV4
import AWSTransport
import Foundation
import HoistEngine
import HoistTestSupport
import Testing

/// Versions behind alias `live`, rollback, pruning, provisioned concurrency and the move of a stack deployed
/// before aliases, against moto, checked with boto3.
@Suite("Releases against moto")
struct ReleaseTests {
    let base = EngineTests()

    @discardableResult
    func act(_ moto: MotoServer, _ action: String, _ name: String = "shop-dev", _ extra: String...) async throws -> String {
        try await PythonScript.run(
            "Tests/HoistEngineTests/release_act.py", arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey, action, name] + extra)
    }

    @Test("each code change is a version live moves to; versions lists them; rollback moves live back with one alias update; the next deploy ends it")
    func versionsAndRollback() async throws {
        try await base.withStack { moto, state in
            let engine = try base.engine(moto, stateDirectory: state)
            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first", source: "config aaaa git 1111"))
            let first = try #require(try await base.check(moto).function)
            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.changedZip, codeSha256: "second", source: "config aaaa git 2222"))
            let second = try #require(try await base.check(moto).function)
            #expect(second.live == "2" && second.versions.map(\.number) == ["1", "2"])
            #expect(second.versions.map(\.description) == ["hoist: config aaaa git 1111", "hoist: config aaaa git 2222"])

            let releases = try await engine.releases()
            #expect(releases.versions.map(\.version) == ["1", "2"] && releases.live == "2")
            #expect(releases.versions.map(\.live) == [false, true] && releases.versions.map(\.source) == ["config aaaa git 1111", "config aaaa git 2222"])
            #expect(releases.versions.map(\.codeSha256) == [first.codeSha256, second.codeSha256])

            let before = try moto.requests().count
            let result = try await engine.rollback(to: nil)
            #expect(result.from == "2" && result.to == "1" && !result.endedCanary)
            #expect(try base.mutatingRequests(moto, after: before) == ["PUT /2015-03-31/functions/shop-dev/aliases/live"], "one alias update, nothing built or published")
            let rolledBack = try #require(try await base.check(moto).function)
            #expect(rolledBack.live == "1" && rolledBack.codeSha256 == second.codeSha256, "$LATEST keeps the new code; live serves the old")
            #expect(try await engine.releases().rolledBackFrom == "2")
            let status = try await engine.status()
            #expect(status.attention == [Attention("live: 1 (rolled back from 2)", firing: false)])
            let plan = try await engine.plan(codeSha256: second.codeSha256)
            #expect(plan.text.contains("~ update  alias               live (rollback 1 (rolled back from 2) → what this deploy publishes)"), "\(plan.text)")
            #expect(plan.text.contains("~ upload  alias               live (code)"), "\(plan.text)")

            await #expect(throws: EngineError.self) { try await engine.rollback(to: "9") }
            await #expect(throws: EngineError.self) { try await engine.rollback(to: nil) }

            // The next deploy of the same code publishes nothing new: Lambda answers with version 2 again.
            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.changedZip, codeSha256: second.codeSha256))
            let redeployed = try #require(try await base.check(moto).function)
            #expect(redeployed.live == "2" && redeployed.versions.count == 2)
            #expect(try await engine.releases().rolledBackFrom == nil)
            #expect(try await engine.status().attention.isEmpty)

            _ = try await engine.destroy()
            let gone = try await base.check(moto)
            #expect(gone.function == nil && gone.apiCount == 0)
        }
    }

    @Test("keep_versions: versions no alias serves beyond the newest N are deleted; a configuration change is a version too")
    func pruning() async throws {
        try await base.withStack { moto, state in
            let engine = try base.engine(moto, stateDirectory: state) { $0.function.keepVersions = 1 }
            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.changedZip, codeSha256: "second"))
            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.changedZip + Data([1]), codeSha256: "third"))
            let function = try #require(try await base.check(moto).function)
            #expect(function.live == "3" && function.versions.map(\.number) == ["2", "3"], "live, and one more")

            _ = try await base.engine(moto, stateDirectory: state) { $0.function.keepVersions = 1; $0.function.memory = 512 }
                .deploy(code: CodePackage(zip: EngineTests.changedZip + Data([1]), codeSha256: function.codeSha256))
            let resized = try #require(try await base.check(moto).function)
            #expect(resized.live == "4" && resized.versions.map(\.number) == ["3", "4"] && resized.versions.last?.memory == 512)
            // Pruning works from the plan's reading; what keeps a version an alias moved to meanwhile is Lambda's
            // refusal, which the harness serves as AWS does.
            let refused = try await act(moto, "delete-served")
            #expect(refused == "ResourceConflictException Unable to delete version because the following aliases reference it: [live]\n", "\(refused)")
            _ = try await engine.destroy()
        }
    }

    @Test("provisioned_concurrency: READY on live; repaired when deleted out of band; removed with the key")
    func provisionedConcurrency() async throws {
        try await base.withStack { moto, state in
            let engine = try base.engine(moto, stateDirectory: state) { $0.function.provisionedConcurrency = 2 }
            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
            let function = try #require(try await base.check(moto).function)
            #expect(function.provisioned?.requested == 2 && function.provisioned?.status == "READY")

            try await act(moto, "drop-provisioned")
            let drift = try await engine.plan(codeSha256: function.codeSha256)
            #expect(drift.change(for: .alias) == .update([PropertyChange(AliasResource.Property.provisionedConcurrency, from: "none", to: "2")]))
            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: function.codeSha256))
            #expect(try await base.check(moto).function?.provisioned?.status == "READY")

            let without = try base.engine(moto, stateDirectory: state)
            _ = try await without.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: function.codeSha256))
            #expect(try await base.check(moto).function?.provisioned == nil)
            #expect(try await without.plan(codeSha256: function.codeSha256).isEmpty)
            _ = try await without.destroy()
        }
    }

    @Test("real-AWS mode: provisioned concurrency is IN_PROGRESS for minutes (scaled) and the deploy waits, saying so, until READY")
    func provisioningTakesTime() async throws {
        try await withMotoServer(realistic: realAWSTestScale) { moto in
            try await withTemporaryDirectory { state in
                let events = LockedBox<[DeployEvent]>([])
                var engine = try base.engine(moto, stateDirectory: state) { $0.function.provisionedConcurrency = 2 }
                engine.events = { event in events.mutate { $0.append(event) } }
                _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
                #expect(try await base.check(moto).function?.provisioned?.status == "READY")
                let waited = events.value.contains {
                    if case .waiting(.alias, _, let what) = $0 { what == "provisioned concurrency 2 on shop-dev:live to be READY" } else { false }
                }
                #expect(waited, "\(events.value)")
                _ = try await engine.destroy()
            }
        }
    }

    @Test("a stack deployed before aliases moves to live with the API able to call the function at every request")
    func migration() async throws {
        try await base.withStack { moto, state in
            let engine = try base.engine(moto, stateDirectory: state)
            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
            try await act(moto, "pre-alias")
            let old = try #require(try await base.check(moto).function)
            #expect(old.live == nil && old.unqualifiedPermission.count == 1 && old.permissionSourceArn.isEmpty)

            let before = try moto.requests().count
            let plan = try await engine.plan(codeSha256: old.codeSha256)
            #expect(plan.text.contains("- delete  permission          AllowAPIGateway (orphan shop-dev, not used by the stack)"), "\(plan.text)")
            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: old.codeSha256))
            let moved = try #require(try await base.check(moto).function)
            let api = try #require(try await base.check(moto).api)
            // Lambda never reuses a version number: version 1 was deleted, so the first one published now is 2.
            #expect(moved.live == "2" && moved.unqualifiedPermission.isEmpty && moved.permissionSourceArn.count == 1, "\(moved)")
            #expect(api.integrations.map(\.uri) == ["arn:aws:lambda:us-east-1:\(moto.accountID):function:shop-dev:live"])

            // Replays the request log: what the integration targets is always permitted and exists.
            var target = "function", permitted: Set<String> = ["function"], aliasExists = false
            var steps: [String] = []
            for request in try moto.requests().dropFirst(before) where request.method != "GET" {
                let path = request.target
                if request.method == "POST", path.hasSuffix("/functions/shop-dev/aliases") { aliasExists = true }
                if request.method == "POST", path.contains("/functions/shop-dev/policy") {
                    permitted.insert(path.contains("Qualifier=live") ? "live" : "function")
                }
                if request.method == "DELETE", path.contains("/functions/shop-dev/policy/AllowAPIGateway") {
                    permitted.remove(path.contains("Qualifier=live") ? "live" : "function")
                }
                if request.method == "PATCH", path.contains("/integrations/") { target = "live" }
                steps.append("\(request.method) \(path)")
                #expect(permitted.contains(target) && (target != "live" || aliasExists), "the API could not call the function after: \(steps)")
            }
            #expect(target == "live" && permitted == ["live"], "\(steps)")
            _ = try await engine.destroy()
        }
    }

    @Test("deploy --canary: the new version gets the share, then all of live; with its errors recorded, live stays and the deploy fails")
    func canary() async throws {
        try await base.withStack { moto, state in
            let events = LockedBox<[DeployEvent]>([])
            var engine = try base.engine(moto, stateDirectory: state)
            engine.events = { event in events.mutate { $0.append(event) } }
            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
            let release = CanaryRelease(weight: 0.1, bake: .seconds(2))

            let before = try moto.requests().count
            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.changedZip, codeSha256: "second"), canary: release)
            let promoted = try #require(try await base.check(moto).function)
            #expect(promoted.live == "2" && promoted.canary == nil)
            let aliasUpdates = try base.mutatingRequests(moto, after: before).filter { $0.hasSuffix("/aliases/live") }
            #expect(aliasUpdates.count == 2, "the canary's routing, then live moved: \(aliasUpdates)")
            #expect(events.value.contains { if case .waiting(.alias, _, let what) = $0 { what.hasPrefix("canary 2 at 10% of live") } else { false } })

            try await act(moto, "errors", "shop-dev", "3")
            do {
                _ = try await engine.deploy(code: CodePackage(zip: EngineTests.changedZip + Data([1]), codeSha256: "third"), canary: release)
                Issue.record("a canary with errors was promoted")
            } catch let error as EngineError {
                guard case .canaryFailed(let version, let live, _) = error else { throw error }
                #expect(version == "3" && live == "2")
                #expect("\(error)".contains("version 3 had 3 errors"), "\(error)")
            }
            let rolledBack = try #require(try await base.check(moto).function)
            #expect(rolledBack.live == "2" && rolledBack.canary == nil && rolledBack.versions.map(\.number) == ["1", "2", "3"])

            // Without --canary the same code goes to live at once: Lambda answers PublishVersion with version 3 again.
            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.changedZip + Data([1]), codeSha256: rolledBack.codeSha256))
            #expect(try await base.check(moto).function?.live == "3")
            // With nothing to release, --canary has nothing to bake.
            let quiet = try moto.requests().count
            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.changedZip + Data([1]), codeSha256: rolledBack.codeSha256), canary: release)
            #expect(try base.mutatingRequests(moto, after: quiet).isEmpty)
            _ = try await engine.destroy()
        }
    }
}
