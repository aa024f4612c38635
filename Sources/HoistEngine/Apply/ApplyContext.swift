import AWSAPIGatewayV2
import Logging

/// What a kind's `apply`, `settle` and `delete` may use: the clients, names and ARNs, the waiter, the state
/// recorder, the progress sink, and what the run learnt so far.
package struct ApplyContext<C: Clock<Duration>>: Sendable {
    package var clients: StackClients
    package var spec: StackSpec
    package var arns: StackARNs
    package var waiter: Waiter<C>
    package var recorder: StateRecorder
    package var events: @Sendable (DeployEvent) -> Void
    package var logger: Logger
    package var observed: ObservedStack
    package var learned: LearnedIDs
    /// The function's zip; `nil` for a destroy, which uploads nothing.
    package var code: CodePackage?
    /// Whether the plan uploads the code.
    package var uploadCode: Bool

    /// Progress says what a step of `resource` waits for.
    func reporting(_ resource: some StackResource) -> (String) -> Void {
        let events = events
        let kind = resource.kind
        let name = resource.name(spec)
        return { events(.waiting(kind, name: name, for: $0)) }
    }
}

/// Ids AWS invents, known from what was observed or learnt as the run goes: what the API's parts need.
package actor LearnedIDs {
    package private(set) var apiID: String?
    package private(set) var apiEndpoint: String?
    package private(set) var integrationID: String?

    package init(_ observed: ObservedStack) {
        apiID = observed.api?.apiId
        apiEndpoint = observed.api?.apiEndpoint
        integrationID = observed.integration?.integrationId
    }

    func setAPI(_ id: String, endpoint: String?) {
        apiID = id
        apiEndpoint = endpoint
    }

    func setIntegration(_ id: String) { integrationID = id }
}
