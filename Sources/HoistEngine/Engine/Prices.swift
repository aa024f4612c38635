/// AWS's public on-demand list prices `hoist cost` uses, in US dollars, for US East (N. Virginia): Lambda
/// (aws.amazon.com/lambda/pricing: $0.20 per million requests; $0.0000166667 per GB-second on x86_64 and
/// $0.0000133334 on arm64, the first tier, up to 6 and 7.5 billion GB-seconds a month), HTTP APIs
/// (aws.amazon.com/api-gateway/pricing: $1.00 per million requests, the first 300 million), DynamoDB on-demand
/// (aws.amazon.com/dynamodb/pricing/on-demand: $0.625 per million write and $0.125 per million read request
/// units since the November 2024 cut; $0.25 per GB-month stored) and CloudWatch Logs (aws.amazon.com/cloudwatch/pricing:
/// $0.50 per GB ingested, $0.03 per GB-month stored). Checked on 2026-12-07 against the published figures as
/// quoted by secondary sources (this machine does not reach AWS's Price List API). Other regions' prices differ
/// by a few percent: the estimate names the region these are for.
package enum Prices {
    package static let region = "us-east-1"
    package static let date = "2026-12-07"

    static let lambdaRequestsPerMillion = 0.20
    static func lambdaGBSecond(_ architecture: String) -> Double { architecture == "arm64" ? 0.0000133334 : 0.0000166667 }
    static let httpAPIRequestsPerMillion = 1.00
    static let dynamoDBWriteUnitsPerMillion = 0.625
    static let dynamoDBReadUnitsPerMillion = 0.125
    static let dynamoDBStorageGBMonth = 0.25
    static let logsIngestedGB = 0.50
    static let logsStoredGBMonth = 0.03

    /// The always-free tier, per month: Lambda's 1 million requests and 400,000 GB-seconds, DynamoDB's 25 GB
    /// stored, CloudWatch Logs' 5 GB (ingested and stored together). API Gateway's free requests are for an
    /// account's first 12 months only, which hoist cannot know, so none are counted.
    static let freeLambdaRequests = 1_000_000.0
    static let freeLambdaGBSeconds = 400_000.0
    static let freeDynamoDBStorageGB = 25.0
    static let freeLogsGB = 5.0
}
