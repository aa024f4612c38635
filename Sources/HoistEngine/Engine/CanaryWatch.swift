import AWSCloudWatch
import AWSLambda
import AWSTransport
import Foundation
import Logging

/// `deploy --canary 10% --bake 5m`: the share of `live`'s traffic a new version gets, and how long it is watched
/// before it gets all of it.
package struct CanaryRelease: Sendable, Equatable {
    /// 0…1, exclusive.
    package var weight: Double
    package var bake: Duration

    package init(weight: Double, bake: Duration) {
        self.weight = weight
        self.bake = bake
    }
}

/// Watches a canary for its bake: the environment's errors alarm when `aws_cloudwatch` keeps one (it is what
/// the team is paged on), else the new version's own Errors metric; on the first sign of errors it ends the
/// canary, all traffic back on `live`'s version; at the end of a clean bake it moves `live` to the new version.
/// A stop (Ctrl-C) leaves it as it is.
struct CanaryWatch<C: Clock<Duration>>: Sendable {
    var clients: StackClients
    var spec: StackSpec
    var clock: C
    var stop: StopRequest
    var events: @Sendable (DeployEvent) -> Void
    var logger: Logger

    /// How often a stop is looked for; errors are read every `checks` (CloudWatch's period is a minute, so more
    /// often would read the same data).
    var tick: Duration = .seconds(1)

    /// Lambda reports a version invoked through an alias under these dimensions
    /// (docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html, "ExecutedVersion").
    static func errorsQuery(function: String, version: String) -> MetricDataQuery {
        MetricDataQuery(
            id: "errors", namespace: "AWS/Lambda", metricName: "Errors",
            dimensions: ["FunctionName": function, "Resource": "\(function):\(AliasResource.name)", "ExecutedVersion": version], period: 60, stat: "Sum")
    }

    /// Bakes the canary the deploy started, if it started one (it did not when nothing new was published).
    func bakeStarted(_ release: CanaryRelease) async throws {
        guard let alias = try await clients.lambda.getAlias(spec.functionName, alias: AliasResource.name, logger: logger),
            let version = alias.routingConfig?.additionalVersionWeights?.keys.first
        else { return }
        try await bake(version: version, alias: alias, release: release)
    }

    /// Bakes `version` beside the version `alias` serves; returns once `live` serves `version` alone (or once
    /// another command ended the canary), or throws `canaryFailed` once `live` serves its previous version alone
    /// again, or `canaryLeft` on a stop. Each alias update names the alias's revision as the canary began, so
    /// it never undoes what another command did meanwhile.
    func bake(version: String, alias: AliasConfiguration, release: CanaryRelease) async throws {
        let started = Date().timeIntervalSince1970, primary = alias.functionVersion
        let checks = max(.seconds(1), min(.seconds(30), release.bake / 5))
        let end = clock.now.advanced(by: release.bake)
        var nextCheck = clock.now
        while true {
            if stop.isRequested {
                throw EngineError.canaryLeft(version: version, weight: AliasResource.percent(release.weight), environment: spec.environment)
            }
            let left = clock.now < end ? clock.now.duration(to: end) : .zero
            events(.waiting(.alias, name: AliasResource.name, for: "canary \(version) at \(AliasResource.percent(release.weight)) of live to stay error-free, \(Self.text(left)) left"))
            if clock.now >= nextCheck {
                guard try await stillRunning(alias) else { return }
                if let failure = try await failure(version: version, since: started) {
                    try await move(alias, to: primary)
                    throw EngineError.canaryFailed(version: version, live: primary, reason: failure)
                }
                nextCheck = clock.now.advanced(by: checks)
            }
            if clock.now >= end { break }
            try await clock.sleep(until: min(end, clock.now.advanced(by: tick)), tolerance: nil)
        }
        try await move(alias, to: version)
    }

    /// Whether `live` is as the canary left it: `hoist promote`, `hoist rollback` or a deploy from elsewhere end it.
    private func stillRunning(_ alias: AliasConfiguration) async throws -> Bool {
        let now = try await clients.lambda.getAlias(spec.functionName, alias: AliasResource.name, logger: logger)
        return now?.revisionId == alias.revisionId && now?.routingConfig == alias.routingConfig
    }

    /// `live` on `version` alone, if no other command moved it since the canary began.
    private func move(_ alias: AliasConfiguration, to version: String) async throws {
        do {
            let input = UpdateAliasInput(functionVersion: version, revisionId: alias.revisionId)
            _ = try await clients.lambda.updateAlias(spec.functionName, alias: AliasResource.name, input, logger: logger)
        } catch LambdaError.preconditionFailed {
            // Another command ended the canary first: what it did stands.
        }
    }

    /// Why the canary must end, or `nil` while it is healthy.
    func failure(version: String, since: Double) async throws -> String? {
        let function = spec.functionName
        if spec.config.monitoring.enabled, spec.config.monitoring.errorsPercent != nil {
            let name = "\(function)-errors"
            let alarm = try await clients.cloudWatch.describeAlarms(prefix: name, logger: logger).first { $0.alarmName == name }
            guard let alarm, alarm.stateValue == "ALARM" else { return nil }
            return "alarm \(name) is in ALARM" + (alarm.stateReason.map { ": \($0)" } ?? "")
        }
        // From a minute before the canary began: CloudWatch files each datapoint under the start of its minute.
        let now = Date().timeIntervalSince1970
        let results = try await clients.cloudWatch.metricData([Self.errorsQuery(function: function, version: version)], start: since - 60, end: now + 60, logger: logger)
        let errors = results["errors"]?.values.reduce(0, +) ?? 0
        return errors > 0 ? "version \(version) had \(Int(errors)) error\(errors == 1 ? "" : "s") (Lambda's Errors metric)" : nil
    }

    static func text(_ duration: Duration) -> String {
        let seconds = Int(duration.components.seconds)
        return seconds >= 60 ? "\(seconds / 60)m \(seconds % 60)s" : "\(seconds)s"
    }
}
