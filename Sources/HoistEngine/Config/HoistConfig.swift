import Foundation

/// The project as `hoist.yml` describes it, after validation; defaults are the seed's Terraform values.
package struct HoistConfig: Sendable, Equatable {
    package var projectName: String
    package var region: String?
    /// Where the state is kept; `nil`: `state/` beside the project.
    package var state: StateConfig?

    /// Team state in S3: `<key>/<project>-<env>.json` in `bucket`, with its lock beside it.
    package struct StateConfig: Sendable, Equatable {
        package var bucket: String
        /// The folder in the bucket.
        package var key = "hoist"
        /// The bucket's region; `nil`: the project's.
        package var region: String?
        /// The account that must own the bucket; `nil`: the deploying account.
        package var bucketOwner: String?
        package init(bucket: String) { self.bucket = bucket }
    }

    /// Each kind's section, by its `type`; a section hoist.yml leaves out is at its defaults.
    private var sections: [String: any ConfigSection] = [:]

    package init(projectName: String, region: String? = nil) {
        self.projectName = projectName
        self.region = region
    }

    /// The section of type `S`, at its defaults when hoist.yml has none.
    package func section<S: ConfigSection>(_ type: S.Type = S.self) -> S { sections[S.type] as? S ?? S() }

    /// Sets the section of its type.
    package mutating func set(_ section: any ConfigSection) { sections[type(of: section).type] = section }

    /// Equal when every section is: one left out equals one written out at its defaults.
    package static func == (lhs: HoistConfig, rhs: HoistConfig) -> Bool {
        guard lhs.projectName == rhs.projectName, lhs.region == rhs.region, lhs.state == rhs.state else { return false }
        return Set(lhs.sections.keys).union(rhs.sections.keys).allSatisfy { key in
            switch (lhs.sections[key], rhs.sections[key]) {
            case (let left?, let right?): left.isEqual(to: right)
            case (let section?, nil), (nil, let section?): section.isEqual(to: type(of: section).init())
            case (nil, nil): true
            }
        }
    }

    /// Every resource name starts with the project name, so it must fit the strictest of them (IAM role names).
    package static func isValidProjectName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, (1...40).contains(bytes.count), (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else { return false }
        return bytes.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-") }
    }

    package static let projectNameRule = "must be 1-40 lower-case letters, digits or dashes, starting with a letter (it names every resource)"

    /// What `hoist init` writes: the seed's example in hoist's shape, every default spelled out.
    package static func template(projectName: String, region: String, product: String = "bootstrap") -> String {
        """
        # hoist.yml: what `hoist deploy` builds. Names are derived: <project>-<env> for the function,
        # -role, -api, -table, and the log groups /aws/lambda/<function> and /aws/apigateway/<function>.
        project_name: \(projectName)
        region: \(region)

        resources:
          - id: api-function
            type: aws_lambda
            config:
              path: .                # folder of the function's Swift package
              \("product: \(product)".padding(toLength: 22, withPad: " ", startingAt: 0)) # its executable product, zipped as bootstrap
              memory: 256            # MB, 128-10240
              timeout: 30            # seconds; an HTTP API waits at most 30
              architecture: x86_64   # or arm64
              log_retention_days: 14
              environment: {}
              # reserved_concurrency: 10   # concurrency kept for this function, and its cap
              # permissions_boundary: arn:aws:iam::123456789012:policy/Boundary   # caps the function's role
              # tracing: true               # X-Ray Active: Lambda records each request's trace

          - id: api-gateway
            type: aws_apigateway_v2
            config:
              protocol: HTTP
              cors: true             # or a block: allow_origins, allow_methods, allow_headers
              access_log_retention_days: 14
              throttling: {rate_limit: 100, burst_limit: 200}   # requests per second and burst; false: the account's limits only

          - id: data-table
            type: aws_dynamodb
            config:
              billing_mode: PAY_PER_REQUEST
              hash_key: pk
              range_key: sk
              global_secondary_indexes:
                - name: gsi1
                  hash_key: gsi1pk
                  range_key: gsi1sk
                  projection: ALL
              point_in_time_recovery: true   # continuous backups, restorable to any second of 35 days
              deletion_protection: true      # destroy and --allow-replace turn it off first

          # Alarms to your inbox and a dashboard (hoist metrics and hoist cost work without it):
          # - id: monitoring
          #   type: aws_cloudwatch
          #   config:
          #     alarm_email: ops@example.com   # SNS topic <function>-alarms; confirm the email it sends
          #     dashboard: true
          #     alarms: {errors: 1%, throttles: 1, duration_p99: 80%, api_5xx: 1%}   # each can be false

        """
    }
}
