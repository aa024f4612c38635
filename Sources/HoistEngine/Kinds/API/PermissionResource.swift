import AWSAPIGatewayV2
import AWSLambda
import Foundation

/// The statement in the function's resource policy that lets API Gateway invoke it for this API.
package struct PermissionResource: StackResource {
    /// The function's resource policy as JSON text, which holds the statement.
    package typealias Observation = String

    package init() {}

    package var kind: ResourceKind { .permission }
    package var dependencies: [ResourceKind] { [.function, .api] }
    package func name(_ spec: StackSpec) -> String { StackSpec.permissionStatementID }

    /// Its slice of the function's read: the policy holding it comes with the function's configuration.
    package func observe(_ context: ObserveContext) async throws -> String? {
        guard context.scope == .stack else { return nil }
        return try await context.observation(of: FunctionResource())?.policy
    }

    package func change(_ observed: ObservedStack, _ context: PlanContext) -> Change {
        let granted = observed[APIResource()].map { Self.grants(observed[self], sourceARN: context.arns.executeAPI($0.api.apiId)) } ?? false
        return granted ? .none : .create
    }

    package func isPresent(_ observed: ObservedStack) -> Bool { observed[self]?.contains(StackSpec.permissionStatementID) == true }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        StateFile.ResourceRecord(id: StackSpec.permissionStatementID)
    }

    /// Adding and removing the statement, on the function alone.
    package func permissions(_ arns: StackARNs) -> [PolicyStatement] {
        [statement(["lambda:AddPermission", "lambda:RemovePermission"], on: [arns.function])]
    }

    package func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
        let lambda = context.clients.lambda, spec = context.spec, logger = context.logger
        guard let apiID = await context.learned[.api]?.id else { throw EngineError.missingDependency(kind, needs: .api) }
        // A statement with hoist's id but another source must go first; with none, there is nothing to remove.
        if isPresent(context.observed) {
            do {
                try await lambda.removePermission(spec.functionName, statementId: StackSpec.permissionStatementID, logger: logger)
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
                _ = try await lambda.addPermission(spec.functionName, input, logger: logger)
            } find: {
                Self.grants(try await lambda.getPolicy(spec.functionName, logger: logger)?.policy, sourceARN: sourceARN) ? () : nil
            } alreadyExists: {
                if case LambdaError.resourceConflict = $0 { true } else { false }
            }
        }
        try await context.recorder.record(kind, id: StackSpec.permissionStatementID, arn: nil)
        return .usable
    }

    /// Lambda refuses (409) while the function is Pending or being updated: wait, then remove.
    package func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        let lambda = context.clients.lambda, spec = context.spec, logger = context.logger
        try await ignoringAbsence({ if case LambdaError.resourceNotFound = $0 { true } else { false } }) {
            _ = try await context.waiter.wait(for: "function \(spec.functionName) to accept the change", waiting: context.reporting(self)) { () async throws -> Bool? in
                do {
                    try await lambda.removePermission(spec.functionName, statementId: StackSpec.permissionStatementID, logger: logger)
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
