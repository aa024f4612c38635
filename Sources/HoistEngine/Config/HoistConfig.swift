import Foundation

/// The project as `hoist.yml` describes it, after validation; defaults are the seed's Terraform values.
package struct HoistConfig: Sendable, Equatable {
    package var projectName: String
    package var region: String?
    package var function: FunctionConfig
    package var api: APIConfig
    package var table: TableConfig
    /// Where the state is kept; `nil`: `state/` beside the project.
    package var state: StateConfig?

    /// Team state in S3: `<key>/<project>-<env>.json` in `bucket`, with its lock beside it.
    package struct StateConfig: Sendable, Equatable {
        package var bucket: String
        /// The folder in the bucket.
        package var key = "hoist"
        /// The bucket's region; `nil`: the project's.
        package var region: String?
        package init(bucket: String) { self.bucket = bucket }
    }

    package struct FunctionConfig: Sendable, Equatable {
        /// The folder of the function's Swift package, relative to the project folder (where hoist runs).
        package var path = "."
        /// The package's executable product; zipped as `bootstrap`, the name Lambda starts.
        package var product = "bootstrap"
        package var memory = 256
        package var timeout = 30
        package var architecture = "x86_64"
        package var environment: [String: String] = [:]
        package var logRetentionDays = 14
        package var extraFiles: [String] = []
        package init() {}
    }

    package struct APIConfig: Sendable, Equatable {
        /// `nil`: CORS off.
        package var cors: CORS? = CORS()
        package var accessLogRetentionDays = 14
        package init() {}
    }

    package struct CORS: Sendable, Equatable {
        package var allowOrigins = ["*"]
        package var allowMethods = ["GET", "POST", "PUT", "DELETE", "OPTIONS"]
        package var allowHeaders = ["Content-Type", "Authorization"]
        package init() {}
    }

    package struct TableConfig: Sendable, Equatable {
        package var billingMode = "PAY_PER_REQUEST"
        package var hashKey = "pk"
        package var rangeKey: String? = "sk"
        package var indexes: [IndexConfig] = [IndexConfig(name: "gsi1", hashKey: "gsi1pk", rangeKey: "gsi1sk")]
        package init() {}
    }

    package struct IndexConfig: Sendable, Equatable {
        package var name: String
        package var hashKey: String
        package var rangeKey: String?
        package var projection = "ALL"
        package init(name: String, hashKey: String, rangeKey: String?, projection: String = "ALL") {
            self.name = name
            self.hashKey = hashKey
            self.rangeKey = rangeKey
            self.projection = projection
        }
    }

    package init(projectName: String, region: String? = nil, function: FunctionConfig = .init(), api: APIConfig = .init(), table: TableConfig = .init()) {
        self.projectName = projectName
        self.region = region
        self.function = function
        self.api = api
        self.table = table
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

          - id: api-gateway
            type: aws_apigateway_v2
            config:
              protocol: HTTP
              cors: true             # or a block: allow_origins, allow_methods, allow_headers
              access_log_retention_days: 14

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

        """
    }
}
