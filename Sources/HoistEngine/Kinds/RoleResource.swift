import AWSIAM
import Foundation

/// The function's IAM role: Lambda's trust policy, hoist's inline table policy, the inline policy for the
/// parameters `ssm:` references name (only while there are some), and the managed logging policy.
package struct RoleResource: StackResource {
    package var kind: ResourceKind { .role }
    package var dependencies: [ResourceKind] { [] }
    package func name(_ spec: StackSpec) -> String { spec.roleName }

    /// With a recorded role, its policies are read at once with it; without (a first deploy, most likely), only
    /// once it turns out to exist, rather than asking for the policies of a role that is not there.
    package func observe(_ context: ObserveContext) async throws -> ObservedStack.Finding {
        let (role, policies) = try await read(context, recorded: context.recorded(kind) != nil)
        return {
            $0.role = role
            $0.rolePolicy = policies.table
            $0.parameterPolicy = policies.parameters
            $0.attachedPolicies = policies.attached
        }
    }

    private typealias Policies = (table: String?, parameters: String?, attached: [String])

    private func read(_ context: ObserveContext, recorded: Bool) async throws -> (Role?, Policies) {
        let iam = context.clients.iam, spec = context.spec, logger = context.logger
        guard recorded else {
            guard let role = try await iam.getRole(spec.roleName, logger: logger) else { return (nil, (nil, nil, [])) }
            return (role, try await readPolicies(context))
        }
        async let role = iam.getRole(spec.roleName, logger: logger)
        async let policies = readPolicies(context)
        guard let role = try await role else { return (nil, (nil, nil, [])) }
        return (role, try await policies)
    }

    /// The parameter policy is read even without references: one left from an earlier deploy must go.
    private func readPolicies(_ context: ObserveContext) async throws -> Policies {
        let iam = context.clients.iam, spec = context.spec, logger = context.logger
        async let policy = iam.getRolePolicy(spec.roleName, policyName: StackSpec.inlinePolicyName, logger: logger)
        async let parameters = iam.getRolePolicy(spec.roleName, policyName: StackSpec.parameterPolicyName, logger: logger)
        async let attached = { () async throws -> [String] in
            do {
                return try await iam.listAttachedRolePolicies(spec.roleName, logger: logger)
            } catch IAMError.noSuchEntity {
                return []
            }
        }()
        return (try await policy, try await parameters, try await attached)
    }

    package func change(_ observed: ObservedStack, _ context: PlanContext) -> Change {
        var differences: [PropertyChange] = []
        if let role = observed.role, !Self.sameJSON(role.assumeRolePolicyDocument, StackSpec.trustPolicy) { differences.append(PropertyChange(.trustPolicy)) }
        if !Self.sameJSON(observed.rolePolicy, context.spec.dynamoPolicy(tableARN: context.arns.table)) { differences.append(PropertyChange(.inlinePolicy)) }
        switch (observed.parameterPolicy, context.spec.parameterPolicy(context.arns, metadata: observed.parameters)) {
        case (nil, nil): break
        case (let current?, let wanted?) where Self.sameJSON(current, wanted): break
        default: differences.append(PropertyChange(.parameterPolicy))
        }
        if !observed.attachedPolicies.contains(StackSpec.basicExecutionPolicy) { differences.append(PropertyChange(.basicExecutionPolicy)) }
        return change(exists: observed.role != nil, differences)
    }

    package func isPresent(_ observed: ObservedStack) -> Bool { observed.role != nil }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        observed.role.map { StateFile.ResourceRecord(id: $0.roleName, arn: $0.arn) }
    }

    /// The role exists for Lambda once it has its trust policy; its permission policies are set meanwhile.
    package func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
        let iam = context.clients.iam, spec = context.spec, logger = context.logger
        if change == .create {
            let input = CreateRoleInput(roleName: spec.roleName, assumeRolePolicyDocument: StackSpec.trustPolicy, description: "hoist: \(spec.functionName)", tags: spec.tags)
            _ = try await CreateOnce.run {
                try await iam.createRole(input, logger: logger)
            } find: {
                try await iam.getRole(spec.roleName, logger: logger).flatMap { Self.sameJSON($0.assumeRolePolicyDocument, StackSpec.trustPolicy) ? $0 : nil }
            } alreadyExists: {
                if case IAMError.entityAlreadyExists = $0 { true } else { false }
            }
            try await context.recorder.record(kind, id: spec.roleName, arn: context.arns.role)
        } else if case .update(let properties) = change, properties.contains(.trustPolicy) {
            try await iam.updateAssumeRolePolicy(spec.roleName, policyDocument: StackSpec.trustPolicy, logger: logger)
        }
        return .exists { try await setPolicies(change, context) }
    }

    /// The permission policies that differ, all at once.
    private func setPolicies<C>(_ change: Change, _ context: ApplyContext<C>) async throws {
        let iam = context.clients.iam, spec = context.spec, logger = context.logger, tableARN = context.arns.table
        let parameterPolicy = spec.parameterPolicy(context.arns, metadata: context.observed.parameters)
        let differences: [PropertyChange] =
            switch change {
            case .create: [PropertyChange(.inlinePolicy), PropertyChange(.basicExecutionPolicy)] + (parameterPolicy == nil ? [] : [PropertyChange(.parameterPolicy)])
            case .update(let properties): properties
            case .replace, .delete, .none: []
            }
        try await withThrowingTaskGroup(of: Void.self) { group in
            if differences.contains(.inlinePolicy) {
                group.addTask {
                    try await iam.putRolePolicy(spec.roleName, policyName: StackSpec.inlinePolicyName, policyDocument: spec.dynamoPolicy(tableARN: tableARN), logger: logger)
                }
            }
            if differences.contains(.parameterPolicy) {
                group.addTask {
                    if let parameterPolicy {
                        try await iam.putRolePolicy(spec.roleName, policyName: StackSpec.parameterPolicyName, policyDocument: parameterPolicy, logger: logger)
                    } else {
                        try await iam.deleteRolePolicy(spec.roleName, policyName: StackSpec.parameterPolicyName, logger: logger)
                    }
                }
            }
            if differences.contains(.basicExecutionPolicy) {
                group.addTask { try await iam.attachRolePolicy(spec.roleName, policyArn: StackSpec.basicExecutionPolicy, logger: logger) }
            }
            try await group.waitForAll()
        }
    }

    /// IAM deletes a role only without policies: the attached ones are detached, the inline ones deleted.
    package func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        let iam = context.clients.iam, spec = context.spec, logger = context.logger
        do {
            for policy in observed.attachedPolicies {
                try await iam.detachRolePolicy(spec.roleName, policyArn: policy, logger: logger)
            }
            for policy in try await iam.listRolePolicies(spec.roleName, logger: logger) {
                try await iam.deleteRolePolicy(spec.roleName, policyName: policy, logger: logger)
            }
            try await iam.deleteRole(spec.roleName, logger: logger)
        } catch IAMError.noSuchEntity {
            // Already gone: that is what destroy wants.
        }
    }

    /// Policies compare as JSON values: AWS may reorder keys or change spacing.
    static func sameJSON(_ lhs: String?, _ rhs: String) -> Bool {
        guard let lhs, let left = try? JSONSerialization.jsonObject(with: Data(lhs.utf8)) as? NSObject,
            let right = try? JSONSerialization.jsonObject(with: Data(rhs.utf8)) as? NSObject
        else { return false }
        return left.isEqual(right)
    }
}
