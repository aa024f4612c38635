import AWSSigV4
import AWSTransport
import Foundation
import HoistEngine
import HoistTestSupport
import Testing

/// `aws_cloudwatch` against moto, checked with boto3: the alarm topic and its email subscription, the four
/// alarms notifying it, the dashboard; a second deploy changes nothing; settings follow hoist.yml; removing the
/// section or destroying leaves none of it.
@Suite("Monitoring against moto")
struct MonitoringTests {
    let base = EngineTests()

    struct Checked: Decodable {
        struct Topic: Decodable {
            var arn: String
            var tags: [String: String]
            var emails: [String]
        }
        struct Alarm: Decodable {
            var actions: [String]
            var okActions: [String]
            var threshold: Double
            var comparison: String
            var metric: String?
            var extended: String?
            var expression: String?
            var dimensions: [[String]]
            var tags: [String: String]
        }
        var topic: Topic?
        var alarms: [String: Alarm]
        var dashboard: [String: [[String: AnyDecodable]]]?
    }

    /// Only that a value is there: the dashboard's widgets are checked by their count and first text.
    struct AnyDecodable: Decodable {
        var text: String?
        init(from decoder: any Decoder) throws {
            text = try? decoder.singleValueContainer().decode(String.self)
        }
    }

    func check(_ moto: MotoServer) async throws -> Checked {
        let output = try await PythonScript.run(
            "Tests/HoistEngineTests/monitoring_check.py", arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey, "shop-dev"])
        return try JSONDecoder().decode(Checked.self, from: Data(output.utf8))
    }

    func act(_ moto: MotoServer, _ arguments: [String]) async throws {
        _ = try await PythonScript.run(
            "Tests/HoistEngineTests/monitoring_act.py", arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey] + arguments)
    }

    func monitored(_ email: String? = "ops@example.com", throttles: Int? = 1) -> (inout HoistConfig) -> Void {
        { config in
            config.monitoring.enabled = true
            config.monitoring.alarmEmail = email
            config.monitoring.throttles = throttles
        }
    }

    @Test("the topic with the address subscribed, four alarms notifying it, the dashboard; a second deploy sends no change; settings follow; removal and destroy leave none")
    func lifecycle() async throws {
        try await base.withStack { moto, state in
            let engine = try base.engine(moto, stateDirectory: state, adjust: monitored())
            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
            var checked = try await check(moto)
            let topic = try #require(checked.topic)
            #expect(topic.arn == "arn:aws:sns:us-east-1:\(moto.accountID):shop-dev-alarms" && topic.emails == ["ops@example.com"])
            #expect(topic.tags["hoist:project"] == "shop" && topic.tags["hoist:env"] == "dev")
            #expect(Set(checked.alarms.keys) == ["shop-dev-errors", "shop-dev-throttles", "shop-dev-duration-p99", "shop-dev-api-5xx"], "\(checked.alarms.keys)")
            for (name, alarm) in checked.alarms {
                #expect(alarm.actions == [topic.arn] && alarm.okActions == [topic.arn], "\(name) notifies the topic")
                #expect(alarm.tags["hoist:env"] == "dev", "\(name) is tagged")
            }
            let api = try #require(try await base.check(moto).api?.id)
            #expect(checked.alarms["shop-dev-errors"]?.expression == "100 * part / whole" && checked.alarms["shop-dev-errors"]?.threshold == 1)
            #expect(checked.alarms["shop-dev-errors"]?.dimensions == [["FunctionName", "shop-dev"]])
            #expect(checked.alarms["shop-dev-duration-p99"]?.extended == "p99" && checked.alarms["shop-dev-duration-p99"]?.threshold == 24_000)
            #expect(checked.alarms["shop-dev-throttles"]?.metric == "Throttles" && checked.alarms["shop-dev-throttles"]?.comparison == "GreaterThanOrEqualToThreshold")
            #expect(checked.alarms["shop-dev-api-5xx"]?.dimensions == [["ApiId", api]])
            let widgets = try #require(checked.dashboard?["widgets"])
            #expect(widgets.count == 6 && widgets.first?["type"]?.text == "text", "\(widgets.count) widgets")

            let sha = try #require(try await base.check(moto).function).codeSha256
            #expect(try await engine.plan(codeSha256: sha).isEmpty)
            let before = try moto.requests().count
            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: sha))
            #expect(try base.mutatingRequests(moto, after: before) == [], "a second deploy sends no change")

            // status: the subscription waits for its owner; once confirmed, nothing to say until an alarm fires.
            var status = try await engine.status()
            #expect(status.attention == [Attention("confirm the email SNS sent to ops@example.com: alarms reach no one until its link is followed", firing: false)])
            #expect(status.inSync && !status.alarming)
            try await act(moto, ["confirm", topic.arn, "ops@example.com"])
            #expect(try await engine.status().attention.isEmpty)
            try await act(moto, ["alarm", "shop-dev-errors", "Threshold Crossed: 3 of 40 invocations failed"])
            status = try await engine.status()
            #expect(status.alarming && status.attention == [Attention("alarm shop-dev-errors is in ALARM: Threshold Crossed: 3 of 40 invocations failed", firing: true)])
            #expect(try await engine.plan(codeSha256: sha).isEmpty, "an alarm's state is no drift")

            // Another address, the throttles alarm off: the confirmed old subscription goes, the alarm is deleted.
            let changed = try base.engine(moto, stateDirectory: state, adjust: monitored("oncall@example.com", throttles: nil))
            let plan = try await changed.plan(codeSha256: sha)
            #expect(plan.change(for: .alarmTopic) == .update([PropertyChange(AlarmTopicResource.Property.subscription)]), "\(plan.text)")
            #expect(plan.change(for: .alarms) == .update([PropertyChange(AlarmsResource.Property.alarm("shop-dev-throttles"))]), "\(plan.text)")
            _ = try await changed.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: sha))
            checked = try await check(moto)
            #expect(checked.topic?.emails == ["oncall@example.com"] && checked.alarms["shop-dev-throttles"] == nil && checked.alarms.count == 3)
            #expect(try await changed.plan(codeSha256: sha).isEmpty)

            // The section removed: topic, alarms and dashboard go as orphans.
            let unwatched = try base.engine(moto, stateDirectory: state)
            _ = try await unwatched.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: sha))
            checked = try await check(moto)
            #expect(checked.topic == nil && checked.alarms.isEmpty && checked.dashboard == nil, "\(checked)")
            #expect(try await unwatched.plan(codeSha256: sha).isEmpty)

            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: sha))
            _ = try await engine.destroy()
            checked = try await check(moto)
            #expect(checked.topic == nil && checked.alarms.isEmpty && checked.dashboard == nil, "destroy leaves none of it: \(checked)")
            #expect(try await base.check(moto).function == nil)
        }
    }
}
