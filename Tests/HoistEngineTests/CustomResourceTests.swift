import AWSLogs
import Foundation
import HoistEngine
import HoistTestSupport
import Logging
import Synchronization
import Testing
import Yams

/// A kind of resource the engine has never heard of, defined in this file alone: its own hoist.yml section,
/// names, observation, typed property, output and orphan rule, registered by adding it to the list of kinds
/// the parser and the engine get. It is planned, deployed, re-deployed, reported by status and destroyed
/// through the real observer, planner and scheduler against moto.
@Suite("A resource kind defined outside the engine")
struct CustomResourceTests {
    /// Log groups for audit events, `/hoist/<function>/audit/<stream>`, one per stream hoist.yml lists; a
    /// stream taken out of the list leaves an orphan, which the next deploy removes.
    struct AuditLogs: StackResource {
        /// hoist.yml's `test_audit_logs` section.
        struct Config: ConfigSection {
            static let type = "test_audit_logs"
            var streams = ["requests"]
            var retentionDays = 7
            init() {}

            init(_ settings: Node.Mapping, _ reader: ConfigReader) throws(ConfigError) {
                try reader.checkKeys(settings, allowed: ["streams", "retention_days"], in: "test_audit_logs config")
                if let node = settings["streams"] {
                    streams = try reader.strings(node, "streams")
                    for stream in streams where stream.range(of: "^[a-z]+$", options: .regularExpression) == nil {
                        throw reader.fail(node, "stream '\(stream)' must be lower-case letters")
                    }
                }
                if let node = settings["retention_days"] { retentionDays = try reader.retention(node) }
            }
        }

        /// What a plan changes of them.
        enum Property: ResourceProperty {
            case streamAdded(String)
            case retention

            var description: String {
                switch self {
                case .streamAdded(let stream): "stream \(stream) added"
                case .retention: "retention"
                }
            }
        }

        /// Every audit group of the environment, wanted or not.
        typealias Observation = [LogGroup]

        var kind: ResourceKind { ResourceKind("audit-logs") }
        var dependencies: [ResourceKind] { [.functionLogGroup] }
        var configSection: (any ConfigSection.Type)? { Config.self }
        func name(_ spec: StackSpec) -> String { Self.prefix(spec) + "*" }

        static func prefix(_ spec: StackSpec) -> String { "/hoist/\(spec.functionName)/audit/" }
        func wanted(_ spec: StackSpec) -> [String] { spec.config.section(Config.self).streams.map { Self.prefix(spec) + $0 } }

        func observe(_ context: ObserveContext) async throws -> [LogGroup]? {
            guard context.scope == .stack else { return nil }
            let groups = try await context.clients.logs.describeLogGroups(prefix: Self.prefix(context.spec), logger: context.logger).logGroups ?? []
            return groups.isEmpty ? nil : groups
        }

        func change(_ observed: ObservedStack, _ context: PlanContext) -> Change {
            guard let groups = observed[self] else { return .create }
            let retention = context.spec.config.section(Config.self).retentionDays
            var differences = wanted(context.spec).filter { name in !groups.contains { $0.logGroupName == name } }.map {
                PropertyChange(Property.streamAdded(String($0.split(separator: "/").last ?? "")))
            }
            if groups.contains(where: { wanted(context.spec).contains($0.logGroupName) && $0.retentionInDays != retention }) {
                differences.append(PropertyChange(Property.retention, to: "\(retention) days"))
            }
            return differences.isEmpty ? .none : .update(differences)
        }

        func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
            observed[self].map { _ in StateFile.ResourceRecord(id: Self.prefix(arns.spec)) }
        }

        /// Makes the groups that are missing and sets every wanted group's retention.
        func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
            let logs = context.clients.logs, spec = context.spec, logger = context.logger
            let existing = Set((context.observed[self] ?? []).map(\.logGroupName))
            for name in wanted(spec) {
                if !existing.contains(name) { try await logs.createLogGroup(CreateLogGroupInput(logGroupName: name, tags: spec.tags), logger: logger) }
                try await logs.putRetentionPolicy(name, retentionInDays: spec.config.section(Config.self).retentionDays, logger: logger)
            }
            try await context.recorder.record(kind, id: Self.prefix(spec), arn: nil)
            return .usable
        }

        func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
            for group in observed[self] ?? [] {
                try await ignoringAbsence({ if case LogsError.resourceNotFound = $0 { true } else { false } }) {
                    try await context.clients.logs.deleteLogGroup(group.logGroupName, logger: context.logger)
                }
            }
        }

        func outputs(_ context: OutputContext) -> [StackOutput]? {
            [StackOutput(key: "auditLogGroups", label: "audit logs", value: Self.prefix(context.spec) + "{" + wanted(context.spec).map { String($0.split(separator: "/").last ?? "") }.joined(separator: ",") + "}")]
        }

        /// The log actions on its own groups only.
        func permissions(_ arns: StackARNs) -> [PolicyStatement] {
            let groups = arns.logGroup(Self.prefix(arns.spec) + "*")
            return [statement(["logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:DeleteLogGroup", "logs:TagResource"], on: [groups])]
        }

        /// A group of a stream no longer listed.
        func orphans(_ observed: ObservedStack, _ context: PlanContext) -> [Orphan] {
            let wanted = wanted(context.spec)
            return (observed[self] ?? []).filter { !wanted.contains($0.logGroupName) }.map {
                Orphan(kind: kind, id: $0.logGroupName, ownerID: "", name: String($0.logGroupName.split(separator: "/").last ?? ""))
            }
        }

        func deleteOrphan<C>(_ orphan: Orphan, _ context: ApplyContext<C>) async throws {
            try await ignoringAbsence({ if case LogsError.resourceNotFound = $0 { true } else { false } }) {
                try await context.clients.logs.deleteLogGroup(orphan.id, logger: context.logger)
            }
        }
    }

    /// A kind whose create AWS refuses: the failure must name it and what was done to it.
    struct Refused: StackResource {
        struct Refusal: Error, CustomStringConvertible {
            var description: String { "AccessDenied: not allowed" }
        }
        typealias Observation = Bool
        var kind: ResourceKind { ResourceKind("refused") }
        var dependencies: [ResourceKind] { [] }
        func name(_ spec: StackSpec) -> String { "\(spec.functionName)-refused" }
        func observe(_ context: ObserveContext) async throws -> Bool? { nil }
        func change(_ observed: ObservedStack, _ context: PlanContext) -> Change { .create }
        func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? { nil }
        func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome { throw Refusal() }
        func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {}
    }

    let base = EngineTests()

    @Test("a failed step names the resource and the action, and keeps the failure as its cause")
    func failedStep() async throws {
        try await base.withStack { moto, stateDirectory in
            var engine = try base.engine(moto, stateDirectory: stateDirectory)
            engine.resources = StackResources.standard + [Refused()]
            await #expect {
                _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
            } throws: { error in
                guard let failed = error as? StepFailed else { return false }
                return "\(failed)" == "create refused shop-dev-refused failed: AccessDenied: not allowed" && failed.cause is Refused.Refusal
            }
            _ = try await engine.destroy()
        }
    }

    /// hoist.yml with the template's stack and the audit section.
    func config(streams: [String], kinds: [any StackResource]) throws -> HoistConfig {
        let yaml = HoistConfig.template(projectName: "shop", region: "us-east-1")
            + "  - id: audit\n    type: test_audit_logs\n    config:\n      streams: [\(streams.joined(separator: ", "))]\n      retention_days: 30\n"
        return try ConfigParser(resources: kinds).parse(yaml)
    }

    func engine(_ moto: MotoServer, _ stateDirectory: URL, streams: [String], events: @escaping @Sendable (DeployEvent) -> Void = { _ in }) throws -> Engine<ContinuousClock> {
        let kinds = StackResources.standard + [AuditLogs()]
        var engine = try base.engine(moto, stateDirectory: stateDirectory)
        engine.spec = StackSpec(config: try config(streams: streams, kinds: kinds), environment: "dev", region: "us-east-1")
        engine.resources = kinds
        engine.events = events
        return engine
    }

    @Test("its hoist.yml section is parsed by its own code, at line and column; without it in the registry the type is unknown")
    func section() throws {
        let kinds = StackResources.standard + [AuditLogs()]
        let config = try config(streams: ["requests", "logins"], kinds: kinds)
        #expect(config.section(AuditLogs.Config.self).streams == ["requests", "logins"])
        #expect(config.section(AuditLogs.Config.self).retentionDays == 30)
        #expect(throws: ConfigError.self) { try self.config(streams: ["Bad"], kinds: kinds) }
        #expect(throws: ConfigError.self) { try self.config(streams: ["requests"], kinds: StackResources.standard) }
    }

    @Test("its IAM needs are in the deployer's policy, scoped to its groups")
    func permissions() async throws {
        try await base.withStack { moto, stateDirectory in
            let policy = try engine(moto, stateDirectory, streams: ["requests"]).deployerPolicy(account: "123456789012")
            let audit = try #require(policy.statements.first { $0.sid == "AuditLogs" })
            #expect(audit.resources == ["arn:aws:logs:us-east-1:123456789012:log-group:/hoist/shop-dev/audit/*"])
            #expect(audit.actions.contains("logs:CreateLogGroup"))
            #expect(policy.json.contains(#""Sid" : "AuditLogs""#), "\(policy.json)")
            let standard = try base.engine(moto, stateDirectory: stateDirectory).deployerPolicy(account: "123456789012")
            #expect(!standard.statements.contains { $0.sid == "AuditLogs" }, "only a stack with the kind needs it")
        }
    }

    @Test("plan and status show it, deploy makes it after what it depends on, a re-deploy makes no mutating call, a dropped stream is an orphan removed, destroy removes it all")
    func lifecycle() async throws {
        try await base.withStack { moto, stateDirectory in
            let seen = Mutex<[DeployEvent]>([])
            let engine = try engine(moto, stateDirectory, streams: ["requests", "logins"]) { event in seen.withLock { $0.append(event) } }
            let logs = LogsClient(client: moto.client())
            let audit = ResourceKind("audit-logs")

            let planned = try await engine.plan(codeSha256: "first")
            #expect(planned.change(for: audit) == .create)
            #expect(planned.text.contains("+ create  audit-logs          /hoist/shop-dev/audit/*"), "\(planned.text)")

            let (plan, outputs) = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
            #expect(plan.change(for: audit) == .create)
            #expect(outputs["auditLogGroups"] == "/hoist/shop-dev/audit/{requests,logins}")
            for stream in ["requests", "logins"] {
                #expect(try await logs.logGroup(named: "/hoist/shop-dev/audit/\(stream)", logger: base.logger)?.retentionInDays == 30)
            }
            let state = try #require(try StateStore(directory: stateDirectory, project: "shop", environment: "dev").load())
            #expect(state.resources["audit-logs"]?.id == "/hoist/shop-dev/audit/")
            // It started only once the function's log group was done.
            let events = seen.withLock { $0 }
            let dependencyDone = try #require(events.firstIndex { if case .finished(.functionLogGroup, _, _, _) = $0 { true } else { false } })
            let started = try #require(events.firstIndex { if case .started(audit, _, _) = $0 { true } else { false } })
            #expect(dependencyDone < started)

            let status = try await engine.status()
            #expect(status.resources.contains { $0.kind == audit && $0.present && $0.change == .none }, "\(status.resources)")
            #expect(status.outputs?["auditLogGroups"] == "/hoist/shop-dev/audit/{requests,logins}")

            let function = try #require(try await base.check(moto).function)
            let before = try moto.requests().count
            let (again, _) = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: function.codeSha256))
            #expect(again.isEmpty, "\(again.text)")
            #expect(try base.mutatingRequests(moto, after: before) == [])

            // `logins` is no longer listed: its group is an orphan, planned and removed; `requests` stays.
            let fewer = try self.engine(moto, stateDirectory, streams: ["requests"])
            let trimmed = try await fewer.plan(codeSha256: function.codeSha256)
            #expect(trimmed.orphans.map(\.id) == ["/hoist/shop-dev/audit/logins"], "\(trimmed.text)")
            #expect(trimmed.text.contains("- delete  audit-logs          logins (orphan /hoist/shop-dev/audit/logins, not used by the stack)"), "\(trimmed.text)")
            _ = try await fewer.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: function.codeSha256))
            #expect(try await logs.logGroup(named: "/hoist/shop-dev/audit/logins", logger: base.logger) == nil)
            #expect(try await logs.logGroup(named: "/hoist/shop-dev/audit/requests", logger: base.logger) != nil)
            #expect(try await fewer.plan(codeSha256: function.codeSha256).isEmpty)

            let destroyed = try await fewer.destroy()
            #expect(destroyed.change(for: audit) == .delete)
            #expect(try await logs.logGroup(named: "/hoist/shop-dev/audit/requests", logger: base.logger) == nil)
            #expect(try await logs.logGroup(named: "/aws/lambda/shop-dev", logger: base.logger) == nil)
            #expect(try StateStore(directory: stateDirectory, project: "shop", environment: "dev").load() == nil)
        }
    }
}
