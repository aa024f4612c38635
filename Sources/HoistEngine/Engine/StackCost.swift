import Foundation

/// What an environment used over a window, each metric summed over it; storage as measured now.
package struct StackUsage: Sendable, Encodable, Equatable {
    package var invocations: Double
    /// The sum of every invocation's duration.
    package var durationMilliseconds: Double
    package var apiRequests: Double
    package var readRequestUnits: Double
    package var writeRequestUnits: Double
    package var logIngestedBytes: Double
    /// The table's size and the log groups' stored bytes, taken as the window's average.
    package var tableBytes: Double = 0
    package var logBytes: Double = 0
}

/// An environment's cost over a window at `Prices`: a line per priced item, the total at list price, what the
/// monthly free tier (scaled to the window's length) takes off, and a right-sizing line for the function's
/// memory. Compute is the summed duration times the configured memory: what Lambda bills, to the rounding of
/// each invocation up to the millisecond.
package struct StackCost: Sendable, Encodable, Equatable {
    package struct Item: Sendable, Encodable, Equatable {
        package var service: String
        package var item: String
        package var quantity: Double
        package var unit: String
        /// US dollars.
        package var cost: Double
    }

    /// Less memory for the function, when what it used leaves room: 25% above the most any invocation of the
    /// window used, in steps of 64 MB and at least Lambda's 128 MB.
    package struct RightSizing: Sendable, Encodable, Equatable {
        package var configuredMB: Int
        package var maxUsedMB: Int
        package var suggestedMB: Int
        /// The compute cost it would save at the same durations (less memory also means less CPU, which may
        /// make a CPU-bound function slower).
        package var saving: Double
    }

    package var region: String
    package var pricesFor: String
    package var pricesChecked: String
    /// Days the window spans.
    package var days: Double
    package var usage: StackUsage
    package var items: [Item]
    package var total: Double
    package var freeTier: Double
    package var afterFreeTier: Double
    package var rightSizing: RightSizing?

    package init(usage: StackUsage, memoryMB: Int, architecture: String, maxMemoryUsedMB: Int?, region: String, start: Double, end: Double) {
        let days = (end - start) / 86400, months = days / 30, gigabyte = 1_073_741_824.0
        let gbSeconds = usage.durationMilliseconds / 1000 * Double(memoryMB) / 1024
        let tableGB = usage.tableBytes / gigabyte, ingestedGB = usage.logIngestedBytes / gigabyte, storedGB = usage.logBytes / gigabyte
        let compute = gbSeconds * Prices.lambdaGBSecond(architecture)
        items = [
            Item(service: "Lambda", item: "requests", quantity: usage.invocations, unit: "requests", cost: usage.invocations / 1e6 * Prices.lambdaRequestsPerMillion),
            Item(service: "Lambda", item: "compute (\(architecture), \(memoryMB) MB)", quantity: gbSeconds, unit: "GB-s", cost: compute),
            Item(service: "API Gateway", item: "HTTP API requests", quantity: usage.apiRequests, unit: "requests", cost: usage.apiRequests / 1e6 * Prices.httpAPIRequestsPerMillion),
            Item(service: "DynamoDB", item: "reads", quantity: usage.readRequestUnits, unit: "RRU", cost: usage.readRequestUnits / 1e6 * Prices.dynamoDBReadUnitsPerMillion),
            Item(service: "DynamoDB", item: "writes", quantity: usage.writeRequestUnits, unit: "WRU", cost: usage.writeRequestUnits / 1e6 * Prices.dynamoDBWriteUnitsPerMillion),
            Item(service: "DynamoDB", item: "storage", quantity: tableGB, unit: "GB", cost: tableGB * Prices.dynamoDBStorageGBMonth * months),
            Item(service: "CloudWatch Logs", item: "ingestion", quantity: ingestedGB, unit: "GB", cost: ingestedGB * Prices.logsIngestedGB),
            Item(service: "CloudWatch Logs", item: "storage", quantity: storedGB, unit: "GB", cost: storedGB * Prices.logsStoredGBMonth * months),
        ]
        total = items.map(\.cost).reduce(0, +)
        // Each allowance scaled to the window, taking off at most what its item cost.
        let freeLogsGB = Prices.freeLogsGB * months
        let freeIngestedGB = min(ingestedGB, freeLogsGB), freeStoredGB = min(storedGB, freeLogsGB - freeIngestedGB)
        freeTier =
            min(usage.invocations, Prices.freeLambdaRequests * months) / 1e6 * Prices.lambdaRequestsPerMillion
            + min(gbSeconds, Prices.freeLambdaGBSeconds * months) * Prices.lambdaGBSecond(architecture)
            + min(tableGB, Prices.freeDynamoDBStorageGB) * Prices.dynamoDBStorageGBMonth * months
            + freeIngestedGB * Prices.logsIngestedGB + freeStoredGB * Prices.logsStoredGBMonth * months
        afterFreeTier = max(0, total - freeTier)
        rightSizing = maxMemoryUsedMB.flatMap { used in
            let suggested = max(128, Int((Double(used) * 1.25 / 64).rounded(.up)) * 64)
            guard suggested < memoryMB else { return nil }
            return RightSizing(configuredMB: memoryMB, maxUsedMB: used, suggestedMB: suggested, saving: compute * Double(memoryMB - suggested) / Double(memoryMB))
        }
        self.region = region
        pricesFor = Prices.region
        pricesChecked = Prices.date
        self.days = days
        self.usage = usage
    }
}
