import AWSSigV4
import Foundation

/// Assumed-role credentials kept in `~/.aws/cli/cache/` as the AWS CLI keeps them: one JSON file per role
/// configuration (SHA-1 of the AssumeRole arguments), holding STS's answer. A profile with `mfa_serial` asks
/// for a code once per session, not once per command, and hoist and `aws` share the session.
struct AssumedRoleCache {
    var directory: String
    /// The AssumeRole arguments that name the role configuration, as botocore hashes them: `RoleArn`,
    /// `ExternalId`, `SerialNumber`, `DurationSeconds` and `RoleSessionName` when set by the profile.
    var arguments: [String: String]

    /// Credentials this close to their end are fetched again (botocore's window for cached roles).
    static let expiryWindow: TimeInterval = 15 * 60

    /// botocore's key: SHA-1 of `json.dumps(arguments, sort_keys=True)`.
    var file: String {
        let json = "{" + arguments.sorted { $0.key < $1.key }.map { "\(Self.quoted($0.key)): \(Self.quoted($0.value))" }.joined(separator: ", ") + "}"
        return "\(directory)/\(LoginCacheFile.name(for: json))"
    }

    /// A JSON string as Python's `json.dumps` writes it (ASCII, the same escapes).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value > 0x7e: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// The cached credentials while more than `expiryWindow` of their life is left.
    func load(now: Date) -> ExpiringCredentials? {
        guard let data = FileManager.default.contents(atPath: file),
            let response = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let credentials = response["Credentials"] as? [String: Any],
            let key = credentials["AccessKeyId"] as? String, let secret = credentials["SecretAccessKey"] as? String,
            let expiration = (credentials["Expiration"] as? String).flatMap(ExpiringCredentials.parseDate),
            expiration.timeIntervalSince(now) > Self.expiryWindow
        else { return nil }
        return ExpiringCredentials(
            credentials: AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: credentials["SessionToken"] as? String), expiration: expiration)
    }

    /// Writes STS's answer in the shape the AWS CLI reads back; owner-only. A cache that cannot be written
    /// costs only a later prompt, so it is not an error.
    func save(_ credentials: ExpiringCredentials, assumedRoleARN: String) {
        guard let expiration = credentials.expiration else { return }
        var fields: [String: String] = [
            "AccessKeyId": credentials.credentials.accessKeyID, "SecretAccessKey": credentials.credentials.secretAccessKey,
            "Expiration": ExpiringCredentials.format(expiration),
        ]
        fields["SessionToken"] = credentials.credentials.sessionToken
        let response: [String: Any] = ["Credentials": fields, "AssumedRoleUser": ["Arn": assumedRoleARN]]
        guard let data = try? JSONSerialization.data(withJSONObject: response, options: [.sortedKeys]),
            (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])) != nil
        else { return }
        _ = LoginCacheFile.write(data, to: file)
    }
}
