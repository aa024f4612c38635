import AWSLambda

extension Engine {
    /// Calls the function once, synchronously, with its log tail, through alias `live`: the version the API
    /// serves, a rolled-back one included. Never retried on a lost answer: the function may have run, and a
    /// second call would run it again. A stack deployed before aliases (no `live`, a 404 that ran nothing) is
    /// called unqualified.
    package func invoke(payload: [UInt8]) async throws -> FunctionInvocation {
        let answer: InvocationResponse
        // The function may take its whole timeout, and Lambda some seconds more to start it.
        let timeout = Duration.seconds(spec.config.function.timeout + 15), lambda = clients.lambda, name = spec.functionName
        do {
            do {
                answer = try await lambda.invoke(name, qualifier: AliasResource.name, payload: payload, timeout: timeout, logger: logger)
            } catch LambdaError.resourceNotFound {
                answer = try await lambda.invoke(name, payload: payload, timeout: timeout, logger: logger)
            }
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

    /// The function's log (or with `api`, the API's access log), read or followed.
    package func logTail<T: Clock<Duration>>(clock: T) -> LogTail<T> {
        LogTail(logs: clients.logs, clock: clock, logger: logger)
    }
}
