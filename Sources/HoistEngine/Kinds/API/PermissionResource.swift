import AWSAPIGatewayV2
import AWSLambda
import Foundation

/// The statement in alias `live`'s resource policy that lets API Gateway invoke it for this API. A permission on
/// the unqualified function does not cover `live`: each version and alias has a policy of its own.
package struct PermissionResource: StackResource {
    /// `live`'s resource policy as JSON text, which holds the statement.
    package typealias Observation = String

    package init() {}

    package var kind: ResourceKind { .permission }
    package var dependencies: [ResourceKind] { [.alias, .api] }
    /// The statement is granted on the alias as soon as it exists, while its provisioned concurrency is allocated.
    package var needsOnlyExistence: Set<ResourceKind> { [.alias] }
    package func name(_ spec: StackSpec) -> String { StackSpec.permissionStatementID }

    /// Its slice of the alias's read, which reads `live`'s policy.
    package func observe(_ context: ObserveContext) async throws -> String? {
        guard context.scope == .stack else { return nil }
        return try await context.observation(of: AliasResource())?.policy
    }

    package func change(_ observed: ObservedStack, _ context: PlanContext) -> Change {
        let granted = observed[APIResource()].map { Self.grants(observed[self], sourceARN: context.arns.executeAPI($0.api.apiId)) } ?? false
        return granted ? .none : .create
    }

    package func isPresent(_ observed: ObservedStack) -> Bool { observed[self]?.contains(StackSpec.permissionStatementID) == true }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        StateFile.ResourceRecord(id: StackSpec.permissionStatementID)
    }

    /// Adding and removing the statement, on `live` (and, for a stack deployed before aliases, the function).
    package func permissions(_ arns: StackARNs) -> [PolicyStatement] {
        [statement(["lambda:AddPermission", "lambda:RemovePermission"], on: [arns.function, arns.liveAlias])]
    }

    /// The statement hoist granted on the unqualified function before the API invoked `live`: once the
    /// integration targets `live`, it grants what nothing uses.
    package func orphans(_ observed: ObservedStack, _ context: PlanContext) -> [Orphan] {
        guard observed[FunctionResource()]?.policy?.contains(StackSpec.permissionStatementID) == true else { return [] }
        let function = context.spec.functionName
        return [Orphan(kind: kind, id: function, ownerID: function, name: StackSpec.permissionStatementID)]
    }

    package func deleteOrphan<C>(_ orphan: Orphan, _ context: ApplyContext<C>) async throws {
        try await remove(qualifier: nil, context)
    }

    package func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
        let lambda = context.clients.lambda, spec = context.spec, logger = context.logger
        guard let apiID = await context.learned[.api]?.id else { throw EngineError.missingDependency(kind, needs: .api) }
        // A statement with hoist's id but another source must go first; with none, there is nothing to remove.
        if isPresent(context.observed) {
            do {
                try await lambda.removePermission(spec.functionName, qualifier: AliasResource.name, statementId: StackSpec.permissionStatementID, logger: logger)
            } catch LambdaError.resourceNotFound {
                // Removed meanwhile: nothing to replace.
            }
        }
        let sourceARN = context.arns.executeAPI(apiID)
        let input = AddPermissionInput(
            statementId: StackSpec.permissionStatementID, action: "lambda:InvokeFunction", principal: "apigateway.amazonaws.com", sourceArn: sourceARN)
        // A 409 is either the statement hoist's lost attempt added (then it is done) or the function being
        // busy (then the add waits for it to be ready, as any change does).
        _ = try await FunctionResource.whenReady(self, context) {
            try await CreateOnce.run {
                _ = try await lambda.addPermission(spec.functionName, qualifier: AliasResource.name, input, logger: logger)
            } find: {
                Self.grants(try await lambda.getPolicy(spec.functionName, qualifier: AliasResource.name, logger: logger)?.policy, sourceARN: sourceARN) ? () : nil
            } alreadyExists: {
                if case LambdaError.resourceConflict = $0 { true } else { false }
            }
        }
        try await context.recorder.record(kind, id: StackSpec.permissionStatementID, arn: nil)
        return .usable
    }

    package func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        try await remove(qualifier: AliasResource.name, context)
    }

    /// Removes hoist's statement from `qualifier`'s policy (the function's own for `nil`). Lambda refuses (409)
    /// while the function is Pending or being updated: wait, then remove.
    private func remove<C>(qualifier: String?, _ context: ApplyContext<C>) async throws {
        let lambda = context.clients.lambda, spec = context.spec, logger = context.logger
        try await ignoringAbsence({ if case LambdaError.resourceNotFound = $0 { true } else { false } }) {
            _ = try await context.waiter.wait(for: "function \(spec.functionName) to accept the change", waiting: context.reporting(self)) { () async throws -> Bool? in
                do {
                    try await lambda.removePermission(spec.functionName, qualifier: qualifier, statementId: StackSpec.permissionStatementID, logger: logger)
                    return true
                } catch LambdaError.resourceConflict {
                    return nil
                }
            }
        }
    }

    /// Whether the function's policy lets API Gateway invoke it for `sourceARN` under hoist's statement id.
    static func grants(_ policy: String?, sourceARN: String) -> Bool {
        guard let policy, let document = try? JSONSerialization.jsonObject(with: Data(policy.utf8)) as? [String: Any],
            let statements = document["Statement"] as? [[String: Any]]
        else { return false }
        return statements.contains { statement in
            guard statement["Sid"] as? String == StackSpec.permissionStatementID else { return false }
            let condition = statement["Condition"] as? [String: Any]
            let like = condition?["ArnLike"] as? [String: Any]
            return like?["AWS:SourceArn"] as? String == sourceARN
        }
    }
}

extension ResourceKind {
    package static let permission = ResourceKind("permission")
}

extension StackSpec {
    package static let permissionStatementID = "AllowAPIGateway"
}
