import ArgumentParser

/// The root command only lists what hoist can do; each subcommand lives in its own file.
struct Hoist: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hoist",
        abstract: "Deploy a serverless REST API (API Gateway HTTP API -> Lambda -> DynamoDB) to AWS, without CloudFormation.",
        discussion: """
            The function is a Swift package: hoist.yml's aws_lambda config names its folder (path) and executable \
            product, which is built static and zipped as bootstrap. `hoist init` in an empty folder writes one that \
            deploys as it is; its handler conforms to APIHandler from hoist's HoistRuntime library.
            """,
        version: "0.1.0",
        subcommands: [Init.self, Plan.self, Deploy.self, UpdateCode.self, Destroy.self, Outputs.self, Logs.self, Metrics.self, Cost.self, Invoke.self, Curl.self, Status.self, Versions.self, Rollback.self, Promote.self, State.self, Policy.self, Local.self, Dev.self, Package.self, Whoami.self, Debug.self]
    )
}
