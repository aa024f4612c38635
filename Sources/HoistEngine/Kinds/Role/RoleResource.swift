import AWSIAM
import Foundation

/// The function's IAM role: Lambda's trust policy and hoist's inline policies, each on exactly its resources:
/// the table (`dynamodb-access`), the function's own log group (`logs-write`; not the managed
/// AWSLambdaBasicExecutionRole, which writes to every log group of the account), and the parameters `ssm:`
/// references name (`parameter-access`, only while there are some), and X-Ray's segment writes while
/// `tracing` is on (`xray-write`). Nothing else: a policy attached or put on it out of band is drift, and a
/// deploy removes it.
package struct RoleResource: StackResource {
    /// The role as IAM describes it, with its policies as JSON text.
    package struct Observation: Sendable {
        package var role: Role
        /// hoist's `dynamodb-access` inline policy.
        package var tablePolicy: String?
        /// The `parameter-access` inline policy.
        package var parameterPolicy: String?
        /// The `logs-write` inline policy.
        package var logsPolicy: String?
        /// The `xray-write` inline policy, read only while `tracing` wants it (its name alone says it must go).
        package var tracingPolicy: String?
        /// The names of every inline policy, hoist's and any other.
        package var inlinePolicies: [String]
        /// The ARNs of the managed policies attached (hoist attaches none).
        package var attachedPolicies: [String]

        package init(
            role: Role, tablePolicy: String? = nil, parameterPolicy: String? = nil, logsPolicy: String? = nil, tracingPolicy: String? = nil,
            inlinePolicies: [String] = [], attachedPolicies: [String] = []
        ) {
            self.role = role
            self.tablePolicy = tablePolicy
            self.parameterPolicy = parameterPolicy
            self.logsPolicy = logsPolicy
            self.tracingPolicy = tracingPolicy
            self.inlinePolicies = inlinePolicies
            self.attachedPolicies = attachedPolicies
        }
    }

    /// What a plan changes of the role.
    package enum Property: ResourceProperty {
        /// The trust policy: what lets Lambda assume it.
        case trustPolicy
        /// hoist's inline policy on the role (its table access).
        case inlinePolicy
        /// hoist's inline policy for the parameters `ssm:` references name.
        case parameterPolicy
        /// hoist's inline policy for the function's own log group.
        case logsPolicy
        /// hoist's inline policy for X-Ray, there while `tracing` is on.
        case tracingPolicy
        /// Managed policies attached to the role, which hoist does not attach (named in the plan, detached).
        case attachedPolicies([String])
        /// Inline policies hoist did not put (named in the plan, deleted).
        case otherInlinePolicies([String])
        /// hoist.yml's `permissions_boundary` (only when it names one: a boundary an administrator put on the role
        /// is never removed by hoist).
        case permissionsBoundary

        package var description: String {
            switch self {
            case .trustPolicy: "trust policy"
            case .inlinePolicy: StackSpec.inlinePolicyName
            case .parameterPolicy: StackSpec.parameterPolicyName
            case .logsPolicy: StackSpec.logsPolicyName
            case .tracingPolicy: StackSpec.tracingPolicyName
            case .attachedPolicies(let arns): "attached " + arns.map { String($0.split(separator: "/").last ?? "") }.joined(separator: ", ")
            case .otherInlinePolicies(let names): "inline " + names.joined(separator: ", ")
            case .permissionsBoundary: "permissions boundary"
            }
        }
    }

    package init() {}

    package var kind: ResourceKind { .role }
    package var dependencies: [ResourceKind] { [] }
    package func name(_ spec: StackSpec) -> String { spec.roleName }

    /// With a recorded role, its policies are read at once with it; without (a first deploy, most likely), only
    /// once it turns out to exist, rather than asking for the policies of a role that is not there.
    package func observe(_ context: ObserveContext) async throws -> Observation? {
        guard context.scope == .stack else { return nil }
        let (role, policies) = try await read(context, recorded: context.recorded(kind) != nil)
        if let role { try ensureOwned(role.tags, id: role.roleName, context.spec) }
        return role.map {
            Observation(
                role: $0, tablePolicy: policies.table, parameterPolicy: policies.parameters, logsPolicy: policies.logs, tracingPolicy: policies.tracing,
                inlinePolicies: policies.inline, attachedPolicies: policies.attached)
        }
    }

    private typealias Policies = (table: String?, parameters: String?, logs: String?, tracing: String?, inline: [String], attached: [String])

    private func read(_ context: ObserveContext, recorded: Bool) async throws -> (Role?, Policies) {
        let iam = context.clients.iam, spec = context.spec, logger = context.logger
        guard recorded else {
            guard let role = try await iam.getRole(spec.roleName, logger: logger) else { return (nil, (nil, nil, nil, nil, [], [])) }
            return (role, try await readPolicies(context))
        }
        async let role = iam.getRole(spec.roleName, logger: logger)
        async let policies = readPolicies(context)
        guard let role = try await role else { return (nil, (nil, nil, nil, nil, [], [])) }
        return (role, try await policies)
    }

    /// The parameter policy is read even without references: one left from an earlier deploy must go.
    private func readPolicies(_ context: ObserveContext) async throws -> Policies {
        let iam = context.clients.iam, spec = context.spec, logger = context.logger
        async let policy = iam.getRolePolicy(spec.roleName, policyName: StackSpec.inlinePolicyName, logger: logger)
        async let parameters = iam.getRolePolicy(spec.roleName, policyName: StackSpec.parameterPolicyName, logger: logger)
        async let logs = iam.getRolePolicy(spec.roleName, policyName: StackSpec.logsPolicyName, logger: logger)
        async let tracing = spec.config.function.tracing ? iam.getRolePolicy(spec.roleName, policyName: StackSpec.tracingPolicyName, logger: logger) : nil
        async let inline = Self.absentAsEmpty { try await iam.listRolePolicies(spec.roleName, logger: logger) }
        async let attached = Self.absentAsEmpty { try await iam.listAttachedRolePolicies(spec.roleName, logger: logger) }
        return (try await policy, try await parameters, try await logs, try await tracing, try await inline, try await attached)
    }

    /// A role deleted between its read and its policies' has none.
    private static func absentAsEmpty(_ list: () async throws -> [String]) async throws -> [String] {
        do {
            return try await list()
        } catch IAMError.noSuchEntity {
            return []
        }
    }

    package func change(_ observed: ObservedStack, _ context: PlanContext) -> Change {
        let found = observed[self]
        var differences: [PropertyChange] = []
        if let found, !Self.sameJSON(found.role.assumeRolePolicyDocument, StackSpec.trustPolicy) { differences.append(PropertyChange(Property.trustPolicy)) }
        if let found, let boundary = context.spec.config.function.permissionsBoundary, found.role.permissionsBoundary != boundary {
            differences.append(PropertyChange(Property.permissionsBoundary, from: found.role.permissionsBoundary.map(Self.policyName) ?? "none", to: Self.policyName(boundary)))
        }
        if !Self.sameJSON(found?.tablePolicy, context.spec.dynamoPolicy(tableARN: context.arns.table)) { differences.append(PropertyChange(Property.inlinePolicy)) }
        switch (found?.parameterPolicy, context.spec.parameterPolicy(context.arns, metadata: observed.parameters)) {
        case (nil, nil): break
        case (let current?, let wanted?) where Self.sameJSON(current, wanted): break
        default: differences.append(PropertyChange(Property.parameterPolicy))
        }
        if !Self.sameJSON(found?.logsPolicy, context.spec.logsPolicy(context.arns)) { differences.append(PropertyChange(Property.logsPolicy)) }
        let tracingDiffers =
            if let wanted = context.spec.tracingPolicy { !Self.sameJSON(found?.tracingPolicy, wanted) } else {
                found?.inlinePolicies.contains(StackSpec.tracingPolicyName) == true
            }
        if tracingDiffers { differences.append(PropertyChange(Property.tracingPolicy)) }
        if let attached = found?.attachedPolicies, !attached.isEmpty { differences.append(PropertyChange(Property.attachedPolicies(attached))) }
        let others = (found?.inlinePolicies ?? []).filter { !StackSpec.rolePolicyNames.contains($0) }
        if !others.isEmpty { differences.append(PropertyChange(Property.otherInlinePolicies(others))) }
        return change(exists: found != nil, differences)
    }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        observed[self].map { StateFile.ResourceRecord(id: $0.role.roleName, arn: $0.role.arn) }
    }

    /// IAM's role actions on this role alone; `iam:TagRole` because CreateRole carries hoist's tags. No
    /// `iam:AttachRolePolicy`: hoist attaches nothing, and with it the deployer could attach
    /// AdministratorAccess to a role it can pass to Lambda. Detaching stays, to remove what was attached.
    /// With hoist.yml's `permissions_boundary`, creating the role (and setting its boundary) is allowed only with
    /// that boundary (`iam:PermissionsBoundary`), so the deployer cannot make an uncapped role.
    package func permissions(_ arns: StackARNs) -> [PolicyStatement] {
        let manage = [
            "iam:GetRole", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies", "iam:TagRole", "iam:UpdateAssumeRolePolicy",
            "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:DeleteRole",
        ]
        guard let boundary = arns.spec.config.function.permissionsBoundary else { return [statement(manage + ["iam:CreateRole"], on: [arns.role])] }
        return [
            statement(manage, on: [arns.role]),
            PolicyStatement(
                sid: "CreateRoleWithBoundary", actions: ["iam:CreateRole", "iam:PutRolePermissionsBoundary"], resources: [arns.role],
                condition: ["StringEquals": ["iam:PermissionsBoundary": [boundary]]]),
        ]
    }

    /// The role exists for Lambda once it has its trust policy; its permission policies are set meanwhile.
    package func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
        let iam = context.clients.iam, spec = context.spec, logger = context.logger
        if change == .create {
            let input = CreateRoleInput(
                roleName: spec.roleName, assumeRolePolicyDocument: StackSpec.trustPolicy, description: "hoist: \(spec.functionName)", tags: spec.tags,
                permissionsBoundary: spec.config.function.permissionsBoundary)
            _ = try await CreateOnce.run {
                try await iam.createRole(input, logger: logger)
            } find: {
                try await iam.getRole(spec.roleName, logger: logger).flatMap { Self.sameJSON($0.assumeRolePolicyDocument, StackSpec.trustPolicy) ? $0 : nil }
            } alreadyExists: {
                if case IAMError.entityAlreadyExists = $0 { true } else { false }
            }
            try await context.recorder.record(kind, id: spec.roleName, arn: context.arns.role)
        } else if case .update(let properties) = change {
            if properties.contains(Property.trustPolicy) { try await iam.updateAssumeRolePolicy(spec.roleName, policyDocument: StackSpec.trustPolicy, logger: logger) }
            if properties.contains(Property.permissionsBoundary), let boundary = spec.config.function.permissionsBoundary {
                try await iam.putRolePermissionsBoundary(spec.roleName, boundary: boundary, logger: logger)
            }
        }
        return .exists { try await setPolicies(change, context) }
    }

    /// The permission policies that differ, all at once.
    private func setPolicies<C>(_ change: Change, _ context: ApplyContext<C>) async throws {
        let iam = context.clients.iam, spec = context.spec, logger = context.logger, tableARN = context.arns.table
        let parameterPolicy = spec.parameterPolicy(context.arns, metadata: context.observed.parameters)
        let logsPolicy = spec.logsPolicy(context.arns)
        let differences: [PropertyChange] =
            switch change {
            case .create:
                [PropertyChange(Property.inlinePolicy), PropertyChange(Property.logsPolicy)] + (parameterPolicy == nil ? [] : [PropertyChange(Property.parameterPolicy)])
                    + (spec.tracingPolicy == nil ? [] : [PropertyChange(Property.tracingPolicy)])
            case .update(let properties): properties
            case .replace, .delete, .none: []
            }
        try await withThrowingTaskGroup(of: Void.self) { group in
            if differences.contains(Property.inlinePolicy) {
                group.addTask {
                    try await iam.putRolePolicy(spec.roleName, policyName: StackSpec.inlinePolicyName, policyDocument: spec.dynamoPolicy(tableARN: tableARN), logger: logger)
                }
            }
            if differences.contains(Property.parameterPolicy) {
                group.addTask {
                    if let parameterPolicy {
                        try await iam.putRolePolicy(spec.roleName, policyName: StackSpec.parameterPolicyName, policyDocument: parameterPolicy, logger: logger)
                    } else {
                        try await iam.deleteRolePolicy(spec.roleName, policyName: StackSpec.parameterPolicyName, logger: logger)
                    }
                }
            }
            if differences.contains(Property.logsPolicy) {
                group.addTask { try await iam.putRolePolicy(spec.roleName, policyName: StackSpec.logsPolicyName, policyDocument: logsPolicy, logger: logger) }
            }
            if differences.contains(Property.tracingPolicy) {
                group.addTask {
                    if let tracingPolicy = spec.tracingPolicy {
                        try await iam.putRolePolicy(spec.roleName, policyName: StackSpec.tracingPolicyName, policyDocument: tracingPolicy, logger: logger)
                    } else {
                        try await iam.deleteRolePolicy(spec.roleName, policyName: StackSpec.tracingPolicyName, logger: logger)
                    }
                }
            }
            for difference in differences {
                switch difference.property as? Property {
                case .attachedPolicies(let arns):
                    for arn in arns { group.addTask { try await iam.detachRolePolicy(spec.roleName, policyArn: arn, logger: logger) } }
                case .otherInlinePolicies(let names):
                    for name in names { group.addTask { try await iam.deleteRolePolicy(spec.roleName, policyName: name, logger: logger) } }
                default:
                    break
                }
            }
            try await group.waitForAll()
        }
    }

    /// IAM deletes a role only without policies: the attached ones are detached, the inline ones deleted.
    package func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        let iam = context.clients.iam, spec = context.spec, logger = context.logger
        try await ignoringAbsence({ if case IAMError.noSuchEntity = $0 { true } else { false } }) {
            for policy in observed[self]?.attachedPolicies ?? [] {
                try await iam.detachRolePolicy(spec.roleName, policyArn: policy, logger: logger)
            }
            for policy in try await iam.listRolePolicies(spec.roleName, logger: logger) {
                try await iam.deleteRolePolicy(spec.roleName, policyName: policy, logger: logger)
            }
            try await iam.deleteRole(spec.roleName, logger: logger)
        }
    }

    /// A policy ARN's last part, as plans print it.
    private static func policyName(_ arn: String) -> String { String(arn.split(separator: "/").last ?? Substring(arn)) }

    /// Policies compare as JSON values: AWS may reorder keys or change spacing.
    static func sameJSON(_ lhs: String?, _ rhs: String) -> Bool {
        guard let lhs, let left = try? JSONSerialization.jsonObject(with: Data(lhs.utf8)) as? NSObject,
            let right = try? JSONSerialization.jsonObject(with: Data(rhs.utf8)) as? NSObject
        else { return false }
        return left.isEqual(right)
    }
}

extension ResourceKind {
    package static let role = ResourceKind("role")
}

extension StackSpec {
    /// `<function>-role`, as in the seed.
    package var roleName: String { "\(functionName)-role" }
    package static let inlinePolicyName = "dynamodb-access"
    package static let logsPolicyName = "logs-write"
    /// The inline policies hoist puts; any other on the role is drift.
    package static let tracingPolicyName = "xray-write"
    package static var rolePolicyNames: [String] { [inlinePolicyName, logsPolicyName, parameterPolicyName, tracingPolicyName] }

    /// `xray-write`, while `tracing` is on: what Lambda's X-Ray daemon sends the function's segments with (the
    /// actions of AWS's AWSXRayDaemonWriteAccess that Lambda uses). X-Ray has no resource-level permissions for
    /// them (docs.aws.amazon.com/xray/latest/devguide/security_iam_service-with-iam.html), hence `*`.
    package var tracingPolicy: String? {
        guard config.function.tracing else { return nil }
        return #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["xray:PutTraceSegments","xray:PutTelemetryRecords"],"Resource":"*"}]}"#
    }

    /// `logs-write`: what the function's runtime needs to write its log, on its own log group only (the group
    /// is hoist's, so no CreateLogGroup), its ARN in the region's partition.
    package func logsPolicy(_ arns: StackARNs) -> String {
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"\#(arns.logGroup(functionLogGroup)):*"}]}"#
    }
    package static let trustPolicy =
        #"{"Version":"2012-10-17","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"}}]}"#

    /// The seed's `dynamodb-access` policy: exactly its six actions, on the table and its indexes.
    package func dynamoPolicy(tableARN: String) -> String {
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:PutItem","dynamodb:UpdateItem","dynamodb:DeleteItem","dynamodb:Query","dynamodb:Scan"],"Resource":["\#(tableARN)","\#(tableARN)/index/*"]}]}"#
    }
}

extension StackARNs {
    package var role: String { "arn:\(partition):iam::\(account):role/\(spec.roleName)" }
}
