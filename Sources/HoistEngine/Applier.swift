import AWSAPIGatewayV2
import AWSDynamoDB
import AWSIAM
import AWSLambda
import AWSLogs
import AWSTransport
import Foundation
import Logging

/// Carries out a plan: each resource as soon as what it depends on is done, independent ones at once, the state
/// written after each, waiting on conditions (function active, update finished, table active) between.
package struct Applier<C: Clock<Duration>>: Sendable {
    package var clients: StackClients
    package var spec: StackSpec
    package var arns: StackARNs
    package var waiter: Waiter<C>
    package var recorder: StateRecorder
    package var events: @Sendable (DeployEvent) -> Void
    package var logger: Logger
    package var stop: StopRequest

    package init(
        clients: StackClients, spec: StackSpec, account: String, waiter: Waiter<C>, recorder: StateRecorder, events: @escaping @Sendable (DeployEvent) -> Void,
        logger: Logger, stop: StopRequest = StopRequest()
    ) {
        self.clients = clients
        self.spec = spec
        arns = StackARNs(spec: spec, account: account)
        self.waiter = waiter
        self.recorder = recorder
        self.events = events
        self.logger = logger
        self.stop = stop
    }

    /// Ids AWS invents, known from what was observed or learnt as the plan goes.
    actor Known {
        var apiID: String?
        var apiEndpoint: String?
        var integrationID: String?
        init(apiID: String?, apiEndpoint: String?, integrationID: String?) {
            self.apiID = apiID
            self.apiEndpoint = apiEndpoint
            self.integrationID = integrationID
        }
        func setAPI(_ id: String, endpoint: String?) {
            apiID = id
            apiEndpoint = endpoint
        }
        func setIntegration(_ id: String) { integrationID = id }
    }

    package func apply(_ plan: Plan, observed: ObservedStack, code: CodePackage) async throws -> StackOutputs {
        let known = Known(apiID: observed.api?.apiId, apiEndpoint: observed.api?.apiEndpoint, integrationID: observed.integration?.integrationId)
        // Each resource starts the moment its dependencies are usable, not when a whole wave is done: the
        // longest chain (role, function, integration, route) sets the pace, everything else runs beside it.
        // What needs a dependency only to exist starts when it does: the function once the role has its trust
        // policy, while the role's permission policies are set; the integration and route once the function is
        // created, while it leaves Pending.
        let scheduler = Scheduler<ResourceKind>(
            order: ResourceKind.allCases, dependencies: \.dependencies, needsOnlyExistence: \.needsOnlyExistence, direction: .forward, stop: stop)
        let notStarted: [ResourceKind]
        do throws(Scheduler<ResourceKind>.Failure) {
            notStarted = try await scheduler.run(Set(ResourceKind.allCases.filter(plan.needsWork))) { kind in
                try await step(kind, change: plan.change(for: kind), upload: kind == .function && plan.uploadCode, observed: observed, known: known, code: code)
            }
        } catch {
            throw error.cause
        }
        if !notStarted.isEmpty {
            throw EngineError.stopped(command: "deploy", notStarted: notStarted.map { "\($0.rawValue) \(PlannedChange.name($0, spec))" }, environment: spec.environment)
        }
        try await adopt(plan, observed: observed)
        try await settle(plan, observed: observed)
        // Once the stack is whole and its route targets the integration kept, what it does not use can go.
        try await OrphanSweeper(clients: clients, events: events, logger: logger).remove(plan.orphans)
        try await recorder.recordCode(code.codeSha256)
        let apiID = await known.apiID ?? ""
        let endpoint = await known.apiEndpoint ?? "https://\(apiID).execute-api.\(spec.region).amazonaws.com"
        return StackOutputs(apiURL: endpoint, functionARN: arns.function, tableName: spec.tableName, apiID: apiID)
    }

    /// A table or function that needed no change but was found in transition (made by a run that was killed,
    /// or changed by someone else) is waited for: the deploy reports the stack usable only when it is.
    private func settle(_ plan: Plan, observed: ObservedStack) async throws {
        if !plan.needsWork(.table), let status = observed.table?.tableStatus, status != .active { try await waitForTable { _ in true } }
        if !plan.needsWork(.function), let function = observed.function,
            (function.state.map { $0 != .active } ?? false) || (function.lastUpdateStatus.map { $0 != .successful } ?? false)
        {
            try await waitUntilReady()
        }
    }

    /// Records what already existed and needed nothing, so a state file rebuilt after loss lists it all.
    private func adopt(_ plan: Plan, observed: ObservedStack) async throws {
        for planned in plan.changes where planned.change == .none {
            let record: (id: String, arn: String?)? =
                switch planned.kind {
                case .role: observed.role.map { ($0.roleName, $0.arn) }
                case .table: observed.table.map { ($0.tableName, $0.tableArn) }
                case .functionLogGroup: observed.functionLogGroup.map { ($0.logGroupName, arns.logGroup($0.logGroupName)) }
                case .apiLogGroup: observed.apiLogGroup.map { ($0.logGroupName, arns.logGroup($0.logGroupName)) }
                case .api: observed.api.map { ($0.apiId, arns.api($0.apiId)) }
                case .function: observed.function.map { ($0.functionName, $0.functionArn) }
                case .stage: observed.stage.map { ($0.stageName, nil) }
                case .integration: observed.integration.map { ($0.integrationId, nil) }
                case .permission: (StackSpec.permissionStatementID, nil)
                case .route: observed.route.map { ($0.routeId, nil) }
                }
            if let record, await recorder.state.resources[planned.kind.rawValue] == nil {
                try await recorder.record(planned.kind, id: record.id, arn: record.arn)
            }
        }
    }

    private static func action(_ change: Change) -> String {
        switch change {
        case .create: "create"
        case .update: "update"
        case .replace: "replace"
        case .delete: "delete"
        case .none: "upload"
        }
    }

    /// One resource's step. The role reports that it exists once it has its trust policy, and the function once
    /// it is created: the rest of their step (the role's permission policies; the function's other changes and
    /// the wait until it is ready) runs while what needs them only to exist starts.
    private func step(
        _ kind: ResourceKind, change: Change, upload: Bool, observed: ObservedStack, known: Known, code: CodePackage
    ) async throws -> Scheduler<ResourceKind>.Outcome {
        let name = PlannedChange.name(kind, spec)
        events(.started(kind, name: name, action: Self.action(change)))
        let start = ContinuousClock.now
        let finished: @Sendable () -> Void = { events(.finished(kind, name: name, action: Self.action(change), since: start)) }
        switch kind {
        case .role:
            try await role(change)
            return .exists {
                try await roleSettings(change)
                finished()
            }
        case .function:
            let ready = change == .create ? try await createFunction(code: code) : true
            return .exists {
                if change == .create {
                    if !ready { try await waitUntilReady() }
                } else {
                    try await updateFunction(change, upload: upload, code: code)
                }
                finished()
            }
        case .table: try await table(change, observed: observed)
        case .functionLogGroup: try await logGroup(kind, spec.functionLogGroup, retention: spec.config.function.logRetentionDays, change)
        case .apiLogGroup: try await logGroup(kind, spec.apiLogGroup, retention: spec.config.api.accessLogRetentionDays, change)
        case .api: try await api(change, known: known)
        case .stage: try await stage(change, known: known)
        case .integration: try await integration(change, known: known)
        case .permission: try await permission(observed: observed, known: known)
        case .route: try await route(change, observed: observed, known: known)
        }
        finished()
        return .usable
    }

    /// Creates the role, or corrects its trust policy: what makes it usable by Lambda.
    private func role(_ change: Change) async throws {
        if change == .create {
            let input = CreateRoleInput(roleName: spec.roleName, assumeRolePolicyDocument: StackSpec.trustPolicy, description: "hoist: \(spec.functionName)", tags: spec.tags)
            _ = try await CreateOnce.run {
                try await clients.iam.createRole(input, logger: logger)
            } find: {
                try await clients.iam.getRole(spec.roleName, logger: logger).flatMap { Planner.sameJSON($0.assumeRolePolicyDocument, StackSpec.trustPolicy) ? $0 : nil }
            } alreadyExists: {
                if case IAMError.entityAlreadyExists = $0 { true } else { false }
            }
            try await recorder.record(.role, id: spec.roleName, arn: arns.role)
        } else if case .update(let properties) = change, properties.contains(.trustPolicy) {
            try await clients.iam.updateAssumeRolePolicy(spec.roleName, policyDocument: StackSpec.trustPolicy, logger: logger)
        }
    }

    /// The role's permission policies that differ, both at once, once the role is usable.
    private func roleSettings(_ change: Change) async throws {
        let differences: [PropertyChange] =
            switch change {
            case .create: [PropertyChange(.inlinePolicy), PropertyChange(.basicExecutionPolicy)]
            case .update(let properties): properties
            case .replace, .delete, .none: []
            }
        try await withThrowingTaskGroup(of: Void.self) { group in
            if differences.contains(.inlinePolicy) {
                group.addTask {
                    try await clients.iam.putRolePolicy(
                        spec.roleName, policyName: StackSpec.inlinePolicyName, policyDocument: spec.dynamoPolicy(tableARN: arns.table), logger: logger)
                }
            }
            if differences.contains(.basicExecutionPolicy) {
                group.addTask { try await clients.iam.attachRolePolicy(spec.roleName, policyArn: StackSpec.basicExecutionPolicy, logger: logger) }
            }
            try await group.waitForAll()
        }
    }

    private func table(_ change: Change, observed: ObservedStack) async throws {
        if change.isReplace {
            try await clients.dynamoDB.deleteTable(spec.tableName, logger: logger)
            _ = try await waiter.wait(for: "table \(spec.tableName) to be deleted", waiting: reporting(.table)) {
                try await clients.dynamoDB.describeTable(spec.tableName, logger: logger) == nil ? true : nil
            }
        }
        if change == .create || change.isReplace {
            // A table of this name still being deleted (a destroy just before) blocks the name until it is gone.
            if observed.tableDeleting { try await waitUntilTableGone() }
            let indexes = spec.tableIndexes
            let input = CreateTableInput(
                tableName: spec.tableName, attributeDefinitions: spec.tableAttributes, keySchema: spec.tableKeySchema,
                globalSecondaryIndexes: indexes.isEmpty ? nil : indexes, billingMode: .payPerRequest,
                tags: spec.tags.sorted { $0.key < $1.key }.map { Tag(key: $0.key, value: $0.value) })
            let created = try await CreateOnce.run {
                try await clients.dynamoDB.createTable(input, logger: logger)
            } find: {
                try await existingTable(keys: input.keySchema)
            } alreadyExists: {
                if case DynamoDBError.resourceInUse = $0 { true } else { false }
            }
            try await recorder.record(.table, id: spec.tableName, arn: created.tableArn ?? arns.table)
            // An answer that already says ACTIVE needs no second look.
            if created.tableStatus != .active { try await waitForTable { _ in true } }
            return
        }
        guard case .update(let differences) = change else { return }
        if differences.contains(.billingMode) {
            _ = try await clients.dynamoDB.updateTable(spec.tableName, billingMode: .payPerRequest, logger: logger)
            try await waitForTable { _ in true }
        }
        // DynamoDB takes one index change at a time, each after the previous one has settled.
        for update in Planner.indexChanges(spec: spec, table: observed.table).updates {
            _ = try await clients.dynamoDB.updateTable(spec.tableName, indexUpdate: update, attributeDefinitions: spec.tableAttributes, logger: logger)
            try await waitForTable { table in
                let index = table.globalSecondaryIndexes?.first { $0.indexName == update.indexName }
                return switch update {
                case .create: index?.indexStatus == .active
                case .delete: index == nil
                }
            }
        }
    }

    private func waitUntilTableGone() async throws {
        _ = try await waiter.wait(for: "table \(spec.tableName) to finish being deleted", waiting: reporting(.table)) {
            try await clients.dynamoDB.describeTable(spec.tableName, logger: logger) == nil ? true : nil
        }
    }

    /// The table of this name if it has the keys wanted: the one an earlier create of this run made. One being
    /// deleted is waited out, so the next create can take the name.
    private func existingTable(keys: [KeySchemaElement]) async throws -> TableDescription? {
        guard let table = try await clients.dynamoDB.describeTable(spec.tableName, logger: logger) else { return nil }
        if table.tableStatus == .deleting {
            try await waitUntilTableGone()
            return nil
        }
        return table.keySchema == keys ? table : nil
    }

    /// Progress says what a step of `kind` waits for.
    private func reporting(_ kind: ResourceKind) -> (String) -> Void {
        { events(.waiting(kind, name: PlannedChange.name(kind, spec), for: $0)) }
    }

    /// Waits until the table is ACTIVE and `settled` holds for it.
    private func waitForTable(_ settled: @escaping @Sendable (TableDescription) -> Bool) async throws {
        _ = try await waiter.wait(for: "table \(spec.tableName) to become ACTIVE", waiting: reporting(.table)) {
            try await clients.dynamoDB.describeTable(spec.tableName, logger: logger).flatMap { $0.tableStatus == .active && settled($0) ? true : nil }
        }
    }

    private func logGroup(_ kind: ResourceKind, _ name: String, retention: Int, _ change: Change) async throws {
        if change == .create {
            // Lambda creates its log group on first invocation; one found here is the function's own.
            _ = try await CreateOnce.run {
                try await clients.logs.createLogGroup(CreateLogGroupInput(logGroupName: name, tags: spec.tags), logger: logger)
            } find: {
                try await clients.logs.logGroup(named: name, logger: logger).map { _ in () }
            } alreadyExists: {
                if case LogsError.resourceAlreadyExists = $0 { true } else { false }
            }
            try await recorder.record(kind, id: name, arn: arns.logGroup(name))
        }
        try await clients.logs.putRetentionPolicy(name, retentionInDays: retention, logger: logger)
    }

    private func api(_ change: Change, known: Known) async throws {
        let cors = Planner.desiredCORS(spec)
        if change == .create {
            let input = CreateApiInput(name: spec.apiName, protocolType: .http, corsConfiguration: cors, description: "hoist: \(spec.functionName)", tags: spec.tags)
            // API names are not unique: what a lost create made is found by the name and the tags it carries.
            let api = try await CreateOnce.run {
                try await clients.apiGateway.createApi(input, logger: logger)
            } find: {
                try await Observer(clients: clients, logger: logger).findAPI(spec, recordedID: nil)
            }
            await known.setAPI(api.apiId, endpoint: api.apiEndpoint)
            try await recorder.record(.api, id: api.apiId, arn: arns.api(api.apiId))
        } else if let apiID = await known.apiID {
            // An update without a CORS block leaves the old one: removing it takes its own call.
            if let cors {
                _ = try await clients.apiGateway.updateApi(apiID, UpdateApiInput(corsConfiguration: cors), logger: logger)
            } else {
                try await clients.apiGateway.deleteCorsConfiguration(apiID, logger: logger)
            }
        }
    }

    private var functionEnvironment: FunctionEnvironment { FunctionEnvironment(variables: Planner.desiredEnvironment(spec)) }

    /// Creates the function once its role reaches Lambda; `true` when the answer says it is ready already.
    private func createFunction(code: CodePackage) async throws -> Bool {
        // Encoded once: until the role reaches Lambda the same create is sent every quarter second.
        let input = try EncodedJSON(
            CreateFunctionInput(
                functionName: spec.functionName, runtime: .providedAL2023, role: arns.role, handler: "bootstrap", code: FunctionCode(zipFile: try code.bytes()),
                description: "hoist: \(spec.functionName)", timeout: spec.config.function.timeout, memorySize: spec.config.function.memory,
                environment: functionEnvironment, architectures: [Planner.desiredArchitecture(spec)], tags: spec.tags))
        let created = try await untilRoleReachesLambda {
            try await CreateOnce.run {
                try await clients.lambda.createFunction(input, logger: logger)
            } find: {
                // "Function already exist" after hoist's own lost attempt: the same role, runtime and code.
                try await clients.lambda.getFunctionConfiguration(spec.functionName, logger: logger).flatMap {
                    $0.role == arns.role && $0.codeSha256 == code.codeSha256 ? $0 : nil
                }
            } alreadyExists: {
                if case LambdaError.resourceConflict = $0 { true } else { false }
            }
        }
        try await recorder.record(.function, id: spec.functionName, arn: created.functionArn)
        return created.state == .active && (created.lastUpdateStatus ?? .successful) == .successful
    }

    /// The configuration, then the code, each once the function takes a change; then the wait until it is
    /// ready for the next.
    private func updateFunction(_ change: Change, upload: Bool, code: CodePackage) async throws {
        if case .update = change {
            let input = UpdateFunctionConfigurationInput(
                role: arns.role, handler: "bootstrap", timeout: spec.config.function.timeout, memorySize: spec.config.function.memory,
                environment: functionEnvironment, runtime: .providedAL2023)
            // A role made again out of band must reach Lambda again, as a new one does.
            _ = try await untilRoleReachesLambda {
                try await whenReady { try await clients.lambda.updateFunctionConfiguration(spec.functionName, input, logger: logger) }
            }
            // The configuration update is under way: the code waits for it rather than meeting a certain 409.
            if upload { try await waitUntilReady() }
        }
        if upload {
            let input = try EncodedJSON(UpdateFunctionCodeInput(zipFile: try code.bytes(), architectures: [Planner.desiredArchitecture(spec)]))
            _ = try await whenReady { try await clients.lambda.updateFunctionCode(spec.functionName, input, logger: logger) }
        }
        try await waitUntilReady()
    }

    /// Calls `body` again while Lambda answers that the role "cannot be assumed": a new (or re-made) role takes
    /// seconds to reach Lambda (terraform-provider-aws#14285). That message is the only signal AWS gives, so
    /// it is matched here and nowhere else.
    private func untilRoleReachesLambda<T>(_ body: () async throws -> T) async throws -> T {
        try await waiter.wait(for: "IAM role \(spec.roleName) to reach Lambda", waiting: reporting(.function)) { () async throws -> T? in
            do {
                return try await body()
            } catch LambdaError.invalidParameterValue(let error) where error.message.contains("cannot be assumed") {
                return nil
            }
        }
    }

    /// Makes a change to the function, waiting for it to be ready when Lambda refuses one (409
    /// ResourceConflictException: Pending, or an update in progress, including one someone else started
    /// after hoist looked), then trying again, within the waiter's time for the resource. It tries first
    /// rather than asking first: the function is ready far more often than not, and each question costs a
    /// round trip on the deploy's longest path.
    private func whenReady<T>(_ change: () async throws -> T) async throws -> T {
        try await waiter.wait(for: "function \(spec.functionName) to accept the change", waiting: reporting(.function)) { () async throws -> T? in
            do {
                return try await change()
            } catch LambdaError.resourceConflict {
                try await waitUntilReady()
                return nil
            }
        }
    }

    /// Active, with no update in progress: the state in which Lambda accepts the next change.
    ///
    /// Polled every 100 ms with GetFunction, which Lambda leaves out of its 15-per-second control-plane quota
    /// (docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html): a function leaves Pending a few seconds
    /// after its create, and each poll saved from the end of that wait is saved from the whole deploy.
    private func waitUntilReady() async throws {
        let what = "function \(spec.functionName) to be ready for changes"
        _ = try await waiter.wait(for: what, every: .milliseconds(100), waiting: reporting(.function)) { () async throws -> Bool? in
            guard let function = try await clients.lambda.getFunction(spec.functionName, logger: logger)?.configuration else { return nil }
            if function.state == .failed || function.lastUpdateStatus == .failed {
                throw EngineError.functionFailed(name: spec.functionName, reason: function.stateReason ?? function.lastUpdateStatusReason ?? "no reason given")
            }
            let active = function.state == nil || function.state == .active
            let settled = function.lastUpdateStatus == nil || function.lastUpdateStatus == .successful
            return active && settled ? true : nil
        }
    }

    private func stage(_ change: Change, known: Known) async throws {
        guard let apiID = await known.apiID else { throw EngineError.missingDependency(.stage, needs: .api) }
        let logs = AccessLogSettings(destinationArn: arns.logGroup(spec.apiLogGroup), format: StackSpec.accessLogFormat)
        if change == .create {
            let input = CreateStageInput(stageName: "$default", autoDeploy: true, accessLogSettings: logs, tags: spec.tags)
            _ = try await CreateOnce.run {
                try await clients.apiGateway.createStage(apiID, input, logger: logger)
            } find: {
                try await clients.apiGateway.getStage(apiID, stageName: "$default", logger: logger)
            } alreadyExists: {
                if case APIGatewayV2Error.conflict = $0 { true } else { false }
            }
            try await recorder.record(.stage, id: "$default", arn: nil)
        } else {
            _ = try await clients.apiGateway.updateStage(apiID, stageName: "$default", UpdateStageInput(autoDeploy: true, accessLogSettings: logs), logger: logger)
        }
    }

    private func integration(_ change: Change, known: Known) async throws {
        guard let apiID = await known.apiID else { throw EngineError.missingDependency(.integration, needs: .api) }
        let input = CreateIntegrationInput(integrationType: .awsProxy, integrationUri: arns.function, integrationMethod: "POST", payloadFormatVersion: "2.0")
        if change == .create {
            // Integrations are not unique either: what a lost create made targets this function.
            let integration = try await CreateOnce.run {
                try await clients.apiGateway.createIntegration(apiID, input, logger: logger)
            } find: {
                try await clients.apiGateway.getIntegrations(apiID, logger: logger).first { $0.integrationUri == arns.function }
            }
            await known.setIntegration(integration.integrationId)
            try await recorder.record(.integration, id: integration.integrationId, arn: nil)
        } else if let integrationID = await known.integrationID {
            _ = try await clients.apiGateway.updateIntegration(apiID, integrationId: integrationID, input, logger: logger)
        }
    }

    private func permission(observed: ObservedStack, known: Known) async throws {
        guard let apiID = await known.apiID else { throw EngineError.missingDependency(.permission, needs: .api) }
        // A statement with hoist's id but another source must go first; with none, there is nothing to remove.
        if observed.functionPolicy?.contains(StackSpec.permissionStatementID) == true {
            do {
                try await clients.lambda.removePermission(spec.functionName, statementId: StackSpec.permissionStatementID, logger: logger)
            } catch LambdaError.resourceNotFound {
                // Removed meanwhile: nothing to replace.
            }
        }
        let input = AddPermissionInput(
            statementId: StackSpec.permissionStatementID, action: "lambda:InvokeFunction", principal: "apigateway.amazonaws.com", sourceArn: arns.executeAPI(apiID))
        // A 409 is either the statement hoist's lost attempt added (then it is done) or the function being
        // busy (then the add waits for it to be ready, as any change does).
        let granted: @Sendable () async throws -> Bool = {
            Planner.hasPermission(try await clients.lambda.getPolicy(spec.functionName, logger: logger)?.policy, sourceARN: arns.executeAPI(apiID))
        }
        _ = try await whenReady {
            try await CreateOnce.run {
                _ = try await clients.lambda.addPermission(spec.functionName, input, logger: logger)
            } find: {
                try await granted() ? () : nil
            } alreadyExists: {
                if case LambdaError.resourceConflict = $0 { true } else { false }
            }
        }
        try await recorder.record(.permission, id: StackSpec.permissionStatementID, arn: nil)
    }

    private func route(_ change: Change, observed: ObservedStack, known: Known) async throws {
        guard let apiID = await known.apiID, let integrationID = await known.integrationID else {
            throw EngineError.missingDependency(.route, needs: .integration)
        }
        let input = CreateRouteInput(routeKey: "$default", target: "integrations/\(integrationID)")
        if change == .create {
            // The route key is unique in an API: a `$default` found after a lost answer is adopted, and pointed
            // at this integration if it is not.
            let route = try await CreateOnce.run {
                try await clients.apiGateway.createRoute(apiID, input, logger: logger)
            } find: {
                try await clients.apiGateway.getRoutes(apiID, logger: logger).first { $0.routeKey == "$default" }
            } alreadyExists: {
                if case APIGatewayV2Error.conflict = $0 { true } else { false }
            }
            if route.target != input.target { _ = try await clients.apiGateway.updateRoute(apiID, routeId: route.routeId, input, logger: logger) }
            try await recorder.record(.route, id: route.routeId, arn: nil)
        } else if let routeID = observed.route?.routeId {
            _ = try await clients.apiGateway.updateRoute(apiID, routeId: routeID, input, logger: logger)
        }
    }
}

extension PlannedChange {
    static func name(_ kind: ResourceKind, _ spec: StackSpec) -> String {
        switch kind {
        case .role: spec.roleName
        case .table: spec.tableName
        case .functionLogGroup: spec.functionLogGroup
        case .apiLogGroup: spec.apiLogGroup
        case .api: spec.apiName
        case .function: spec.functionName
        case .stage, .route: "$default"
        case .integration: "AWS_PROXY"
        case .permission: StackSpec.permissionStatementID
        }
    }
}
