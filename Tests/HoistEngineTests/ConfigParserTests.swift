import HoistEngine
import Testing

@Suite("hoist.yml")
struct ConfigParserTests {
    let parser = ConfigParser(file: "hoist.yml")

    @Test("the template parses to the seed's defaults")
    func template() throws {
        let config = try parser.parse(HoistConfig.template(projectName: "my-api", region: "eu-west-1"))
        var expected = HoistConfig(projectName: "my-api", region: "eu-west-1")
        expected.function.environment = [:]
        #expect(config == expected)
        #expect(config.function.memory == 256 && config.function.timeout == 30 && config.function.logRetentionDays == 14)
        #expect(config.api.cors?.allowMethods == ["GET", "POST", "PUT", "DELETE", "OPTIONS"])
        #expect(config.table.indexes == [HoistConfig.IndexConfig(name: "gsi1", hashKey: "gsi1pk", rangeKey: "gsi1sk")])
        #expect(config.api.throttling?.rateLimit == 100 && config.api.throttling?.burstLimit == 200, "throttled unless turned off")
        #expect(config.function.reservedConcurrency == nil)
    }

    @Test("throttling: false opens the stage to the account's limits; a partial block keeps the other default")
    func throttling() throws {
        let absent = try parser.parse("project_name: a\n")
        #expect(absent.api.throttling?.rateLimit == 100 && absent.api.throttling?.burstLimit == 200, "throttled when hoist.yml says nothing")
        let off = try parser.parse("project_name: a\nresources:\n  - type: aws_apigateway_v2\n    config:\n      throttling: false\n")
        #expect(off.api.throttling == nil)
        let rate = try parser.parse("project_name: a\nresources:\n  - type: aws_apigateway_v2\n    config:\n      throttling: {rate_limit: 2.5}\n")
        #expect(rate.api.throttling?.rateLimit == 2.5 && rate.api.throttling?.burstLimit == 200)
        #expect(rate.api.throttling?.description == "2.5/s burst 200")
    }

    @Test("aws_cloudwatch: absent watches nothing; present, its defaults; each alarm set or turned off")
    func monitoring() throws {
        #expect(try parser.parse("project_name: my-api\n").monitoring.enabled == false)
        let defaults = try parser.parse("project_name: my-api\nresources:\n  - type: aws_cloudwatch\n").monitoring
        #expect(defaults.enabled && defaults.dashboard && defaults.alarmEmail == nil)
        #expect(defaults.errorsPercent == 1 && defaults.throttles == 1 && defaults.durationP99Percent == 80 && defaults.api5xxPercent == 1)
        let set = try parser.parse(
            "project_name: my-api\nresources:\n  - type: aws_cloudwatch\n    config:\n      alarm_email: ops@example.com\n      dashboard: false\n"
                + "      alarms: {errors: 2.5%, throttles: false, duration_p99: 90, api_5xx: false}\n").monitoring
        #expect(set.alarmEmail == "ops@example.com" && !set.dashboard)
        #expect(set.errorsPercent == 2.5 && set.throttles == nil && set.durationP99Percent == 90 && set.api5xxPercent == nil)
    }

    @Test("the seed's own example configuration is accepted")
    func seedExample() throws {
        let config = try parser.parse(
            """
            project_name: my-lambda-api
            provider: aws
            architecture_type: lambda_api
            resources:
              - id: api-function
                type: aws_lambda
                name: my-api
                provider: aws
                config:
                  runtime: provided.al2023
                  memory: 512
                  timeout: 20
              - id: api-gateway
                type: aws_apigateway_v2
                config:
                  protocol: HTTP
                  cors: false
              - id: data-table
                type: aws_dynamodb
                config:
                  billing_mode: PAY_PER_REQUEST
                  hash_key: pk
                  range_key: sk
            """)
        #expect(config.function.memory == 512)
        #expect(config.api.cors == nil)
    }

    @Test("bad values are errors at their line and column", arguments: [
        ("project_name: my-api\nresources:\n  - type: aws_lambda\n    config:\n      memroy: 256\n", "hoist.yml:5:7: unknown key 'memroy' in aws_lambda config; valid keys: path, product, memory, timeout, architecture, environment, log_retention_days, runtime, handler, files, reserved_concurrency, permissions_boundary, tracing, keep_versions, provisioned_concurrency"),
        ("project_name: my-api\nresources:\n  - type: aws_lambda\n    config:\n      memory: 64\n", "hoist.yml:5:15: memory 64 is outside Lambda's 128-10240 MB"),
        ("project_name: my-api\nresources:\n  - type: aws_lambda\n    config:\n      timeout: 901\n", "hoist.yml:5:16: timeout 901 is outside Lambda's 1-900 seconds (and an HTTP API gives up after 30)"),
        ("project_name: my-api\nresources:\n  - type: aws_lambda\n    config:\n      memory: lots\n", "hoist.yml:5:15: memory must be a whole number, not 'lots'"),
        ("project_name: my-api\nregion: mars-1\n", "hoist.yml:2:9: region 'mars-1' is not an AWS region name (like us-east-1 or eu-west-3)"),
        ("project_name: My_API\n", "hoist.yml:1:15: project_name 'My_API' must be 1-40 lower-case letters, digits or dashes, starting with a letter (it names every resource)"),
        ("project_name: my-api\nresources:\n  - type: aws_s3\n", "hoist.yml:3:11: unknown resource type 'aws_s3'; use aws_dynamodb, aws_apigateway_v2, aws_lambda or aws_cloudwatch"),
        ("project_name: my-api\nresources:\n  - type: aws_lambda\n    config:\n      log_retention_days: 10\n", "hoist.yml:5:27: retention 10 days is not one CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653"),
        ("project_name: [my-api\n", "hoist.yml:2:1: not valid YAML: did not find expected ',' or ']'"),
        ("resources: []\n", "hoist.yml:1:1: project_name is missing; add 'project_name: my-api'"),
        ("project_name: my-api\nstate: {backend: s3, bucket: My_Bucket}\n", "hoist.yml:2:30: bucket 'My_Bucket' is not an S3 bucket name (3-63 lower-case letters, digits, dots and dashes)"),
        ("project_name: my-api\nstate: {backend: gcs, bucket: b}\n", "hoist.yml:2:18: state backend 'gcs' is not local or s3"),
        ("project_name: my-api\nstate: {backend: s3}\n", "hoist.yml:2:8: state with backend s3 needs a bucket; add 'bucket: my-team-state'"),
        ("project_name: my-api\nresources:\n  - type: aws_lambda\n    config:\n      environment:\n        API_KEY: ssm:/my api/key\n", "hoist.yml:6:18: API_KEY: 'ssm:/my api/key' is not a Parameter Store reference; write ssm:/path/name (letters, digits, . - _ and /)"),
        ("project_name: my-api\nresources:\n  - type: aws_lambda\n    config:\n      permissions_boundary: AdminBoundary\n", "hoist.yml:5:29: permissions_boundary 'AdminBoundary' is not a managed policy ARN (arn:aws:iam::123456789012:policy/NAME)"),
        ("project_name: my-api\nresources:\n  - type: aws_cloudwatch\n    config:\n      alarm_email: ops\n", "hoist.yml:5:20: alarm_email 'ops' is not an email address; write one like ops@example.com"),
        ("project_name: my-api\nresources:\n  - type: aws_cloudwatch\n    config:\n      alarms: {errors: 150%}\n", "hoist.yml:5:24: errors '150%' must be a percentage above 0 and at most 100, like 1% (or errors: false)"),
        ("project_name: my-api\nresources:\n  - type: aws_cloudwatch\n    config:\n      alarms: {latency: 1%}\n", "hoist.yml:5:16: unknown key 'latency' in alarms; valid keys: errors, throttles, duration_p99, api_5xx"),
        ("project_name: my-api\nresources:\n  - type: aws_lambda\n    config:\n      reserved_concurrency: 0\n", "hoist.yml:5:29: reserved_concurrency 0 must be at least 1 (0 would stop every invocation); remove the key to share the account's pool"),
        ("project_name: my-api\nresources:\n  - type: aws_apigateway_v2\n    config:\n      throttling: {rate_limit: 0}\n", "hoist.yml:5:32: rate_limit '0' must be a number of requests per second above 0 (or throttling: false)"),
        ("project_name: my-api\nresources:\n  - type: aws_apigateway_v2\n    config:\n      throttling: {burst: 5}\n", "hoist.yml:5:20: unknown key 'burst' in throttling; valid keys: rate_limit, burst_limit"),
        ("project_name: my-api\nresources:\n  - type: aws_lambda\n    config:\n      product: \"boot\\n\"\n", "hoist.yml:5:16: product 'boot\n' is not a SwiftPM product name; use the name of an executable product in the package"),
        ("project_name: my-api\nresources:\n  - type: aws_apigateway_v2\n    config:\n      domain: api_example.com\n", "hoist.yml:5:15: domain 'api_example.com' is not a DNS name like api.example.com (letters, digits and inner hyphens in dot-separated labels)"),
        ("project_name: my-api\nresources:\n  - type: aws_apigateway_v2\n    config:\n      domain: {name: api.example.com, hosted_zone: example.org}\n", "hoist.yml:5:52: hosted_zone 'example.org' does not hold 'api.example.com'; name the zone the domain ends with, e.g. example.com"),
        ("project_name: my-api\nresources:\n  - type: aws_apigateway_v2\n    config:\n      domain: {name: api.example.com, domain_wait: forever}\n", "hoist.yml:5:52: domain_wait 'forever' is not a duration of up to 72h (ACM's own limit); write it as 20m or 2h"),
    ])
    func errors(yaml: String, message: String) {
        #expect(throws: ConfigError.self) { try parser.parse(yaml) }
        do {
            _ = try parser.parse(yaml)
        } catch {
            #expect(error.description == message)
        }
    }
}
