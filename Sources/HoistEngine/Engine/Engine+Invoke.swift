import AWSLambda

extension Engine {
    /// Calls the function once, synchronously, with its log tail. Never retried on a lost answer: the
    /// function may have run, and a second call would run it again.
    package func invoke(payload: [UInt8]) async throws -> FunctionInvocation {
        let answer: InvocationResponse
        do {
            // The function may take its whole timeout, and Lambda some seconds more to start it.
            answer = try await clients.lambda.invoke(spec.functionName, payload: payload, timeout: .seconds(spec.config.function.timeout + 15), logger: logger)
        } catch LambdaError.resourceNotFound {
            throw EngineError.notDeployed(stack: spec.functionName, environment: spec.environment)
        }
        return FunctionInvocation(
            payload: answer.payload, functionError: answer.functionError, failure: answer.failure, report: answer.report, hadLogTail: answer.logResult != nil)
    }

    /// The account and API id the state file records, as API Gateway would name them in an event; either is
    /// `nil` before the first deploy recorded it. Reads no AWS.
    package func gatewayIdentity() async -> GatewayIdentity {
        let state = try? await store.load()
        return GatewayIdentity(account: state?.account, apiID: state.flatMap { state in resources.lazy.compactMap { $0.gatewayID(state) }.first })
    }

    /// The environment's metrics between `start` and `end` (seconds since 1970): the function's by its name, the
    /// API's by the id the state file records. An environment with no state was never deployed (or was
    /// destroyed): zeros for it would read as an idle API.
    package func metrics(start: Double, end: Double) async throws -> StackMetrics {
        let identity = await gatewayIdentity()
        guard identity.account != nil else { throw EngineError.notDeployed(stack: spec.functionName, environment: spec.environment) }
        let apiID = identity.apiID
        return try await MetricsReader(cloudWatch: clients.cloudWatch, logs: clients.logs, logger: logger).read(
            function: spec.functionName, logGroup: spec.functionLogGroup, apiID: apiID, start: start, end: end)
    }

    /// The function's log (or with `api`, the API's access log), read or followed.
    package func logTail<T: Clock<Duration>>(clock: T) -> LogTail<T> {
        LogTail(logs: clients.logs, clock: clock, logger: logger)
    }
}
