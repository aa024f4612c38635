import Foundation

/// An IAM policy statement the deploying identity needs: what a kind declares its calls need
/// (`StackResource.permissions`), gathered into one least-privilege policy by `Engine.deployerPolicy`.
package struct PolicyStatement: Sendable, Equatable {
    /// Names the statement in the policy: letters and digits only, as IAM requires of a `Sid`.
    package var sid: String
    package var actions: [String]
    package var resources: [String]
    /// `Condition` operator → key → values, such as `StringEquals` → `iam:PassedToService` → `[lambda.amazonaws.com]`.
    package var condition: [String: [String: [String]]]?

    package init(sid: String, actions: [String], resources: [String], condition: [String: [String: [String]]]? = nil) {
        self.sid = sid
        self.actions = actions
        self.resources = resources
        self.condition = condition
    }

    /// The statement as IAM's JSON has it.
    var document: [String: Any] {
        var statement: [String: Any] = ["Sid": sid, "Effect": "Allow", "Action": actions.sorted(), "Resource": resources]
        if let condition { statement["Condition"] = condition }
        return statement
    }
}

/// The policy a deploying identity needs for one environment: every statement, in registry order.
package struct DeployerPolicy: Sendable, Equatable {
    package var statements: [PolicyStatement]

    /// Every action, each once, sorted: for a look at what the identity may do.
    package var actions: [String] { Array(Set(statements.flatMap(\.actions))).sorted() }

    /// The policy document, as `aws iam put-user-policy --policy-document` takes it.
    package var json: String {
        let document: [String: Any] = ["Version": "2012-10-17", "Statement": statements.map(\.document)]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
