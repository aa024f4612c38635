import AWSSSM
import Logging

/// Reads what exists, every kind at once, and the parameters the function's `ssm:` references name. Only
/// reads: a run that changes nothing makes no mutating call.
///
/// For what the state file records, every read goes out in one round: the names of the role's policies and of
/// the function's policy are known from the spec, and the API's parts from the recorded id, so nothing waits
/// for another answer. What it does not record (a first deploy, a lost state file) is read in two: the
/// resource, then its parts only if it exists, so a first deploy asks nothing about resources that are not
/// there.
package struct Observer: Sendable {
    package var clients: StackClients
    package var logger: Logger
    package var resources: [any StackResource]

    package init(clients: StackClients, logger: Logger, resources: [any StackResource] = StackResources.standard) {
        self.clients = clients
        self.logger = logger
        self.resources = resources
    }

    /// - Parameter account: the caller's account when known; `nil` while it is still being read in parallel.
    package func observe(_ spec: StackSpec, account: String?, state: StateFile?) async throws -> ObservedStack {
        let context = ObserveContext(clients: clients, spec: spec, state: state, logger: logger)
        var observed = ObservedStack(account: account ?? "")
        try await withThrowingTaskGroup(of: ObservedStack.Finding.self) { group in
            for resource in resources {
                group.addTask { try await resource.observe(context) }
            }
            let names = spec.parameterNames
            if !names.isEmpty {
                let (ssm, logger) = (clients.ssm, logger)
                group.addTask {
                    let found = try await ssm.describe(names, logger: logger)
                    return { $0.parameters = found }
                }
            }
            for try await finding in group { finding(&observed) }
        }
        return observed
    }
}
