import AWSTransport

/// The ARNs of a stack's resources, derived from names, account and region as AWS forms them, so plans can
/// be made before the resources exist.
package struct StackARNs: Sendable, Equatable {
    package var spec: StackSpec
    package var account: String

    package init(spec: StackSpec, account: String) {
        self.spec = spec
        self.account = account
    }

    package var partition: String { EndpointResolver.partition(of: spec.region).name }
    package var role: String { "arn:\(partition):iam::\(account):role/\(spec.roleName)" }
    package var table: String { "arn:\(partition):dynamodb:\(spec.region):\(account):table/\(spec.tableName)" }
    package var function: String { "arn:\(partition):lambda:\(spec.region):\(account):function:\(spec.functionName)" }
    package func logGroup(_ name: String) -> String { "arn:\(partition):logs:\(spec.region):\(account):log-group:\(name)" }
    package func api(_ apiID: String) -> String { "arn:\(partition):apigateway:\(spec.region)::/apis/\(apiID)" }
    /// What API Gateway may invoke the function for: any stage, any route of this API.
    package func executeAPI(_ apiID: String) -> String { "arn:\(partition):execute-api:\(spec.region):\(account):\(apiID)/*/*" }
}
