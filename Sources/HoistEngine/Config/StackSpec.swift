import Foundation

/// Everything one environment of the project should be, with every name derived, so the planner compares
/// values and never builds strings.
package struct StackSpec: Sendable, Equatable {
    package var project: String
    package var environment: String
    package var region: String
    package var config: HoistConfig

    package init(config: HoistConfig, environment: String, region: String) {
        self.project = config.projectName
        self.environment = environment
        self.region = region
        self.config = config
    }

    /// `<project>-<env>`: the function's name and the stem of every other name, as in the seed.
    package var functionName: String { "\(project)-\(environment)" }
    package var roleName: String { "\(functionName)-role" }
    package var apiName: String { "\(functionName)-api" }
    package var tableName: String { "\(functionName)-table" }
    package var functionLogGroup: String { "/aws/lambda/\(functionName)" }
    package var apiLogGroup: String { "/aws/apigateway/\(functionName)" }
    package static let inlinePolicyName = "dynamodb-access"
    package static let basicExecutionPolicy = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
    package static let permissionStatementID = "AllowAPIGateway"

    /// Tags on everything taggable, so a lost state file can be rebuilt from what AWS holds.
    package var tags: [String: String] { ["hoist:project": project, "hoist:env": environment] }

    package static let trustPolicy =
        #"{"Version":"2012-10-17","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"}}]}"#

    /// The seed's `dynamodb-access` policy: exactly its six actions, on the table and its indexes.
    package func dynamoPolicy(tableARN: String) -> String {
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:PutItem","dynamodb:UpdateItem","dynamodb:DeleteItem","dynamodb:Query","dynamodb:Scan"],"Resource":["\#(tableARN)","\#(tableARN)/index/*"]}]}"#
    }

    /// The seed's access-log format: one JSON object per request.
    package static let accessLogFormat =
        #"{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","routeKey":"$context.routeKey","status":"$context.status","responseLength":"$context.responseLength"}"#

    /// Names AWS would refuse, found before any call: IAM role names stop at 64 characters, API names at 128.
    package func validate() throws(ConfigError) {
        if roleName.count > 64 {
            throw ConfigError(file: "hoist.yml", line: 1, column: 1, message: "role name '\(roleName)' is over IAM's 64 characters; shorten project_name or the environment name")
        }
    }
}
