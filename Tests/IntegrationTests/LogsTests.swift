import AWSLogs
import HoistTestSupport
import Logging
import Testing

@Suite("CloudWatch Logs against moto")
struct LogsTests {
    let logger = Logger(label: "test")

    @Test("every log-group operation hoist uses")
    func logGroupLifecycle() async throws {
        try await withMotoServer { moto in
            let logs = LogsClient(client: moto.client())
            let name = "/aws/lambda/api-dev"
            #expect(try await logs.logGroup(named: name, logger: logger) == nil)
            try await logs.createLogGroup(CreateLogGroupInput(logGroupName: name, tags: ["hoist:project": "api"]), logger: logger)
            try await logs.createLogGroup(CreateLogGroupInput(logGroupName: name + "-other"), logger: logger)
            await #expect {
                try await logs.createLogGroup(CreateLogGroupInput(logGroupName: name), logger: logger)
            } throws: { error in
                if case .resourceAlreadyExists = error as? LogsError { true } else { false }
            }
            try await logs.putRetentionPolicy(name, retentionInDays: 14, logger: logger)
            let group = try #require(try await logs.logGroup(named: name, logger: logger))
            #expect(group.retentionInDays == 14)
            let page = try await logs.describeLogGroups(prefix: "/aws/lambda/", logger: logger)
            #expect(page.logGroups?.map(\.logGroupName) == [name, name + "-other"])

            try await logs.deleteLogGroup(name, logger: logger)
            #expect(try await logs.logGroup(named: name, logger: logger) == nil)
            await #expect {
                try await logs.deleteLogGroup(name, logger: logger)
            } throws: { error in
                if case .resourceNotFound = error as? LogsError { true } else { false }
            }
        }
    }
}
