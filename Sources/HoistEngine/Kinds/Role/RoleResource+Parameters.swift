import AWSSSM
import Foundation

/// `ssm:` references: environment values that name a Parameter Store parameter instead of holding a secret.
/// Lambda's configuration keeps the reference; the function reads the value at cold start with its role, which
/// may read exactly those parameters.
extension StackSpec {
    /// What marks an environment value as a reference: `ssm:/path/name`.
    package static let parameterPrefix = "ssm:"
    /// The role's inline policy for the parameters, present only while the function references some.
    package static let parameterPolicyName = "parameter-access"

    /// The referenced parameters' names, sorted, each once.
    package var parameterNames: [String] {
        Set(config.function.environment.values.filter { $0.hasPrefix(Self.parameterPrefix) }.map { String($0.dropFirst(Self.parameterPrefix.count)) }).sorted()
    }

    /// A parameter's ARN: hierarchical names start with `/`, the others get one.
    package func parameterARN(_ name: String, _ arns: StackARNs) -> String {
        "arn:\(arns.partition):ssm:\(region):\(arns.account):parameter\(name.hasPrefix("/") ? name : "/" + name)"
    }

    /// `ssm:GetParameters` on exactly the referenced parameters and, for SecureStrings under a customer managed
    /// key, `kms:Decrypt` through SSM for those parameters only (SSM decrypts with their ARN as encryption
    /// context). The AWS managed key `aws/ssm` needs no statement: its key policy lets every principal of the
    /// account decrypt through SSM (AWS Systems Manager User Guide, "Restricting decryption of SecureString
    /// parameter values"). `nil` when nothing is referenced.
    package func parameterPolicy(_ arns: StackARNs, metadata: [ParameterMetadata]) -> String? {
        let names = parameterNames
        guard !names.isEmpty else { return nil }
        var statements: [[String: Any]] = [["Effect": "Allow", "Action": "ssm:GetParameters", "Resource": names.map { parameterARN($0, arns) }]]
        let underOwnKeys = metadata.filter { $0.type == "SecureString" && ($0.keyId ?? "alias/aws/ssm") != "alias/aws/ssm" && names.contains($0.name) }
        if !underOwnKeys.isEmpty {
            statements.append([
                "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:\(arns.partition):kms:\(region):\(arns.account):key/*",
                "Condition": [
                    "StringEquals": ["kms:ViaService": "ssm.\(region).amazonaws.com"],
                    "StringLike": ["kms:EncryptionContext:PARAMETER_ARN": underOwnKeys.map { parameterARN($0.name, arns) }.sorted()],
                ],
            ])
        }
        let document: [String: Any] = ["Version": "2012-10-17", "Statement": statements]
        guard let data = try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
