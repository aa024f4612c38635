import Foundation

/// Everything one environment of the project should be, with every name derived, so the planner compares
/// values and never builds strings.
package struct StackSpec: Sendable, Equatable {
    package var project: String
    package var environment: String
    package var region: String
    package var config: HoistConfig

    package init(config: HoistConfig, environment: String, region: String) {
        self.project = config.projectName
        self.environment = environment
        self.region = region
        self.config = config
    }

    /// `<project>-<env>`: the function's name and the stem of every other name, as in the seed.
    package var functionName: String { "\(project)-\(environment)" }

    /// Tags on everything taggable, so a lost state file can be rebuilt from what AWS holds.
    package var tags: [String: String] { ["hoist:project": project, "hoist:env": environment] }

    /// Whether `tags` mark a resource as this environment's: the only ones hoist adopts, changes or deletes.
    package func owns(_ tags: [String: String]?) -> Bool {
        tags?["hoist:project"] == project && tags?["hoist:env"] == environment
    }


    /// Names AWS would refuse, found before any call: IAM role names stop at 64 characters, API names at 128.
    package func validate() throws(ConfigError) {
        if roleName.count > 64 {
            throw ConfigError(file: "hoist.yml", line: 1, column: 1, message: "role name '\(roleName)' is over IAM's 64 characters; shorten project_name or the environment name")
        }
    }
}
