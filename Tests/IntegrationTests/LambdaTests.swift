import AWSIAM
import AWSLambda
import AWSTransport
import Crypto
import Foundation
import HoistTestSupport
import Logging
import Testing

@Suite("Lambda against moto")
struct LambdaTests {
    let logger = Logger(label: "test")
    /// The smallest valid zip: an empty archive's end-of-central-directory record.
    static let emptyZip = Data([0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18))

    @Test("every function operation hoist uses")
    func functionLifecycle() async throws {
        try await withMotoServer { moto in
            let role = try await IAMClient(client: moto.client()).createRole(
                CreateRoleInput(roleName: "api-dev-role", assumeRolePolicyDocument: lambdaTrustPolicy), logger: logger)
            let lambda = LambdaClient(client: moto.client())
            #expect(try await lambda.getFunction("api-dev", logger: logger) == nil)

            let created = try await lambda.createFunction(
                EncodedJSON(CreateFunctionInput(
                    functionName: "api-dev", runtime: .providedAL2023, role: role.arn, handler: "bootstrap", code: FunctionCode(zipFile: Self.emptyZip),
                    timeout: 30, memorySize: 256, environment: FunctionEnvironment(variables: ["TABLE_NAME": "api-dev-table"]), architectures: [.x86_64],
                    tags: ["hoist:project": "api"]), client: lambda.client),
                logger: logger)
            #expect(created.codeSha256 == Data(SHA256.hash(data: Self.emptyZip)).base64EncodedString())
            #expect(created.functionArn == "arn:aws:lambda:us-east-1:\(moto.accountID):function:api-dev")

            let fetched = try #require(try await lambda.getFunction("api-dev", logger: logger))
            #expect(fetched.configuration.memorySize == 256)
            #expect(fetched.configuration.environment?.variables == ["TABLE_NAME": "api-dev-table"])
            #expect(fetched.tags?["hoist:project"] == "api")

            let reconfigured = try await lambda.updateFunctionConfiguration("api-dev", UpdateFunctionConfigurationInput(timeout: 10, memorySize: 512), logger: logger)
            #expect(reconfigured.memorySize == 512)
            #expect(try await lambda.getFunction("api-dev", logger: logger)?.configuration.timeout == 10)

            var newZip = Self.emptyZip
            newZip.append(contentsOf: [0, 0])
            let recoded = try await lambda.updateFunctionCode("api-dev", EncodedJSON(UpdateFunctionCodeInput(zipFile: newZip), client: lambda.client), logger: logger)
            #expect(recoded.codeSha256 == Data(SHA256.hash(data: newZip)).base64EncodedString())

            let sourceArn = "arn:aws:execute-api:us-east-1:\(moto.accountID):abc123/*/*"
            _ = try await lambda.addPermission(
                "api-dev", AddPermissionInput(statementId: "apigateway-invoke", action: "lambda:InvokeFunction", principal: "apigateway.amazonaws.com", sourceArn: sourceArn),
                logger: logger)
            let policy = try #require(try await lambda.getPolicy("api-dev", logger: logger))
            #expect(policy.policy.contains(sourceArn.replacingOccurrences(of: "/", with: "\\/")) || policy.policy.contains(sourceArn))
            try await lambda.removePermission("api-dev", statementId: "apigateway-invoke", logger: logger)
            #expect(try await lambda.getPolicy("api-dev", logger: logger)?.policy.contains("apigateway-invoke") != true)

            try await lambda.deleteFunction("api-dev", logger: logger)
            #expect(try await lambda.getFunction("api-dev", logger: logger) == nil)
            // The typed case keeps what AWS said: the CLI's one line names the operation and the request id.
            await #expect {
                try await lambda.deleteFunction("api-dev", logger: logger)
            } throws: { error in
                guard case .resourceNotFound(let answer) = error as? LambdaError else { return false }
                return answer.operation == "DeleteFunction" && answer.status == 404 && answer.requestID?.isEmpty == false
                    && "\(error)".contains("DeleteFunction") && "\(error)".contains(answer.requestID ?? "?")
            }
        }
    }
}
