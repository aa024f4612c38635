import AWSDynamoDB
import AWSLogs

extension Engine {
    /// The environment's metrics between `start` and `end` (seconds since 1970): the function's by its name, the
    /// API's by the id the state file records. An environment with no state was never deployed (or was
    /// destroyed): zeros for it would read as an idle API.
    package func metrics(start: Double, end: Double) async throws -> StackMetrics {
        let apiID = try await deployedAPIID()
        return try await MetricsReader(cloudWatch: clients.cloudWatch, logs: clients.logs, logger: logger).read(
            function: spec.functionName, logGroup: spec.functionLogGroup, apiID: apiID, start: start, end: end)
    }

    /// What the environment cost between `start` and `end` (seconds since 1970), from its usage and AWS's list
    /// prices (`Prices`).
    package func cost(start: Double, end: Double) async throws -> StackCost {
        let apiID = try await deployedAPIID()
        let reader = MetricsReader(cloudWatch: clients.cloudWatch, logs: clients.logs, logger: logger)
        async let usage = reader.usage(
            function: spec.functionName, apiID: apiID, table: spec.tableName, logGroups: [spec.functionLogGroup, spec.apiLogGroup], start: start, end: end)
        async let table = clients.dynamoDB.describeTable(spec.tableName, logger: logger)
        async let functionGroup = clients.logs.logGroup(named: spec.functionLogGroup, logger: logger)
        async let apiGroup = clients.logs.logGroup(named: spec.apiLogGroup, logger: logger)
        async let reports = reader.reportLines(spec.functionLogGroup, start: start, end: end)
        var measured = try await usage
        measured.tableBytes = Double(try await table?.tableSizeBytes ?? 0)
        measured.logBytes = Double((try await functionGroup?.storedBytes ?? 0) + (try await apiGroup?.storedBytes ?? 0))
        let function = spec.config.function
        return StackCost(
            usage: measured, memoryMB: function.memory, architecture: function.architecture, maxMemoryUsedMB: try await reports.0.compactMap(\.maxMemoryUsed).max(),
            region: spec.region, start: start, end: end)
    }

    /// The API id the state records; an environment with no state was never deployed (or was destroyed), and
    /// zeros for it would read as an idle API.
    private func deployedAPIID() async throws -> String? {
        let identity = await gatewayIdentity()
        guard identity.account != nil else { throw EngineError.notDeployed(stack: spec.functionName, environment: spec.environment) }
        return identity.apiID
    }
}
