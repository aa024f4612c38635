import Foundation

/// `~/.aws/credentials` and `~/.aws/config`, read as the AWS CLI reads them.
///
/// In the credentials file a section is named after its profile; in the config file it is `[profile NAME]`,
/// except `[default]`. Values of the same profile merge, the credentials file winning.
package struct SharedConfigFiles: Sendable, Equatable {
    package var profiles: [String: [String: String]]
    /// The config file's `[sso-session NAME]` sections, which profiles name with `sso_session`.
    package var ssoSessions: [String: [String: String]] = [:]
    /// Profiles whose keys are in the credentials file, which the AWS CLI tries before `credential_process`
    /// (keys in the config file come after it).
    package var keysInCredentialsFile: Set<String> = []
    package var home: String
    package var credentialsPath: String
    package var configPath: String

    /// Loads both files from `AWS_SHARED_CREDENTIALS_FILE`/`AWS_CONFIG_FILE` or `$HOME/.aws/`; a missing
    /// file is simply empty.
    package init(environment: [String: String]) throws {
        home = environment["HOME"] ?? NSHomeDirectory()
        credentialsPath = environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "\(home)/.aws/credentials"
        configPath = environment["AWS_CONFIG_FILE"] ?? "\(home)/.aws/config"
        var profiles: [String: [String: String]] = [:]
        for (name, values) in try Self.parse(path: configPath, isConfig: true) {
            if name.hasPrefix("sso-session ") {
                ssoSessions[name.dropFirst("sso-session ".count).trimmingCharacters(in: .whitespaces)] = values
            } else {
                profiles[name, default: [:]].merge(values) { $1 }
            }
        }
        for (name, values) in try Self.parse(path: credentialsPath, isConfig: false) {
            profiles[name, default: [:]].merge(values) { $1 }
            if values["aws_access_key_id"] != nil { keysInCredentialsFile.insert(name) }
        }
        self.profiles = profiles
    }

    package init(profiles: [String: [String: String]], credentialsPath: String = "", configPath: String = "", home: String = "") {
        self.profiles = profiles
        self.home = home
        self.credentialsPath = credentialsPath
        self.configPath = configPath
    }

    static func parse(path: String, isConfig: Bool) throws -> [String: [String: String]] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        return parse(text: try String(contentsOfFile: path, encoding: .utf8), isConfig: isConfig)
    }

    /// INI as the CLI reads it: `#`/`;` comments, `key = value`, indented lines continue a nested block
    /// (`s3 =` sub-settings), which hoist does not need and skips.
    package static func parse(text: String, isConfig: Bool) -> [String: [String: String]] {
        var profiles: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(whereSeparator: \.isNewline) {
            if rawLine.first == " " || rawLine.first == "\t" { continue }
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                var name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                if isConfig, name.hasPrefix("profile ") { name = name.dropFirst("profile ".count).trimmingCharacters(in: .whitespaces) }
                current = name
                profiles[name, default: [:]] = profiles[name] ?? [:]
                continue
            }
            guard let current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            profiles[current]?[key] = value
        }
        return profiles
    }
}
