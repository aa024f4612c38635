import AWSLambda
import AWSTransport

/// The Lambda function: its configuration, its code, and the wait until it is ready for the next change.
package struct FunctionResource: StackResource {
    /// The function's configuration, its resource policy (what may invoke it) as JSON text, its tags and
    /// its reserved concurrency (the last two read with the whole stack only).
    package struct Observation: Sendable {
        package var configuration: FunctionConfiguration
        package var policy: String?
        package var tags: [String: String]?
        package var reservedConcurrency: Int?

        package init(configuration: FunctionConfiguration, policy: String? = nil, tags: [String: String]? = nil, reservedConcurrency: Int? = nil) {
            self.configuration = configuration
            self.policy = policy
            self.tags = tags
            self.reservedConcurrency = reservedConcurrency
        }

        init(_ function: GetFunctionOutput, policy: String?) {
            self.init(configuration: function.configuration, policy: policy, tags: function.tags, reservedConcurrency: function.concurrency?.reservedConcurrentExecutions)
        }
    }

    /// What a plan changes of the function.
    package enum Property: ResourceProperty {
        case memory
        case timeout
        case environment
        /// The role the function runs as.
        case role
        case runtime
        case architecture
        case reservedConcurrency
        case tracing

        package var description: String {
            switch self {
            case .memory: "memory"
            case .timeout: "timeout"
            case .environment: "environment"
            case .role: "role"
            case .runtime: "runtime"
            case .architecture: "architecture"
            case .reservedConcurrency: "reserved concurrency"
            case .tracing: "tracing"
            }
        }
    }

    package init() {}

    package var kind: ResourceKind { .function }
    package var configSection: (any ConfigSection.Type)? { HoistConfig.FunctionConfig.self }
    package var carriesCode: Bool { true }
    /// The table and log group are referred to by name, not checked: only the role is needed.
    package var dependencies: [ResourceKind] { [.role] }
    /// Lambda checks only that it can assume the role; its permission policies are set meanwhile.
    package var needsOnlyExistence: Set<ResourceKind> { [.role] }
    package func name(_ spec: StackSpec) -> String { spec.functionName }

    /// With a recorded function its resource policy is read at once with it; otherwise only once it exists.
    /// GetFunction, not GetFunctionConfiguration: the same single read also answers with the tags (only a
    /// function tagged as this environment's is touched) and the reserved concurrency. `update-code` reads the
    /// function alone: the code is all it changes.
    package func observe(_ context: ObserveContext) async throws -> Observation? {
        let lambda = context.clients.lambda, spec = context.spec, logger = context.logger
        switch context.scope {
        case .outputs:
            return nil
        case .code:
            guard let function = try await lambda.getFunction(spec.functionName, logger: logger) else { return nil }
            try ensureOwned(function.tags, id: spec.functionName, spec)
            return Observation(function, policy: nil)
        case .stack:
            if context.recorded(kind) == nil {
                guard let function = try await lambda.getFunction(spec.functionName, logger: logger) else { return nil }
                try ensureOwned(function.tags, id: spec.functionName, spec)
                return Observation(function, policy: try await lambda.getPolicy(spec.functionName, logger: logger)?.policy)
            }
            async let read = lambda.getFunction(spec.functionName, logger: logger)
            async let policy = lambda.getPolicy(spec.functionName, logger: logger)
            guard let function = try await read else { return nil }
            try ensureOwned(function.tags, id: spec.functionName, spec)
            return Observation(function, policy: try await policy?.policy)
        }
    }

    /// Environment values are never printed: they may be secrets.
    package func change(_ observed: ObservedStack, _ context: PlanContext) -> Change {
        var differences = Self.differences(observed[self]?.configuration, context)
        let reserved = context.spec.config.function.reservedConcurrency
        if let function = observed[self], function.reservedConcurrency != reserved {
            differences.append(PropertyChange(Property.reservedConcurrency, from: function.reservedConcurrency.map(String.init) ?? "none", to: reserved.map(String.init) ?? "none"))
        }
        return change(exists: observed[self] != nil, differences)
    }

    static func differences(_ function: FunctionConfiguration?, _ context: PlanContext) -> [PropertyChange] {
        guard let function else { return [] }
        let spec = context.spec
        var differences: [PropertyChange] = []
        let memory = spec.config.function.memory, timeout = spec.config.function.timeout
        if function.memorySize != memory { differences.append(PropertyChange(Property.memory, from: function.memorySize.map { "\($0) MB" }, to: "\(memory) MB")) }
        if function.timeout != timeout { differences.append(PropertyChange(Property.timeout, from: function.timeout.map { "\($0) s" }, to: "\(timeout) s")) }
        if (function.environment?.variables ?? [:]) != desiredEnvironment(spec) { differences.append(PropertyChange(Property.environment)) }
        if function.role != context.arns.role { differences.append(PropertyChange(Property.role)) }
        if function.runtime != .providedAL2023 || function.handler != "bootstrap" { differences.append(PropertyChange(Property.runtime)) }
        let tracing = function.tracingConfig?.mode ?? .passThrough
        if tracing != desiredTracing(spec) { differences.append(PropertyChange(Property.tracing, from: tracing.rawValue, to: desiredTracing(spec).rawValue)) }
        let architecture = function.architectures ?? [.x86_64]
        if !architectureMatches(function, spec) {
            differences.append(PropertyChange(Property.architecture, from: architecture.map(\.rawValue).joined(separator: ", "), to: desiredArchitecture(spec).rawValue))
        }
        return differences
    }

    /// The code goes up when its `CodeSha256` differs, or the architecture changes (UpdateFunctionCode carries it).
    package func codeChanged(_ observed: ObservedStack, codeSha256: String, _ context: PlanContext) -> Bool {
        guard let function = observed[self]?.configuration else { return false }
        return function.codeSha256 != codeSha256 || !Self.architectureMatches(function, context.spec)
    }

    package func codeStatus(_ observed: ObservedStack) -> CodeStatus? {
        observed[self].map {
            CodeStatus(
                state: $0.configuration.state?.rawValue, lastUpdateStatus: $0.configuration.lastUpdateStatus?.rawValue, codeSize: $0.configuration.codeSize,
                codeSha256: $0.configuration.codeSha256)
        }
    }

    /// Lambda's function actions on this function alone (`lambda:InvokeFunction` for `hoist invoke`), and
    /// passing its role to Lambda, only that role and only to Lambda.
    package func permissions(_ arns: StackARNs) -> [PolicyStatement] {
        [
            statement(
                [
                    "lambda:GetFunction", "lambda:GetPolicy", "lambda:CreateFunction", "lambda:TagResource",
                    "lambda:UpdateFunctionConfiguration", "lambda:UpdateFunctionCode", "lambda:DeleteFunction", "lambda:InvokeFunction",
                    "lambda:ListTags", "lambda:PutFunctionConcurrency", "lambda:DeleteFunctionConcurrency",
                ], on: [arns.function]),
            PolicyStatement(
                sid: "PassRoleToLambda", actions: ["iam:PassRole"], resources: [arns.role],
                condition: ["StringEquals": ["iam:PassedToService": ["lambda.amazonaws.com"]]]),
        ]
    }

    package func outputs(_ context: OutputContext) -> [StackOutput]? {
        [StackOutput(key: "functionARN", label: "function", value: context.arns.function, rank: 1)]
    }

    /// Lambda reports x86_64 for a function created without architectures.
    private static func architectureMatches(_ function: FunctionConfiguration, _ spec: StackSpec) -> Bool {
        (function.architectures ?? [.x86_64]) == [desiredArchitecture(spec)]
    }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        observed[self].map { StateFile.ResourceRecord(id: $0.configuration.functionName, arn: $0.configuration.functionArn) }
    }

    /// Its code's `CodeSha256` as Lambda computed it: the version published from it must hold exactly that
    /// (`AliasResource`), and an upload in this run replaces it.
    package func learned(_ observed: ObservedStack) -> LearnedID? { observed[self].map { LearnedID(id: $0.configuration.codeSha256) } }

    /// The function exists once created, perhaps still Pending: what only names it (the integration) starts
    /// then, while the rest of the step (its other changes, the wait until it is ready) runs.
    package func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
        guard let code = context.code else { preconditionFailure("a deploy always has the code; a destroy applies nothing") }
        if change == .create {
            let ready = try await create(code: code, context)
            return .exists {
                if context.spec.config.function.reservedConcurrency != nil { try await setReservedConcurrency(context) }
                if !ready { try await Self.waitUntilReady(self, context) }
            }
        }
        return .exists { try await update(change, code: code, context) }
    }

    /// Creates the function once its role reaches Lambda; `true` when the answer says it is ready already.
    private func create<C>(code: CodePackage, _ context: ApplyContext<C>) async throws -> Bool {
        let lambda = context.clients.lambda, spec = context.spec, logger = context.logger, roleARN = context.arns.role
        // Encoded once: until the role reaches Lambda the same create is sent every quarter second.
        let input = try EncodedJSON(
            CreateFunctionInput(
                functionName: spec.functionName, runtime: .providedAL2023, role: roleARN, handler: "bootstrap", code: FunctionCode(zipFile: try code.bytes()),
                description: "hoist: \(spec.functionName)", timeout: spec.config.function.timeout, memorySize: spec.config.function.memory,
                environment: Self.environment(spec), architectures: [Self.desiredArchitecture(spec)], tracingConfig: TracingConfig(mode: Self.desiredTracing(spec)),
                tags: spec.tags), client: lambda.client)
        let created = try await untilRoleReachesLambda(context) {
            try await CreateOnce.run {
                try await lambda.createFunction(input, logger: logger)
            } find: {
                // "Function already exist" after hoist's own lost attempt: the same role, runtime and code.
                try await lambda.getFunction(spec.functionName, logger: logger).map(\.configuration).flatMap {
                    $0.role == roleARN && $0.codeSha256 == code.codeSha256 ? $0 : nil
                }
            } alreadyExists: {
                if case LambdaError.resourceConflict = $0 { true } else { false }
            }
        }
        try await context.recorder.record(kind, id: spec.functionName, arn: created.functionArn)
        await context.learned.set(kind, LearnedID(id: created.codeSha256))
        return created.state == .active && (created.lastUpdateStatus ?? .successful) == .successful
    }

    /// The configuration, then the code, each once the function takes a change; then the wait until it is
    /// ready for the next.
    private func update<C>(_ change: Change, code: CodePackage, _ context: ApplyContext<C>) async throws {
        let lambda = context.clients.lambda, spec = context.spec, logger = context.logger
        let differences = if case .update(let differences) = change { differences } else { [PropertyChange]() }
        if differences.contains(Property.reservedConcurrency) { try await setReservedConcurrency(context) }
        if differences.contains(where: { AnyHashable($0.property) != AnyHashable(Property.reservedConcurrency) }) {
            let input = UpdateFunctionConfigurationInput(
                role: context.arns.role, handler: "bootstrap", timeout: spec.config.function.timeout, memorySize: spec.config.function.memory,
                environment: Self.environment(spec), runtime: .providedAL2023, tracingConfig: TracingConfig(mode: Self.desiredTracing(spec)))
            // A role made again out of band must reach Lambda again, as a new one does.
            _ = try await untilRoleReachesLambda(context) {
                try await Self.whenReady(self, context) { try await lambda.updateFunctionConfiguration(spec.functionName, input, logger: logger) }
            }
            // The configuration update is under way: the code waits for it rather than meeting a certain 409.
            if context.uploadsCode(self) { try await Self.waitUntilReady(self, context) }
        }
        if context.uploadsCode(self) {
            let input = try EncodedJSON(UpdateFunctionCodeInput(zipFile: try code.bytes(), architectures: [Self.desiredArchitecture(spec)]), client: lambda.client)
            let updated = try await Self.whenReady(self, context) { try await lambda.updateFunctionCode(spec.functionName, input, logger: logger) }
            await context.learned.set(kind, LearnedID(id: updated.codeSha256))
        }
        try await Self.waitUntilReady(self, context)
    }

    /// Reserved concurrency is its own resource on Lambda's side: it is set or removed without touching the
    /// configuration, and Lambda takes it whatever the function's state.
    private func setReservedConcurrency<C>(_ context: ApplyContext<C>) async throws {
        let lambda = context.clients.lambda, name = context.spec.functionName, logger = context.logger
        if let reserved = context.spec.config.function.reservedConcurrency {
            _ = try await lambda.putFunctionConcurrency(name, reserved: reserved, logger: logger)
        } else {
            try await lambda.deleteFunctionConcurrency(name, logger: logger)
        }
    }

    /// Found Pending or mid-update (a run killed part way, or someone else's change): the deploy reports the
    /// stack usable only once the function is.
    package func settle<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        guard let function = observed[self]?.configuration else { return }
        if (function.state.map { $0 != .active } ?? false) || (function.lastUpdateStatus.map { $0 != .successful } ?? false) {
            try await Self.waitUntilReady(self, context)
        }
    }

    package func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        try await ignoringAbsence({ if case LambdaError.resourceNotFound = $0 { true } else { false } }) {
            try await context.clients.lambda.deleteFunction(context.spec.functionName, logger: context.logger)
        }
    }

    /// Calls `body` again while Lambda answers that the role "cannot be assumed": a new (or re-made) role takes
    /// seconds to reach Lambda (terraform-provider-aws#14285); or, with `tracing`, that it lacks "permissions to
    /// call PutTraceSegments": its `xray-write` policy, put beside this step, takes as long
    /// (serverless/serverless#6931). Those messages are the only signals AWS gives, so they are matched here and
    /// nowhere else.
    private func untilRoleReachesLambda<T, C>(_ context: ApplyContext<C>, _ body: () async throws -> T) async throws -> T {
        try await context.waiter.wait(for: "IAM role \(context.spec.roleName) to reach Lambda", waiting: context.reporting(self)) { () async throws -> T? in
            do {
                return try await body()
            } catch LambdaError.invalidParameterValue(let error)
                where error.message.contains("cannot be assumed") || context.spec.config.function.tracing && error.message.contains("PutTraceSegments")
            {
                return nil
            }
        }
    }

    /// Makes a change to the function, waiting for it to be ready when Lambda refuses one (409
    /// ResourceConflictException: Pending, or an update in progress, including one someone else started
    /// after hoist looked), then trying again, within the waiter's time for the resource. It tries first
    /// rather than asking first: the function is ready far more often than not, and each question costs a
    /// round trip on the deploy's longest path. Progress reports the wait under `resource`.
    static func whenReady<T, C>(_ resource: some StackResource, _ context: ApplyContext<C>, _ change: () async throws -> T) async throws -> T {
        try await context.waiter.wait(for: "function \(context.spec.functionName) to accept the change", waiting: context.reporting(resource)) { () async throws -> T? in
            do {
                return try await change()
            } catch LambdaError.resourceConflict {
                try await waitUntilReady(resource, context)
                return nil
            }
        }
    }

    /// Active, with no update in progress: the state in which Lambda accepts the next change.
    ///
    /// Polled every 100 ms with GetFunction, which Lambda leaves out of its 15-per-second control-plane quota
    /// (docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html): a function leaves Pending a few seconds
    /// after its create, and each poll saved from the end of that wait is saved from the whole deploy.
    static func waitUntilReady<C>(_ resource: some StackResource, _ context: ApplyContext<C>) async throws {
        let lambda = context.clients.lambda, spec = context.spec, logger = context.logger
        let what = "function \(spec.functionName) to be ready for changes"
        _ = try await context.waiter.wait(for: what, every: .milliseconds(100), waiting: context.reporting(resource)) { () async throws -> Bool? in
            guard let function = try await lambda.getFunction(spec.functionName, logger: logger)?.configuration else { return nil }
            if function.state == .failed || function.lastUpdateStatus == .failed {
                throw EngineError.functionStateFailed(name: spec.functionName, reason: function.stateReason ?? function.lastUpdateStatusReason ?? "no reason given")
            }
            let active = function.state == nil || function.state == .active
            let settled = function.lastUpdateStatus == nil || function.lastUpdateStatus == .successful
            return active && settled ? true : nil
        }
    }

    private static func environment(_ spec: StackSpec) -> FunctionEnvironment { FunctionEnvironment(variables: desiredEnvironment(spec)) }

    package static func desiredEnvironment(_ spec: StackSpec) -> [String: String] {
        spec.config.function.environment.merging(spec.tableEnvironment) { $1 }
    }

    package static func desiredTracing(_ spec: StackSpec) -> TracingMode {
        spec.config.function.tracing ? .active : .passThrough
    }

    package static func desiredArchitecture(_ spec: StackSpec) -> Architecture {
        spec.config.function.architecture == "arm64" ? .arm64 : .x86_64
    }
}

extension ResourceKind {
    package static let function = ResourceKind("function")
}

extension StackARNs {
    package var function: String { "arn:\(partition):lambda:\(spec.region):\(account):function:\(spec.functionName)" }
}
