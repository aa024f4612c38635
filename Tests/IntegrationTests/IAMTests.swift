import AWSIAM
import Foundation
import HoistTestSupport
import Logging
import Testing

/// The trust policy of a Lambda execution role.
let lambdaTrustPolicy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#

@Suite("IAM against moto")
struct IAMTests {
    let logger = Logger(label: "test")

    @Test("every role operation hoist uses")
    func roleLifecycle() async throws {
        try await withMotoServer { moto in
            let iam = IAMClient(client: moto.client())
            #expect(try await iam.getRole("api-dev-role", logger: logger) == nil)
            let role = try await iam.createRole(
                CreateRoleInput(roleName: "api-dev-role", assumeRolePolicyDocument: lambdaTrustPolicy, tags: ["hoist:project": "api", "hoist:env": "dev"]),
                logger: logger)
            #expect(role.arn == "arn:aws:iam::\(moto.accountID):role/api-dev-role")
            await #expect(throws: IAMError.self) {
                try await iam.createRole(CreateRoleInput(roleName: "api-dev-role", assumeRolePolicyDocument: lambdaTrustPolicy), logger: logger)
            }
            let fetched = try #require(try await iam.getRole("api-dev-role", logger: logger))
            #expect(fetched.assumeRolePolicyDocument?.contains("lambda.amazonaws.com") == true)

            try await iam.updateAssumeRolePolicy("api-dev-role", policyDocument: lambdaTrustPolicy.replacingOccurrences(of: "lambda", with: "edgelambda"), logger: logger)
            #expect(try await iam.getRole("api-dev-role", logger: logger)?.assumeRolePolicyDocument?.contains("edgelambda") == true)

            let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem"],"Resource":"*"}]}"#
            try await iam.putRolePolicy("api-dev-role", policyName: "dynamodb-access", policyDocument: policy, logger: logger)
            #expect(try await iam.listRolePolicies("api-dev-role", logger: logger) == ["dynamodb-access"])
            #expect(try await iam.getRolePolicy("api-dev-role", policyName: "dynamodb-access", logger: logger)?.contains("dynamodb:GetItem") == true)
            try await iam.deleteRolePolicy("api-dev-role", policyName: "dynamodb-access", logger: logger)
            #expect(try await iam.getRolePolicy("api-dev-role", policyName: "dynamodb-access", logger: logger) == nil)

            // hoist attaches nothing, so IAMClient has no AttachRolePolicy: what it detaches is attached here by hand.
            let basic = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
            try await moto.attach(policy: basic, toRole: "api-dev-role")
            #expect(try await iam.listAttachedRolePolicies("api-dev-role", logger: logger) == [basic])
            try await iam.detachRolePolicy("api-dev-role", policyArn: basic, logger: logger)
            #expect(try await iam.listAttachedRolePolicies("api-dev-role", logger: logger).isEmpty)

            try await iam.deleteRole("api-dev-role", logger: logger)
            #expect(try await iam.getRole("api-dev-role", logger: logger) == nil)
            await #expect {
                try await iam.deleteRole("api-dev-role", logger: logger)
            } throws: { error in
                if case .noSuchEntity = error as? IAMError { true } else { false }
            }
        }
    }
}
