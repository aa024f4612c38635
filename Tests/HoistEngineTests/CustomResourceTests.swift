import AWSLogs
import Foundation
import HoistEngine
import HoistTestSupport
import Logging
import Synchronization
import Testing

/// A kind of resource the engine has never heard of, defined here: one type and one registration, deployed,
/// re-deployed and destroyed through the real observer, planner and scheduler against moto.
@Suite("A resource kind defined outside the engine")
struct CustomResourceTests {
    /// A log group for audit events beside the function's, made after the function's own group.
    struct AuditLogGroup: StackResource {
        var kind: ResourceKind { ResourceKind("audit-log-group") }
        var dependencies: [ResourceKind] { [.functionLogGroup] }
        func name(_ spec: StackSpec) -> String { "/hoist/\(spec.functionName)/audit" }

        func observe(_ context: ObserveContext) async throws -> ObservedStack.Finding {
            let group = try await context.clients.logs.logGroup(named: name(context.spec), logger: context.logger)
            return { [kind] in $0.others[kind] = group }
        }

        func change(_ observed: ObservedStack, _ context: PlanContext) -> Change { isPresent(observed) ? .none : .create }

        func found(_ observed: ObservedStack) -> LogGroup? { observed.others[kind] as? LogGroup }

        func isPresent(_ observed: ObservedStack) -> Bool { found(observed) != nil }

        func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
            found(observed).map { StateFile.ResourceRecord(id: $0.logGroupName, arn: arns.logGroup($0.logGroupName)) }
        }

        func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
            let name = name(context.spec)
            try await context.clients.logs.createLogGroup(CreateLogGroupInput(logGroupName: name, tags: context.spec.tags), logger: context.logger)
            try await context.recorder.record(kind, id: name, arn: context.arns.logGroup(name))
            return .usable
        }

        func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
            try await context.clients.logs.deleteLogGroup(name(context.spec), logger: context.logger)
        }
    }

    let base = EngineTests()

    @Test("deploy makes it after what it depends on, a re-deploy makes no mutating call, destroy removes it")
    func lifecycle() async throws {
        try await base.withStack { moto, stateDirectory in
            let seen = Mutex<[DeployEvent]>([])
            var engine = try base.engine(moto, stateDirectory: stateDirectory)
            engine.events = { event in seen.withLock { $0.append(event) } }
            engine.resources = StackResources.standard + [AuditLogGroup()]
            let logs = LogsClient(client: moto.client())
            let audit = ResourceKind("audit-log-group")

            let (plan, _) = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
            #expect(plan.change(for: audit) == .create)
            #expect(try await logs.logGroup(named: "/hoist/shop-dev/audit", logger: base.logger) != nil)
            let state = try #require(try StateStore(directory: stateDirectory, project: "shop", environment: "dev").load())
            #expect(state.resources["audit-log-group"]?.id == "/hoist/shop-dev/audit")
            // It started only once the function's log group was done.
            let events = seen.withLock { $0 }
            let dependencyDone = try #require(events.firstIndex { if case .finished(.functionLogGroup, _, _, _) = $0 { true } else { false } })
            let started = try #require(events.firstIndex { if case .started(audit, _, _) = $0 { true } else { false } })
            #expect(dependencyDone < started)

            let function = try #require(try await base.check(moto).function)
            let before = try moto.requests().count
            let (again, _) = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: function.codeSha256))
            #expect(again.isEmpty, "\(again.text)")
            #expect(try base.mutatingRequests(moto, after: before) == [])

            let destroyed = try await engine.destroy()
            #expect(destroyed.change(for: audit) == .delete)
            #expect(try await logs.logGroup(named: "/hoist/shop-dev/audit", logger: base.logger) == nil)
            #expect(try await logs.logGroup(named: "/aws/lambda/shop-dev", logger: base.logger) == nil)
            #expect(try StateStore(directory: stateDirectory, project: "shop", environment: "dev").load() == nil)
        }
    }
}
