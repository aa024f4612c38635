import AWSAPIGatewayV2
import AWSDynamoDB
import AWSIAM
import AWSLambda
import AWSLogs
import AWSSSM

/// What exists in AWS for one environment, read before planning: the planner compares it with the spec.
/// Each kind of resource writes what it found (`StackResource.observe`): the standard kinds in the fields
/// below, others in `others` under their kind.
package struct ObservedStack: Sendable {
    /// What one kind's observation adds to the stack.
    package typealias Finding = @Sendable (inout ObservedStack) -> Void

    package var account: String
    package var role: Role?
    package var rolePolicy: String?
    /// The role's `parameter-access` policy, as JSON text.
    package var parameterPolicy: String?
    package var attachedPolicies: [String] = []
    package var table: TableDescription?
    package var functionLogGroup: LogGroup?
    package var apiLogGroup: LogGroup?
    package var function: FunctionConfiguration?
    package var api: Api?
    package var integration: Integration?
    package var route: Route?
    package var stage: Stage?
    /// The resource policy of the function, as JSON text.
    package var functionPolicy: String?
    /// The table of this name is being deleted: it counts as absent, and a create must wait until it is gone.
    package var tableDeleting = false
    /// What hoist made for this environment that the stack does not use: a second API of its name and tags,
    /// an integration no route of the API targets, a second `$default` route (each left by a create whose
    /// answer was lost, or by a crash between a create and its record).
    package var orphans: [Orphan] = []
    /// The parameters `ssm:` references name, as Parameter Store describes them (values never read); a name
    /// missing here does not exist.
    package var parameters: [ParameterMetadata] = []
    /// What kinds beyond the standard stack found, each under its kind.
    package var others: [ResourceKind: any Sendable] = [:]

    package init(account: String) { self.account = account }
}
