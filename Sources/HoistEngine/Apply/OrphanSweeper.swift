import AWSAPIGatewayV2
import Logging

/// Removes what hoist made for an environment that its stack does not use (see `Orphan`): the routes first,
/// then the integrations they may target, then whole APIs. What is already gone counts as removed.
package struct OrphanSweeper: Sendable {
    package var clients: StackClients
    package var events: @Sendable (DeployEvent) -> Void
    package var logger: Logger

    package func remove(_ orphans: [Orphan]) async throws {
        let order: [ResourceKind] = [.route, .integration, .api]
        for kind in order {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for orphan in orphans where orphan.kind == kind {
                    group.addTask { try await remove(orphan) }
                }
                try await group.waitForAll()
            }
        }
    }

    private func remove(_ orphan: Orphan) async throws {
        let name = "\(orphan.name) (orphan \(orphan.id))"
        events(.started(orphan.kind, name: name, action: "delete"))
        let start = ContinuousClock.now
        do {
            switch orphan.kind {
            case .route: try await clients.apiGateway.deleteRoute(orphan.apiID, routeId: orphan.id, logger: logger)
            case .integration: try await clients.apiGateway.deleteIntegration(orphan.apiID, integrationId: orphan.id, logger: logger)
            default: try await clients.apiGateway.deleteApi(orphan.id, logger: logger)
            }
        } catch APIGatewayV2Error.notFound {
            // Gone already: that is what was wanted.
        }
        events(.finished(orphan.kind, name: name, action: "delete", since: start))
    }
}
