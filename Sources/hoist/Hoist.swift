import ArgumentParser

/// The root command only lists what hoist can do; each subcommand lives in its own file.
struct Hoist: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hoist",
        abstract: "Deploy a serverless REST API (API Gateway HTTP API -> Lambda -> DynamoDB) to AWS, without CloudFormation.",
        version: "0.1.0",
        subcommands: [Init.self, Plan.self, Deploy.self, UpdateCode.self, Destroy.self, Outputs.self, Local.self, Package.self, Whoami.self, Debug.self]
    )
}
