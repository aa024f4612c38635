/// Engine failures with the fix in the message.
package enum EngineError: Error, Equatable, CustomStringConvertible {
    /// The function went to state Failed while a deploy waited for it.
    case functionStateFailed(name: String, reason: String)
    /// A call of the deployed function that the function failed (`hoist invoke`).
    case invocationFailed(function: String, kind: String, detail: String, environment: String)
    case missingDependency(ResourceKind, needs: ResourceKind)
    case notDeployed(stack: String, environment: String)
    /// `ssm:` references to parameters that do not exist.
    case missingParameters([String], region: String)
    /// A replacement that would lose data, refused without the user's say-so.
    case replacementNeedsConsent(ResourceKind, name: String, reasons: [String], environment: String)
    /// Stopped between steps on request; what finished is in the state file.
    case stopped(command: String, notStarted: [String], environment: String)
    /// A resource found by this environment's name, or by an id the state records, that does not carry
    /// hoist's tags for this project and environment.
    case notOurs(ResourceKind, id: String, project: String, environment: String)
    /// AWS answered without what the call exists to return.
    case unexpectedAnswer(String, String)
    /// Lambda could not allocate `live`'s provisioned concurrency.
    case provisioningFailed(function: String, reason: String)
    /// `hoist rollback` or `promote` with nothing to move to, or to a version that does not exist.
    case noRelease(String)
    /// A canary showed errors during its bake: `live` serves its previous version alone again.
    case canaryFailed(version: String, live: String, reason: String)
    /// Stopped during a canary's bake: the canary still runs.
    case canaryLeft(version: String, weight: String, environment: String)
    /// No public hosted zone of the account holds the custom domain (or not the one hoist.yml names).
    case noHostedZone(domain: String, asked: String?, found: [String])
    /// A record of the custom domain's name that hoist did not make.
    case foreignRecord(name: String, type: String, value: String, zone: String)
    /// ACM has not issued the certificate within `domain_wait`.
    case certificatePending(domain: String, zone: String, nameServers: [String], waited: Duration, environment: String)
    /// ACM will not issue it (validation timed out, revoked, failed).
    case certificateFailed(domain: String, status: String, reason: String?)

    /// Whether the run stopped on request rather than failed.
    package var isStop: Bool {
        switch self {
        case .stopped, .canaryLeft: true
        default: false
        }
    }

    package var description: String {
        switch self {
        case .functionStateFailed(let name, let reason):
            "function \(name) failed: \(reason); fix the cause and deploy again"
        case .invocationFailed(let function, let kind, let detail, let environment):
            "function \(function) failed (\(kind)): \(detail); its log: `hoist logs --env \(environment) --since 5m`"
        case .missingDependency(let kind, let needs):
            "cannot make the \(kind.rawValue) before the \(needs.rawValue) exists; run deploy again"
        case .notDeployed(let stack, let environment):
            "\(stack) is not deployed; run `hoist deploy --env \(environment)` first"
        case .missingParameters(let names, let region):
            "hoist.yml references \(names.map { "ssm:\($0)" }.joined(separator: ", ")), which Parameter Store in \(region) does not have; create \(names.count == 1 ? "it" : "them") (aws ssm put-parameter --type SecureString --name \(names[0]) --value ...) or fix the name"
        case .replacementNeedsConsent(let kind, let name, let reasons, let environment):
            "the \(kind.rawValue) \(name) must be replaced (\(reasons.joined(separator: ", "))), which deletes everything in it; nothing was changed. Run `hoist deploy --env \(environment) --allow-replace` to replace it"
        case .stopped(let command, let notStarted, let environment):
            "stopped before \(notStarted.joined(separator: ", ")); what finished is in the state file, run `hoist \(command) --env \(environment)` to carry on"
        case .notOurs(let kind, let id, let project, let environment):
            "the \(kind.rawValue) \(id) is not tagged hoist:project=\(project), hoist:env=\(environment), so hoist will not adopt, change or delete it; nothing was changed. If the state names it (`hoist state pull --env \(environment)`), remove that entry; if it only shares the name, rename the project or environment, or tag it if it is this environment's"
        case .unexpectedAnswer(let operation, let what):
            "\(operation) answered with \(what); run the command again, and report it if it persists"
        case .provisioningFailed(let function, let reason):
            "provisioned concurrency on \(function):live failed: \(reason); lower provisioned_concurrency or raise the account's concurrency quota, then deploy again"
        case .noRelease(let message):
            message
        case .canaryFailed(let version, let live, let reason):
            "canary of version \(version) rolled back: \(reason); live serves version \(live) alone. Find the cause (`hoist logs --since 15m`) and deploy again"
        case .noHostedZone(let domain, let asked, let found):
            "no public Route 53 hosted zone of this account \(asked.map { "is called \($0)" } ?? "holds \(domain)") (zones found: \(found.isEmpty ? "none" : found.joined(separator: ", "))); nothing was changed. Create the zone, or set domain: {name: \(domain), hosted_zone: ZONE}"
        case .foreignRecord(let name, let type, let value, let zone):
            "\(name) already has a \(type) record (\(value)) in the zone \(zone) that hoist did not make; nothing was changed. Remove it if it is stale, or choose another domain"
        case .certificatePending(let domain, let zone, let nameServers, let waited, let environment):
            "the certificate for \(domain) is still waiting for DNS validation after \(waited.components.seconds < 60 ? "\(waited.components.seconds) s" : "\(waited.components.seconds / 60) min"); check that the registrar of \(zone) lists \(nameServers.isEmpty ? "the zone's name servers" : nameServers.joined(separator: ", ")), then run `hoist deploy --env \(environment)` to carry on (everything made so far is kept)"
        case .certificateFailed(let domain, let status, let reason):
            "ACM will not issue the certificate for \(domain): \(status)\(reason.map { " (\($0))" } ?? ""); deploy again to request a new one"
        case .canaryLeft(let version, let weight, let environment):
            "stopped watching the canary: version \(version) still gets \(weight) of live's traffic; run `hoist promote --env \(environment)` to send it all, or `hoist rollback --env \(environment)` to end it"
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

/// A step of a run that failed: which resource, what was being done to it, and the failure itself, kept
/// whole (operation, status, code and request id) for whoever renders it.
package struct StepFailed: Error, CustomStringConvertible {
    package var kind: ResourceKind
    package var name: String
    package var action: String
    package var cause: any Error

    package var description: String { "\(action) \(kind) \(name) failed: \(cause)" }
}
