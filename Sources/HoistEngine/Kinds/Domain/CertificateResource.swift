import AWSACM
import Foundation

/// The custom domain's certificate: ACM, DNS-validated, in the API's region, tagged as the environment's. An
/// ISSUED (or pending) certificate of hoist's for the exact name is found and reused, so a run killed while it
/// waited requests no second one.
package struct CertificateResource: StackResource {
    package typealias Observation = CertificateDetail

    package init() {}

    package var kind: ResourceKind { .certificate }
    package var dependencies: [ResourceKind] { [] }
    package func name(_ spec: StackSpec) -> String { spec.config.api.domain?.name ?? "certificate" }
    package func isWanted(_ spec: StackSpec) -> Bool { spec.config.api.domain != nil }

    /// The recorded certificate; else, with a domain asked for, one of hoist's for the name among the account's.
    package func observe(_ context: ObserveContext) async throws -> CertificateDetail? {
        guard context.scope == .stack else { return nil }
        let acm = context.clients.acm, logger = context.logger, spec = context.spec
        if let arn = context.recorded(kind)?.arn, let found = try await acm.describeCertificate(arn, logger: logger) {
            try ensureOwned(try await acm.tags(of: arn, logger: logger), id: arn, spec)
            return found
        }
        guard let name = spec.config.api.domain?.name else { return nil }
        for summary in try await acm.listCertificates(logger: logger) where summary.domainName?.lowercased() == name {
            guard spec.owns(try await acm.tags(of: summary.certificateArn, logger: logger)) else { continue }
            return try await acm.describeCertificate(summary.certificateArn, logger: logger)
        }
        return nil
    }

    /// A certificate that can no longer be issued (its validation timed out, it expired or was revoked) is
    /// requested again. One waiting for validation is the validation record's to wait for.
    package func change(_ observed: ObservedStack, _ context: PlanContext) -> Change {
        guard let found = observed[self] else { return .create }
        return ["PENDING_VALIDATION", "ISSUED"].contains(found.status ?? "") ? .none : .create
    }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        observed[self].map { StateFile.ResourceRecord(id: $0.domainName ?? "", arn: $0.certificateArn) }
    }

    package func learned(_ observed: ObservedStack) -> LearnedID? { observed[self].map { LearnedID(id: $0.certificateArn) } }

    /// Requested: the validation record (which then waits for ISSUED) can be made.
    package func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
        guard let domain = context.spec.config.api.domain else { return .usable }
        let arn = try await context.clients.acm.requestCertificate(
            domain: domain.name, idempotencyToken: Self.idempotencyToken(), tags: context.spec.tags, logger: context.logger)
        try await context.recorder.record(kind, id: domain.name, arn: arn)
        await context.learned.set(kind, LearnedID(id: arn))
        return .usable
    }

    package func orphans(_ observed: ObservedStack, _ context: PlanContext) -> [Orphan] { domainOrphans(observed, context) }
    package func deleteOrphan<C>(_ orphan: Orphan, _ context: ApplyContext<C>) async throws { try await delete(context.observed, context) }

    /// Kept with `keep_certificate: true`. A domain name just deleted may hold it for a moment (ResourceInUse).
    package func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        guard let found = observed[self], context.spec.config.api.domain?.keepCertificate != true else { return }
        let acm = context.clients.acm, logger = context.logger
        try await ignoringAbsence({ if case ACMError.resourceNotFound = $0 { true } else { false } }) {
            _ = try await context.waiter.wait(for: "certificate \(found.certificateArn) to be released", waiting: context.reporting(self)) { () async throws -> Bool? in
                do {
                    try await acm.deleteCertificate(found.certificateArn, logger: logger)
                    return true
                } catch ACMError.resourceInUse {
                    return nil
                }
            }
        }
    }

    /// Its state and expiry, for `status`.
    package func attention(_ observed: ObservedStack, _ spec: StackSpec) -> [Attention] {
        guard let found = observed[self] else { return [] }
        let expiry = found.notAfter.map { ", expires " + ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: $0)).prefix(10) } ?? ""
        return [Attention("certificate \(found.domainName ?? ""): \(found.status ?? "?")\(expiry)", firing: false)]
    }

    /// Requesting is allowed on `*` only (its ARN is made by the request); the rest on the region's certificates.
    package func permissions(_ arns: StackARNs) -> [PolicyStatement] {
        guard arns.spec.config.api.domain != nil else { return [] }
        return [
            statement(["acm:RequestCertificate", "acm:ListCertificates", "acm:AddTagsToCertificate"], on: ["*"]),
            PolicyStatement(
                sid: "CertificateRead", actions: ["acm:DescribeCertificate", "acm:ListTagsForCertificate", "acm:DeleteCertificate"],
                resources: ["arn:\(arns.partition):acm:\(arns.spec.region):\(arns.account):certificate/*"]),
        ]
    }

    /// ACM's idempotency token (`\w{1,32}`): the request sent again after a lost answer (the transport's retry
    /// of the same bytes) gives one certificate. It is new for each request made: ACM ties a token to the
    /// certificate it made for an hour (RequestCertificate's IdempotencyToken), so a fixed one would, after a
    /// destroy and a deploy within that hour, ask for the certificate just deleted (moto then answers 500). A
    /// run killed before it recorded its certificate finds it by its tags.
    static func idempotencyToken() -> String {
        "hoist" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
    }
}

extension ResourceKind {
    package static let certificate = ResourceKind("certificate")
}
