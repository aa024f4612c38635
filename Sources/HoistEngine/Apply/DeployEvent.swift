/// What the engine reports while it works; the CLI renders these (the engine never prints).
package enum DeployEvent: Sendable, Equatable {
    case started(ResourceKind, name: String, action: String)
    case finished(ResourceKind, name: String, action: String, seconds: Double)
    /// A step under way waits on AWS: `what` it waits for ("IAM role shop-dev-role to reach Lambda").
    case waiting(ResourceKind, name: String, for: String)
    /// A stop was requested: the steps under way finish, no other starts.
    case stopping
}

/// The outputs a user wants after a deploy.
package struct StackOutputs: Sendable, Equatable, Codable {
    package var apiURL: String
    package var functionARN: String
    package var tableName: String
    package var apiID: String
}

extension DeployEvent {
    /// The finish of a step that began at `start`, timed on the continuous clock.
    static func finished(_ kind: ResourceKind, name: String, action: String, since start: ContinuousClock.Instant) -> DeployEvent {
        .finished(kind, name: name, action: action, seconds: seconds(since: start))
    }

    /// Seconds from `start` until now, as progress shows them.
    package static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
