/// What hoist knows it made in one environment: written after every change, read before every plan.
///
/// Names are derived from the project and environment, so most resources can be found again without it;
/// it adds what AWS invents (the API's id, the integration and route ids) and what was last applied, and
/// it ties the environment to one account and region.
package struct StateFile: Codable, Sendable, Equatable {
    package static let currentVersion = 1

    package var version: Int
    package var project: String
    package var environment: String
    package var account: String
    package var region: String
    /// Resource kind (`role`, `table`, `function`, …) → what was recorded for it.
    package var resources: [String: ResourceRecord]
    /// The `CodeSha256` of the code last uploaded.
    package var codeSha256: String?

    package init(project: String, environment: String, account: String, region: String) {
        version = Self.currentVersion
        self.project = project
        self.environment = environment
        self.account = account
        self.region = region
        resources = [:]
    }

    package struct ResourceRecord: Codable, Sendable, Equatable {
        package var id: String
        package var arn: String?
        /// What a kind keeps beyond its id (the alias: the version it served before a rollback).
        package var attributes: [String: String]?

        package init(id: String, arn: String? = nil, attributes: [String: String]? = nil) {
            self.id = id
            self.arn = arn
            self.attributes = attributes
        }
    }
}
