import ArgumentParser
import Foundation
import HoistEngine

extension Hoist {
    /// What an environment cost over a window, from its usage and AWS's list prices.
    struct Cost: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Estimate what the environment cost over a window: Lambda, the HTTP API, DynamoDB and CloudWatch Logs, the free tier apart.",
            discussion: """
                Usage comes from CloudWatch (invocations, summed duration, requests, consumed capacity, ingested bytes) and the table's and \
                log groups' sizes; prices are AWS's US East list prices (see the README's "Monitoring"). The memory the function used, from its \
                REPORT lines, gives a right-sizing line.

                Example: hoist cost --env prod --since 30d
                """)
        @OptionGroup var project: ProjectOptions
        @OptionGroup var aws: AWSOptions
        @Option(help: "From how long ago (7d, 30d) or from when (ISO 8601, e.g. 2026-11-01T00:00:00Z).")
        var since = "30d"
        @Flag(help: "Print JSON.")
        var json = false

        func validate() throws { _ = try Metrics.window(since) }

        func run() async throws {
            let context = try ProjectContext(project: project, aws: aws)
            let (start, end) = try Metrics.window(since)
            let cost = try await explained(context) { try await context.engine.cost(start: start, end: end) }
            if json {
                try printJSON(cost)
            } else {
                print(Self.text(cost, stack: context.spec.functionName), terminator: "")
            }
        }

        static func text(_ cost: StackCost, stack: String) -> String {
            let prices = cost.region == cost.pricesFor ? "\(cost.pricesFor) list prices" : "\(cost.pricesFor) list prices (\(cost.region)'s differ by a few percent)"
            var lines = ["cost of \(stack) over \(String(format: "%.1f", cost.days)) days at \(prices), checked \(cost.pricesChecked)", ""]
            for item in cost.items {
                let quantity = "\(MetricsScreen.count((item.quantity * 1000).rounded() / 1000)) \(item.unit)"
                lines.append(
                    "  " + item.service.padding(toLength: 17, withPad: " ", startingAt: 0) + item.item.padding(toLength: 28, withPad: " ", startingAt: 0)
                        + quantity.padding(toLength: 22, withPad: " ", startingAt: 0) + dollars(item.cost))
            }
            lines += [
                "", "  " + "total at list prices".padding(toLength: 67, withPad: " ", startingAt: 0) + dollars(cost.total),
                "  " + "free tier (monthly, scaled to the window)".padding(toLength: 67, withPad: " ", startingAt: 0) + "-" + dollars(cost.freeTier),
                "  " + "after the free tier".padding(toLength: 67, withPad: " ", startingAt: 0) + dollars(cost.afterFreeTier),
            ]
            if let sizing = cost.rightSizing {
                lines += [
                    "",
                    "right-sizing: \(sizing.configuredMB) MB configured, at most \(sizing.maxUsedMB) MB used; \(sizing.suggestedMB) MB would save \(dollars(sizing.saving)) of compute over the window (at the same durations)",
                ]
            }
            return lines.joined(separator: "\n") + "\n"
        }

        /// Cents from a dollar up; below, four decimals, so a cheap environment's items do not all read $0.00.
        static func dollars(_ value: Double) -> String { String(format: value >= 1 ? "$%.2f" : "$%.4f", value) }
    }
}
