import AWSAPIGatewayV2
@testable import AWSIAM
import AWSQuery
import AWSLambda
import AWSLogs
import AWSSSM
import Foundation
import HoistEngine
import HoistTestSupport
import Testing

/// The planner is pure: (spec, observed) in, plan out, no AWS needed.
@Suite("Planner")
struct PlannerTests {
    let spec = StackSpec(config: HoistConfig(projectName: "shop"), environment: "dev", region: "us-east-1")

    @Test("nothing observed: everything is created, in dependency order")
    func fresh() throws {
        let plan = Planner.plan(spec: spec, observed: ObservedStack(account: "123456789012"), codeSha256: "abc")
        try expectGolden(plan.text, "plan-fresh.txt")
        #expect(!plan.uploadCode, "a new function gets its code in CreateFunction")
    }

    @Test("a changed function, new code and orphans: each an instruction, printed in the order the scheduler may run them")
    func drifted() throws {
        let json = #"""
            {"FunctionName":"shop-dev","FunctionArn":"arn:aws:lambda:us-east-1:123456789012:function:shop-dev","Runtime":"provided.al2023",
             "Role":"arn:aws:iam::123456789012:role/shop-dev-role","Handler":"bootstrap","Timeout":30,"MemorySize":1024,"CodeSha256":"old",
             "Architectures":["x86_64"],"State":"Active","Environment":{"Variables":{"TABLE_NAME":"shop-dev-table","TABLE_HASH_KEY":"pk","TABLE_RANGE_KEY":"sk","TABLE_INDEX_KEYS":"gsi1pk,gsi1sk"}}}
            """#
        var observed = ObservedStack(account: "123456789012")
        observed[FunctionResource()] = FunctionResource.Observation(configuration: try JSONDecoder().decode(FunctionConfiguration.self, from: Data(json.utf8)))
        observed[APIResource()] = APIResource.Observation(
            api: try JSONDecoderHelper.api(id: "a1", name: "shop-dev-api"),
            orphans: [
                Orphan(kind: .api, id: "a2", ownerID: "a2", name: "shop-dev-api"),
                Orphan(kind: .integration, id: "i9", ownerID: "a1", name: "arn:aws:lambda:us-east-1:123456789012:function:shop-dev"),
            ])
        // Two `$default` routes: the second, a lost create's, is an orphan.
        observed[RouteResource()] = RouteResource.Observation(
            routes: try JSONDecoder().decode([Route].self, from: Data(#"[{"routeId":"r1","routeKey":"$default"},{"routeId":"r9","routeKey":"$default"}]"#.utf8)))
        let plan = Planner.plan(spec: spec, observed: observed, codeSha256: "new")
        try expectGolden(plan.text, "plan-drifted.txt")
        #expect(plan.uploadsCode(.function) && plan.change(for: .function) == .update([PropertyChange(FunctionResource.Property.memory, from: "1024 MB", to: "256 MB")]))
        #expect(plan.orphans.map(\.id) == ["r9", "i9", "a2"], "dependents' orphans first")
    }

    @Test("ssm: references: GetParameters on exactly their ARNs; kms:Decrypt through SSM only for SecureStrings under a customer managed key")
    func parameterPolicy() throws {
        var config = HoistConfig(projectName: "shop")
        config.function.environment = ["API_KEY": "ssm:/shop/api-key", "DB_URL": "ssm:/shop/db-url", "PLAIN": "ssm:plain", "MODE": "fast", "AGAIN": "ssm:/shop/api-key"]
        let spec = StackSpec(config: config, environment: "dev", region: "eu-west-1")
        let arns = StackARNs(spec: spec, account: "123456789012")
        #expect(spec.parameterNames == ["/shop/api-key", "/shop/db-url", "plain"])
        func statements(_ metadata: [ParameterMetadata]) throws -> [[String: Any]] {
            let text = try #require(spec.parameterPolicy(arns, metadata: metadata))
            return try #require((try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["Statement"] as? [[String: Any]])
        }
        let managed = try statements([
            ParameterMetadata(name: "/shop/api-key", type: "SecureString", keyId: "alias/aws/ssm"), ParameterMetadata(name: "/shop/db-url", type: "String", keyId: nil),
        ])
        #expect(managed.count == 1)
        #expect(managed[0]["Action"] as? String == "ssm:GetParameters")
        #expect(managed[0]["Resource"] as? [String] == [
            "arn:aws:ssm:eu-west-1:123456789012:parameter/shop/api-key", "arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db-url",
            "arn:aws:ssm:eu-west-1:123456789012:parameter/plain",
        ])
        let own = try statements([ParameterMetadata(name: "/shop/db-url", type: "SecureString", keyId: "alias/shop-secrets")])
        #expect(own.count == 2)
        #expect(own[1]["Action"] as? String == "kms:Decrypt" && own[1]["Resource"] as? String == "arn:aws:kms:eu-west-1:123456789012:key/*")
        let condition = own[1]["Condition"] as? [String: [String: Any]]
        #expect(condition?["StringEquals"]?["kms:ViaService"] as? String == "ssm.eu-west-1.amazonaws.com")
        #expect(condition?["StringLike"]?["kms:EncryptionContext:PARAMETER_ARN"] as? [String] == ["arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db-url"])
        #expect(self.spec.parameterPolicy(arns, metadata: []) == nil, "no reference, no policy")

        // The role's policy follows: missing with references, left over without them.
        var observed = ObservedStack(account: "123456789012")
        observed[RoleResource()] = RoleResource.Observation(
            role: try Self.role(trust: StackSpec.trustPolicy), tablePolicy: spec.dynamoPolicy(tableARN: arns.table), logsPolicy: spec.logsPolicy(arns))
        #expect(Planner.plan(spec: spec, observed: observed, codeSha256: "abc").change(for: .role) == .update([PropertyChange(RoleResource.Property.parameterPolicy)]))
        observed[RoleResource()]?.parameterPolicy = spec.parameterPolicy(arns, metadata: [])
        #expect(Planner.plan(spec: spec, observed: observed, codeSha256: "abc").change(for: .role) == Change.none)
        var unreferenced = config
        unreferenced.function.environment = ["MODE": "fast"]
        let plain = StackSpec(config: unreferenced, environment: "dev", region: "eu-west-1")
        #expect(Planner.plan(spec: plain, observed: observed, codeSha256: "abc").change(for: .role) == .update([PropertyChange(RoleResource.Property.parameterPolicy)]), "a policy left over goes")
    }

    @Test("destroy goes newest first and skips what is absent")
    func destroyOrder() throws {
        var observed = ObservedStack(account: "123456789012")
        observed[APIResource()] = APIResource.Observation(api: try JSONDecoderHelper.api(id: "a1", name: "shop-dev-api"))
        let plan = Planner.destroyPlan(spec: spec, observed: observed)
        #expect(plan.steps.map(\.kind) == [.route, .integration, .permission, .stage, .alias, .function, .api, .apiLogGroup, .functionLogGroup, .table, .role])
        #expect(plan.steps.filter { $0.instruction == .change(.delete) }.map(\.kind) == [.api])
    }

    @Test("an update names each property with the value AWS has and the one wanted")
    func updateValues() throws {
        var observed = ObservedStack(account: "123456789012")
        observed[LogGroupResource.function] = try JSONDecoder().decode(LogGroup.self, from: Data(#"{"logGroupName":"/aws/lambda/shop-dev"}"#.utf8))
        observed[LogGroupResource.api] = try JSONDecoder().decode(LogGroup.self, from: Data(#"{"logGroupName":"/aws/apigateway/shop-dev","retentionInDays":30}"#.utf8))
        let plan = Planner.plan(spec: spec, observed: observed, codeSha256: "abc")
        #expect(plan.change(for: .functionLogGroup) == .update([PropertyChange(LogGroupResource.Property.retention, from: "forever", to: "14 days")]))
        #expect(plan.text.contains("~ update  api-log-group       /aws/apigateway/shop-dev (retention 30 days → 14 days)"), "\(plan.text)")
    }

    @Test("a function on a runtime, state or status hoist does not know decodes and plans as drift")
    func unknownValues() throws {
        let json = #"""
            {"FunctionName":"shop-dev","FunctionArn":"arn:aws:lambda:us-east-1:123456789012:function:shop-dev","Runtime":"java99",
             "Role":"arn:aws:iam::123456789012:role/shop-dev-role","Handler":"bootstrap","Timeout":30,"MemorySize":256,"CodeSha256":"abc",
             "Architectures":["x86_64"],"State":"Hibernating","LastUpdateStatus":"Queued","Environment":{"Variables":{"TABLE_NAME":"shop-dev-table","TABLE_HASH_KEY":"pk","TABLE_RANGE_KEY":"sk","TABLE_INDEX_KEYS":"gsi1pk,gsi1sk"}}}
            """#
        var observed = ObservedStack(account: "123456789012")
        let function = try JSONDecoder().decode(FunctionConfiguration.self, from: Data(json.utf8))
        observed[FunctionResource()] = FunctionResource.Observation(configuration: function)
        #expect(function.runtime?.rawValue == "java99")
        #expect(function.state?.rawValue == "Hibernating")
        #expect(Planner.plan(spec: spec, observed: observed, codeSha256: "abc").change(for: .function) == .update([PropertyChange(FunctionResource.Property.runtime)]))
        let api = try JSONDecoder().decode(Api.self, from: Data(#"{"apiId":"a1","name":"other","protocolType":"GRPC"}"#.utf8))
        #expect(api.protocolType?.rawValue == "GRPC")
    }

    /// The same JSON as `text`, written another way (keys sorted, indented), as IAM may hand a policy back.
    static func reformatted(_ text: String) throws -> String {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self)
    }

    /// A role as IAM describes it, its trust policy URL-encoded as IAM sends it.
    static func role(trust: String) throws -> Role {
        let encoded = try #require(trust.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        return try Role(
            XMLNode(
                name: "Role",
                children: [
                    XMLNode(name: "RoleName", text: "shop-dev-role"), XMLNode(name: "Arn", text: "arn:aws:iam::123456789012:role/shop-dev-role"),
                    XMLNode(name: "AssumeRolePolicyDocument", text: encoded),
                ]))
    }

    @Test("policies compare as JSON, not text: a role whose policies come back reformatted needs nothing; another policy does")
    func policyComparison() throws {
        let table = "arn:aws:dynamodb:us-east-1:123456789012:table/shop-dev-table"
        var observed = ObservedStack(account: "123456789012")
        observed[RoleResource()] = RoleResource.Observation(
            role: try Self.role(trust: try Self.reformatted(StackSpec.trustPolicy)), tablePolicy: try Self.reformatted(spec.dynamoPolicy(tableARN: table)),
            logsPolicy: try Self.reformatted(spec.logsPolicy(StackARNs(spec: spec, account: "123456789012"))), inlinePolicies: ["dynamodb-access", "logs-write"])
        #expect(observed[RoleResource()]?.role.assumeRolePolicyDocument != StackSpec.trustPolicy, "the test needs text that differs")
        #expect(Planner.plan(spec: spec, observed: observed, codeSha256: "abc").change(for: .role) == Change.none)

        observed[RoleResource()]?.tablePolicy = spec.dynamoPolicy(tableARN: table + "-other")
        observed[RoleResource()]?.role = try Self.role(trust: #"{"Version":"2012-10-17","Statement":[]}"#)
        let plan = Planner.plan(spec: spec, observed: observed, codeSha256: "abc")
        #expect(plan.change(for: .role) == .update([PropertyChange(RoleResource.Property.trustPolicy), PropertyChange(RoleResource.Property.inlinePolicy)]))
    }

    @Test("the role gets logs-write on its own log group, in the region's partition; anything attached or put out of band is drift")
    func roleLogsAndExtras() throws {
        let china = StackSpec(config: HoistConfig(projectName: "shop"), environment: "dev", region: "cn-north-1")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(china.logsPolicy(StackARNs(spec: china, account: "123456789012")).utf8)) as? [String: Any])
        let statement = try #require((document["Statement"] as? [[String: Any]])?.first)
        #expect(statement["Action"] as? [String] == ["logs:CreateLogStream", "logs:PutLogEvents"])
        #expect(statement["Resource"] as? String == "arn:aws-cn:logs:cn-north-1:123456789012:log-group:/aws/lambda/shop-dev:*")

        let arns = StackARNs(spec: spec, account: "123456789012")
        var observed = ObservedStack(account: "123456789012")
        observed[RoleResource()] = RoleResource.Observation(
            role: try Self.role(trust: StackSpec.trustPolicy), tablePolicy: spec.dynamoPolicy(tableARN: arns.table),
            inlinePolicies: ["dynamodb-access", "escalate"], attachedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"])
        #expect(
            Planner.plan(spec: spec, observed: observed, codeSha256: "abc").change(for: .role) == .update([
                PropertyChange(RoleResource.Property.logsPolicy), PropertyChange(RoleResource.Property.attachedPolicies(["arn:aws:iam::aws:policy/AdministratorAccess"])),
                PropertyChange(RoleResource.Property.otherInlinePolicies(["escalate"])),
            ]))
    }
}

import Foundation

/// Builds service shapes from JSON, as the service would send them.
enum JSONDecoderHelper {
    static func api(id: String, name: String) throws -> Api {
        try JSONDecoder().decode(Api.self, from: Data(#"{"apiId":"\#(id)","name":"\#(name)","protocolType":"HTTP"}"#.utf8))
    }
}
