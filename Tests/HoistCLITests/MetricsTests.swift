import AWSSigV4
import Foundation
import HoistTestSupport
import Testing

/// `hoist metrics` on a deployed environment whose datapoints and REPORT lines were written with boto3.
@Suite("hoist metrics")
struct MetricsTests {
    @Test("counts from CloudWatch over the window (another function's and older ones left out), exact percentiles and cold starts from REPORT lines, the API's by its id")
    func report() async throws {
        try await withDeployedProject("metrics") { moto, config, apiID in
            let function = ["FunctionName": "metrics-dev"], api = ["ApiId": apiID]
            let points: [[String: Any]] = [
                point("AWS/Lambda", "Invocations", function, 10, minutesAgo: 5), point("AWS/Lambda", "Invocations", function, 5, minutesAgo: 20),
                point("AWS/Lambda", "Invocations", function, 7, minutesAgo: 40), point("AWS/Lambda", "Invocations", function, 50, minutesAgo: 90),
                point("AWS/Lambda", "Invocations", ["FunctionName": "other-dev"], 100, minutesAgo: 5),
                point("AWS/Lambda", "Errors", function, 2, minutesAgo: 5), point("AWS/Lambda", "Throttles", function, 1, minutesAgo: 20),
                point("AWS/ApiGateway", "Count", api, 30, minutesAgo: 5), point("AWS/ApiGateway", "4xx", api, 3, minutesAgo: 5),
                point("AWS/ApiGateway", "5xx", api, 1, minutesAgo: 20),
            ]
            let json = String(decoding: try JSONSerialization.data(withJSONObject: points), as: UTF8.self)
            _ = try await PythonScript.run(
                "Tests/HoistCLITests/metric_data.py", arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey, json])
            let report = { (duration: Double, initDuration: Double?, used: Int) in
                "REPORT RequestId: \(UUID().uuidString.lowercased())\tDuration: \(duration) ms\tBilled Duration: \(Int(duration.rounded(.up))) ms\tMemory Size: 256 MB\tMax Memory Used: \(used) MB\t"
                    + (initDuration.map { "Init Duration: \($0) ms\t" } ?? "")
            }
            _ = try await PythonScript.run(
                "Tests/HoistCLITests/log_events.py",
                arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey, "/aws/lambda/metrics-dev"] + [
                    "START RequestId: 1 Version: $LATEST", report(20, 80, 40), report(10, nil, 41), "the handler says REPORT in a line of its own",
                    report(100, 120.5, 48), report(40, nil, 42), report(30, nil, 43),
                ])

            let run = try await HoistBinary.run(["metrics", "--config", config, "--json"], environment: moto.environment, workingDirectory: Repository.root)
            try #require(run.status == 0, "\(run.standardError)")
            let metrics = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any], "\(run.standardOutput)")
            let window = try #require(metrics["window"] as? [String: Any])
            #expect(window["period"] as? Int == 60)
            let functionMetrics = try #require(metrics["function"] as? [String: Any])
            func total(_ series: Any?) -> Double? { (series as? [String: Any])?["total"] as? Double }
            #expect(total(functionMetrics["invocations"]) == 22, "\(functionMetrics)")
            #expect(((functionMetrics["invocations"] as? [String: Any])?["points"] as? [Double])?.count == 60)
            #expect(total(functionMetrics["errors"]) == 2 && total(functionMetrics["throttles"]) == 1)
            #expect(functionMetrics["errorRate"] as? Double == 2.0 / 22.0)
            #expect(functionMetrics["duration"] as? [String: Double] == ["count": 5, "p50": 30, "p90": 100, "p99": 100, "max": 100], "\(functionMetrics)")
            #expect(functionMetrics["coldStarts"] as? Int == 2)
            #expect(functionMetrics["initDuration"] as? [String: Double] == ["count": 2, "p50": 80, "p90": 120.5, "p99": 120.5, "max": 120.5])
            #expect(functionMetrics["memorySizeMB"] as? Int == 256 && functionMetrics["maxMemoryUsedMB"] as? Int == 48 && functionMetrics["reportLines"] as? Int == 5)
            let apiMetrics = try #require(metrics["api"] as? [String: Any])
            #expect(apiMetrics["id"] as? String == apiID)
            #expect(total(apiMetrics["requests"]) == 30 && total(apiMetrics["clientErrors"]) == 3 && total(apiMetrics["serverErrors"]) == 1, "\(apiMetrics)")

            let text = try await HoistBinary.run(["metrics", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
            #expect(text.status == 0, "\(text.standardError)")
            for line in [
                "  invocations   22", "  errors        2  (9.09%)", "  duration      p50 30.0 ms  p90 100.0 ms  p99 100.0 ms  max 100.0 ms  (5 REPORT lines)",
                "  cold starts   2  init p50 80.0 ms  max 120.5 ms", "  memory        max used 48 MB of 256 MB", "  5xx           1",
            ] {
                #expect(text.standardOutput.split(separator: "\n").contains(Substring(line)), "\(line) in \(text.standardOutput)")
            }
            #expect(!text.standardOutput.contains("▁"), "no sparklines off a terminal")
            let elsewhere = try await HoistBinary.run(["metrics", "--config", config, "--env", "nope"], environment: moto.environment, workingDirectory: Repository.root)
            #expect(elsewhere.status == 1 && elsewhere.standardError.contains("nope"), "an environment never deployed is no idle one: \(elsewhere.standardError)")

        }
    }

    @Test("cost: a month's usage at list prices, the free tier apart and the right-sizing line, to the cent as written out here")
    func cost() async throws {
        try await withDeployedProject("spend") { moto, config, apiID in
            let gib = 1_073_741_824.0
            let function = ["FunctionName": "spend-dev"], table = ["TableName": "spend-dev-table"]
            let points: [[String: Any]] = [
                point("AWS/Lambda", "Invocations", function, 2_000_000, minutesAgo: 3000), point("AWS/Lambda", "Invocations", function, 500_000, minutesAgo: 60),
                point("AWS/Lambda", "Duration", function, 100_000_000, minutesAgo: 3000), point("AWS/Lambda", "Duration", function, 25_000_000, minutesAgo: 60),
                point("AWS/ApiGateway", "Count", ["ApiId": apiID], 2_400_000, minutesAgo: 600),
                point("AWS/DynamoDB", "ConsumedReadCapacityUnits", table, 3_000_000, minutesAgo: 600),
                point("AWS/DynamoDB", "ConsumedWriteCapacityUnits", table, 1_500_000, minutesAgo: 600),
                point("AWS/Logs", "IncomingBytes", ["LogGroupName": "/aws/lambda/spend-dev"], 2 * gib, minutesAgo: 600),
                point("AWS/Logs", "IncomingBytes", ["LogGroupName": "/aws/apigateway/spend-dev"], gib, minutesAgo: 600),
                point("AWS/Lambda", "Invocations", ["FunctionName": "other-dev"], 9_000_000, minutesAgo: 600),
            ]
            let json = String(decoding: try JSONSerialization.data(withJSONObject: points), as: UTF8.self)
            _ = try await PythonScript.run(
                "Tests/HoistCLITests/metric_data.py", arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey, json])
            _ = try await PythonScript.run(
                "Tests/HoistCLITests/log_events.py",
                arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey, "/aws/lambda/spend-dev",
                    "REPORT RequestId: 1\tDuration: 50.0 ms\tBilled Duration: 50 ms\tMemory Size: 256 MB\tMax Memory Used: 48 MB\t"])

            let run = try await HoistBinary.run(["cost", "--config", config, "--json"], environment: moto.environment, workingDirectory: Repository.root)
            try #require(run.status == 0, "\(run.standardError)")
            let cost = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any], "\(run.standardOutput)")
            let usage = try #require(cost["usage"] as? [String: Double])
            let (tableGB, storedGB) = (try #require(usage["tableBytes"]) / gib, try #require(usage["logBytes"]) / gib)
            #expect(usage["invocations"] == 2_500_000 && usage["apiRequests"] == 2_400_000, "\(usage)")
            // 30 days, so one month: 256 MB for 125,000 s is 31,250 GB-s.
            let compute = 31_250 * 0.0000166667
            let expected = 2.5 * 0.20 + compute + 2.4 * 1.00 + 3 * 0.125 + 1.5 * 0.625 + tableGB * 0.25 + 3 * 0.50 + storedGB * 0.03
            let free = 1 * 0.20 + compute + min(tableGB, 25) * 0.25 + 3 * 0.50 + min(storedGB, 2) * 0.03
            func cents(_ value: Any?) -> Int? { (value as? Double).map { Int(($0 * 100).rounded()) } }
            #expect(cents(cost["total"]) == Int((expected * 100).rounded()), "\(cost)")
            #expect(cents(cost["freeTier"]) == Int((free * 100).rounded()))
            #expect(cents(cost["afterFreeTier"]) == Int(((expected - free) * 100).rounded()))
            let sizing = try #require(cost["rightSizing"] as? [String: Any])
            #expect(sizing["configuredMB"] as? Int == 256 && sizing["maxUsedMB"] as? Int == 48 && sizing["suggestedMB"] as? Int == 128)
            #expect(cents(sizing["saving"]) == Int((compute / 2 * 100).rounded()))

            let text = try await HoistBinary.run(["cost", "--config", config, "--since", "30d"], environment: moto.environment, workingDirectory: Repository.root)
            #expect(text.status == 0 && text.standardOutput.contains("us-east-1 list prices") && text.standardOutput.contains("right-sizing: 256 MB configured"), "\(text.standardOutput)")
            #expect(text.standardOutput.contains("  Lambda           requests                    2,500,000 requests    $0.5000"), "\(text.standardOutput)")
        }
    }

    /// Deploys `project` (this repository's function) on a fresh moto, hands `body` the server, the hoist.yml
    /// path and the API id the state records, then destroys it.
    func withDeployedProject(_ project: String, _ body: (MotoServer, String, String) async throws -> Void) async throws {
        try await withMotoServer { moto in
            try await withTemporaryDirectory { directory in
                try writeFile("project_name: \(project)\n", to: "hoist.yml", in: directory)
                let config = directory.appendingPathComponent("hoist.yml").path
                defer { removeState(of: "\(project)-dev") }
                let deploy = try await HoistBinary.run(["deploy", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
                try #require(deploy.status == 0, "\(deploy.standardError)")
                let state = try JSONSerialization.jsonObject(with: Data(contentsOf: Repository.root.appendingPathComponent("state/\(project)-dev.json"))) as? [String: Any]
                let apiID = try #require(((state?["resources"] as? [String: Any])?["api"] as? [String: Any])?["id"] as? String)
                try await body(moto, config, apiID)
                let destroy = try await HoistBinary.run(["destroy", "--yes", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
                #expect(destroy.status == 0, "\(destroy.standardError)")
            }
        }
    }

    /// One datapoint for metric_data.py.
    func point(_ namespace: String, _ metric: String, _ dimensions: [String: String], _ value: Double, minutesAgo: Double) -> [String: Any] {
        ["namespace": namespace, "metric": metric, "dimensions": dimensions, "value": value, "minutesAgo": minutesAgo]
    }
}
