/// Engine failures with the fix in the message.
package enum EngineError: Error, Equatable, CustomStringConvertible {
    case functionFailed(name: String, reason: String)
    case missingDependency(ResourceKind, needs: ResourceKind)
    case notDeployed(function: String, environment: String)
    /// `ssm:` references to parameters that do not exist.
    case missingParameters([String], region: String)
    /// A replacement that would lose data, refused without the user's say-so.
    case replacementNeedsConsent(ResourceKind, name: String, reasons: [String], environment: String)
    /// Stopped between steps on request; what finished is in the state file.
    case stopped(command: String, notStarted: [String], environment: String)

    /// Whether the run stopped on request rather than failed.
    package var isStop: Bool {
        if case .stopped = self { true } else { false }
    }

    package var description: String {
        switch self {
        case .functionFailed(let name, let reason):
            "function \(name) failed: \(reason); fix the cause and deploy again"
        case .missingDependency(let kind, let needs):
            "cannot make the \(kind.rawValue) before the \(needs.rawValue) exists; run deploy again"
        case .notDeployed(let function, let environment):
            "function \(function) does not exist yet; run `hoist deploy --env \(environment)` first"
        case .missingParameters(let names, let region):
            "hoist.yml references \(names.map { "ssm:\($0)" }.joined(separator: ", ")), which Parameter Store in \(region) does not have; create \(names.count == 1 ? "it" : "them") (aws ssm put-parameter --type SecureString --name \(names[0]) --value ...) or fix the name"
        case .replacementNeedsConsent(let kind, let name, let reasons, let environment):
            "the \(kind.rawValue) \(name) must be replaced (\(reasons.joined(separator: ", "))), which deletes everything in it; nothing was changed. Run `hoist deploy --env \(environment) --allow-replace` to replace it"
        case .stopped(let command, let notStarted, let environment):
            "stopped before \(notStarted.joined(separator: ", ")); what finished is in the state file, run `hoist \(command) --env \(environment)` to carry on"
        }
    }
}

/// A destroy that failed part way, with what is still there and the failure itself (its operation, status,
/// code and request id kept for whoever renders it).
package struct DestroyIncomplete: Error, CustomStringConvertible {
    package var remaining: [String]
    package var cause: any Error

    package var description: String {
        "destroy stopped with \(remaining.joined(separator: ", ")) still present: \(cause); the state file lists them, run destroy again"
    }
}
