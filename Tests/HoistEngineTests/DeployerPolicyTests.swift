import AWSDynamoDB
import AWSIAM
import AWSLambda
import AWSLogs
import AWSSigV4
import Foundation
import HoistEngine
import HoistTestSupport
import Logging
import Testing

/// `hoist policy`'s output is enough and nothing in it is spare: the whole lifecycle (deploy, a re-deploy,
/// drift repaired, settings changed back and forth, update-code, plan, status, outputs, invoke, logs, metrics, cost, destroy)
/// runs as an IAM user holding only that policy, and without any one of its actions some step is refused.
///
/// moto checks the action of each request (with AWS's names: the launcher maps API Gateway's requests to
/// `apigateway:<METHOD>` and Lambda's Invoke to `lambda:InvokeFunction`); it evaluates every resource as `*` and
/// checks no permission AWS checks implicitly. What that leaves unchecked is listed in `uncheckedByMoto`.
@Suite("The deployer policy against moto's IAM checks")
struct DeployerPolicyTests {
    let base = EngineTests()
    let logger = Logger(label: "test")

    /// Actions moto cannot refuse, each with why AWS needs it.
    static let uncheckedByMoto: [String: String] = [
        // AWS checks it when CreateFunction/UpdateFunctionConfiguration name the role; moto checks only the request's own action.
        "iam:PassRole": "implicit in naming the role",
        // Without it AWS leaves Tags out of GetFunction (and hoist refuses the function as not its own); moto always includes them.
        "lambda:ListTags": "GetFunction's Tags member",
        // CreateApi, CreateStage and CreateLogGroup carry tags; AWS checks the tagging action, moto only the create.
        "logs:TagResource": "tags carried by CreateLogGroup", "logs:TagLogGroup": "tags carried by CreateLogGroup (older name)",
        "lambda:TagResource": "tags carried by CreateFunction", "dynamodb:TagResource": "tags carried by CreateTable", "iam:TagRole": "tags carried by CreateRole",
        "cognito-idp:TagResource": "tags carried by CreateUserPool",
        "sns:TagResource": "tags carried by CreateTopic", "cloudwatch:TagResource": "tags carried by PutMetricAlarm",
        "acm:AddTagsToCertificate": "tags carried by RequestCertificate",
    ]

    /// What a run adds to the template's stack, and which of the policy's actions its trials take away (the rest
    /// are the standard run's).
    enum Variant: String, CustomStringConvertible, CaseIterable {
        case standard
        /// `auth: {type: cognito}`.
        case cognito
        /// `domain: api-<environment>.example.com`, in a zone made beforehand.
        case domain

        var description: String { rawValue }
        var auth: HoistConfig.Auth? { self == .cognito ? .cognito : nil }
        func domain(_ environment: String) -> HoistConfig.DomainConfig? { self == .domain ? HoistConfig.DomainConfig(name: "api-\(environment).example.com") : nil }

        func takesAway(_ action: String) -> Bool {
            switch self {
            case .standard: !action.hasPrefix("cognito-idp:") && !action.hasPrefix("acm:") && !action.hasPrefix("route53:")
            case .cognito: action.hasPrefix("cognito-idp:")
            case .domain: action.hasPrefix("acm:") || action.hasPrefix("route53:")
            }
        }
    }

    /// The template's stack, watched by `aws_cloudwatch` with alarms to `alarmEmail`.
    func config(
        reserved: Int? = nil, throttling: Bool = true, cors: Bool = true, auth: HoistConfig.Auth? = nil, domain: HoistConfig.DomainConfig? = nil,
        alarmEmail: String = "ops@example.com"
    ) throws -> HoistConfig {
        var config = try ConfigParser().parse(HoistConfig.template(projectName: "shop", region: "us-east-1"))
        config.monitoring.enabled = true
        config.monitoring.alarmEmail = alarmEmail
        config.api.auth = auth
        config.api.domain = domain
        config.function.reservedConcurrency = reserved
        if !throttling { config.api.throttling = nil }
        if !cors { config.api.cors = nil }
        return config
    }

    func engine(_ moto: MotoServer, _ credentials: AWSCredentials, _ state: URL, environment: String, _ config: HoistConfig) -> Engine<ContinuousClock> {
        Engine(
            clients: StackClients(client: moto.client(credentials: credentials)), spec: StackSpec(config: config, environment: environment, region: "us-east-1"),
            store: StateStore(directory: state, project: "shop", environment: environment), waiter: Waiter(clock: ContinuousClock(), timeout: .seconds(60)),
            events: { _ in }, logger: logger)
    }

    /// A user holding exactly `policy`.
    func user(_ moto: MotoServer, _ name: String, _ policy: String) async throws -> AWSCredentials {
        struct Keys: Decodable {
            var accessKeyId: String
            var secretAccessKey: String
        }
        let output = try await PythonScript.run(
            "Tests/HoistEngineTests/deployer_user.py", arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey, name, policy])
        let keys = try JSONDecoder().decode(Keys.self, from: Data(output.utf8))
        return AWSCredentials(accessKeyID: keys.accessKeyId, secretAccessKey: keys.secretAccessKey)
    }

    /// Every step a user takes, as `credentials`; drift is made with the server's admin keys.
    func lifecycle(_ moto: MotoServer, _ credentials: AWSCredentials, environment: String, variant: Variant = .standard) async throws {
        let (auth, domain) = (variant.auth, variant.domain(environment))
        let function = "shop-\(environment)", admin = moto.client()
        try await withTemporaryDirectory { state in
            let code = CodePackage(zip: EngineTests.zip, codeSha256: "first")
            // Another alarm address first: the second deploy's change of it unsubscribes the first.
            let reserved = engine(
                moto, credentials, state, environment: environment, try config(reserved: 5, throttling: false, cors: false, auth: auth, domain: domain, alarmEmail: "first@example.com"))
            _ = try await reserved.plan(codeSha256: code.codeSha256)
            _ = try await reserved.deploy(code: code)
            let sha = try #require(try await LambdaClient(client: admin).getFunction(function, logger: logger)).configuration.codeSha256
            // The first alarm address confirmed, as its owner would: the change of address must then unsubscribe it.
            _ = try await PythonScript.run(
                "Tests/HoistEngineTests/monitoring_act.py",
                arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey, "confirm", "arn:aws:sns:us-east-1:\(moto.accountID):\(function)-alarms", "first@example.com"])
            let standard = engine(moto, credentials, state, environment: environment, try config(auth: auth, domain: domain))
            _ = try await standard.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: sha))
            _ = try await standard.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: sha))

            // Drift a deploy must repair: the role's trust and a managed and an inline policy on it, memory, retention,
            // protection.
            try await IAMClient(client: admin).updateAssumeRolePolicy(
                "\(function)-role", policyDocument: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
                logger: logger)
            try await moto.attach(policy: "arn:aws:iam::aws:policy/AdministratorAccess", toRole: "\(function)-role")
            _ = try await IAMClient(client: admin).putRolePolicy("\(function)-role", policyName: "extra", policyDocument: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}"#, logger: logger)
            _ = try await LambdaClient(client: admin).updateFunctionConfiguration(function, UpdateFunctionConfigurationInput(memorySize: 1024), logger: logger)
            try await LogsClient(client: admin).putRetentionPolicy("/aws/lambda/\(function)", retentionInDays: 3, logger: logger)
            _ = try await DynamoDBClient(client: admin).updateTable("\(function)-table", deletionProtectionEnabled: false, logger: logger)
            try await DynamoDBClient(client: admin).updateContinuousBackups("\(function)-table", pointInTimeRecoveryEnabled: false, logger: logger)
            _ = try await standard.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: sha))

            _ = try await standard.updateCode(code: CodePackage(zip: EngineTests.changedZip, codeSha256: "changed"))
            _ = try await standard.status()
            _ = try await standard.outputs()
            _ = try await standard.invoke(payload: Array("{}".utf8))
            try await standard.logTail(clock: ContinuousClock()).run(group: "/aws/lambda/\(function)", since: 0, filter: nil, follow: false) { _ in }
            _ = try await standard.metrics(start: Date().timeIntervalSince1970 - 3600, end: Date().timeIntervalSince1970)
            _ = try await standard.cost(start: Date().timeIntervalSince1970 - 86400, end: Date().timeIntervalSince1970)
            _ = try await standard.destroy()
        }
    }

    @Test(
        "the lifecycle passes as a user holding only hoist policy's output; without any one of its actions some step is refused (with Cognito or a domain: their actions)",
        arguments: Variant.allCases)
    func leastPrivilege(variant: Variant) async throws {
        try await withMotoServer { moto in
            if variant == .domain {
                _ = try await PythonScript.run(
                    "Tests/HoistEngineTests/domain_check.py", arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey, "zone", "example.com"])
            }
            // Each environment's own policy: moto checks some IAM actions against the role's ARN.
            func policy(_ environment: String) throws -> DeployerPolicy {
                try engine(moto, moto.credentials, URL(fileURLWithPath: "/nonexistent"), environment: environment, try config(auth: variant.auth, domain: variant.domain(environment)))
                    .deployerPolicy(account: moto.accountID)
            }
            try await lifecycle(moto, try await user(moto, "deployer", try policy("dev").json), environment: "dev", variant: variant)
            let unknown = Set(Self.uncheckedByMoto.keys).subtracting(try policy("dev").actions).filter {
                (variant == .cognito || !$0.hasPrefix("cognito-idp:")) && (variant == .domain || !$0.hasPrefix("acm:"))
            }
            #expect(unknown.isEmpty, "listed as unchecked but not in the policy: \(unknown.sorted())")

            var spare: [String] = []
            try await withThrowingTaskGroup(of: String?.self) { group in
                var running = 0
                // With Cognito or a domain, only their own actions are taken away: the rest are the standard run's.
                for (index, action) in try policy("dev").actions.enumerated() where Self.uncheckedByMoto[action] == nil && variant.takesAway(action) {
                    if running == 4 { if let found = try await group.next() ?? nil { spare.append(found) }; running -= 1 }
                    running += 1
                    var without = try policy("e\(index)")
                    without.statements = without.statements.map { statement in
                        var statement = statement
                        statement.actions.removeAll { $0 == action }
                        return statement
                    }.filter { !$0.actions.isEmpty }
                    let credentials = try await user(moto, "without-\(index)", without.json)
                    group.addTask {
                        do {
                            try await lifecycle(moto, credentials, environment: "e\(index)", variant: variant)
                            return action
                        } catch where "\(error)".contains("AccessDenied") {
                            return nil
                        }
                    }
                }
                for try await found in group { if let found { spare.append(found) } }
            }
            #expect(spare.isEmpty, "actions no step needed: \(spare.sorted())")
        }
    }
}
