import AWSTransport
import Logging

/// The Systems Manager Parameter Store operations hoist and the function use for `ssm:` references, one
/// method per operation of the 2014-11-06 model (json 1.1, `AmazonSSM.<Op>`).
package struct SSMClient: Sendable {
    /// `GetParameters` takes at most this many names (the model's `ParameterNameList` max).
    package static let namesPerCall = 10

    package let client: AWSClient
    package init(client: AWSClient) { self.client = client }

    /// The values of up to ten parameters, SecureStrings decrypted when `decrypt`; names that do not exist come
    /// back in `invalidParameters`.
    package func getParameters(_ names: [String], decrypt: Bool, logger: Logger) async throws -> GetParametersOutput {
        try await call("GetParameters", GetParametersInput(names: names, withDecryption: decrypt), logger: logger)
    }

    /// What is known of the parameters called exactly `names` (type, KMS key), without their values: every
    /// page, fifty names per call (the model's `ParameterStringFilterValueList` max).
    package func describe(_ names: [String], logger: Logger) async throws -> [ParameterMetadata] {
        var found: [ParameterMetadata] = []
        for start in stride(from: 0, to: names.count, by: 50) {
            let filter = ParameterStringFilter(key: "Name", option: "Equals", values: Array(names[start..<min(start + 50, names.count)]))
            var nextToken: String?
            repeat {
                let page: DescribeParametersOutput = try await call(
                    "DescribeParameters", DescribeParametersInput(parameterFilters: [filter], nextToken: nextToken), logger: logger)
                found += page.parameters ?? []
                nextToken = page.nextToken
            } while nextToken != nil
        }
        return found
    }

    private func call<Output: Decodable>(_ operation: String, _ input: some Encodable & Sendable, logger: Logger) async throws -> Output {
        do {
            return try await client.json(.ssm, operation, input, logger: logger)
        } catch let error as AWSServiceError {
            throw SSMError(error)
        }
    }
}

struct GetParametersInput: Encodable, Sendable {
    var names: [String]
    var withDecryption: Bool
    enum CodingKeys: String, CodingKey { case names = "Names", withDecryption = "WithDecryption" }
}

package struct GetParametersOutput: Decodable, Sendable {
    package var parameters: [Parameter]?
    package var invalidParameters: [String]?
    enum CodingKeys: String, CodingKey { case parameters = "Parameters", invalidParameters = "InvalidParameters" }
}

package struct Parameter: Decodable, Sendable, Equatable {
    package var name: String
    package var type: String?
    package var value: String?
    enum CodingKeys: String, CodingKey { case name = "Name", type = "Type", value = "Value" }
}

struct ParameterStringFilter: Encodable, Sendable {
    var key: String
    var option: String
    var values: [String]
    enum CodingKeys: String, CodingKey { case key = "Key", option = "Option", values = "Values" }
}

struct DescribeParametersInput: Encodable, Sendable {
    var parameterFilters: [ParameterStringFilter]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case parameterFilters = "ParameterFilters", nextToken = "NextToken" }
}

struct DescribeParametersOutput: Decodable, Sendable {
    var parameters: [ParameterMetadata]?
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case parameters = "Parameters", nextToken = "NextToken" }
}

package struct ParameterMetadata: Decodable, Sendable, Equatable {
    package var name: String
    /// `String`, `StringList` or `SecureString`.
    package var type: String?
    /// A SecureString's KMS key: `alias/aws/ssm` (the AWS managed key) unless a customer managed key was chosen.
    package var keyId: String?

    package init(name: String, type: String?, keyId: String?) {
        self.name = name
        self.type = type
        self.keyId = keyId
    }

    enum CodingKeys: String, CodingKey { case name = "Name", type = "Type", keyId = "KeyId" }
}

/// The SSM error codes hoist acts on.
package enum SSMError: AWSServiceErrorWrapping, Equatable, CustomStringConvertible {
    case other(AWSServiceError)

    package init(_ error: AWSServiceError) { self = .other(error) }

    /// The answer as AWS gave it (operation, status, code, request id).
    package var serviceError: AWSServiceError {
        switch self {
        case .other(let error): error
        }
    }

    package var description: String { serviceError.description }
}
