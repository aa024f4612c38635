import ArgumentParser
import Foundation
import HoistEngine

extension Hoist {
    /// The IAM policy a deploying identity needs, so a CI role need not be an administrator.
    struct Policy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the least-privilege IAM policy the deploying identity needs for this hoist.yml.",
            discussion: """
                Built from what each kind of resource declares its calls need (deploy, update-code, status, logs, invoke, \
                destroy) and what the state backend needs, scoped to this environment's names wherever AWS allows. \
                Asks STS for the account and nothing else. --json prints the policy document itself.

                Example: hoist policy --env prod --json > deployer.json && aws iam put-role-policy --role-name ci --policy-name hoist --policy-document file://deployer.json
                """)
        @OptionGroup var project: ProjectOptions
        @OptionGroup var aws: AWSOptions
        @Flag(help: "Print the policy document (JSON) instead of a line per statement.")
        var json = false

        func run() async throws {
            let context = try ProjectContext(project: project, aws: aws)
            let account = try await explained(context) { try await context.engine.callerAccount() }
            let policy = context.engine.deployerPolicy(account: account)
            if json {
                print(policy.json)
            } else {
                for statement in policy.statements {
                    let condition = statement.condition.map { " when " + $0.flatMap { $0.value.map { "\($0.key) = \($0.value.joined(separator: ", "))" } }.joined(separator: ", ") } ?? ""
                    print("\(statement.sid): \(statement.actions.sorted().joined(separator: ", "))\n  on \(statement.resources.joined(separator: ", "))\(condition)")
                }
            }
        }
    }
}
