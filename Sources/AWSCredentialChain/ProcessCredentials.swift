import AWSSigV4
import Foundation
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Credentials from a profile's `credential_process` (aws-vault, granted, 1Password, ...), run as the AWS
/// CLI runs it: split as a shell would, started without a shell, its stdout the Version 1 JSON
/// (https://docs.aws.amazon.com/sdkref/latest/guide/feature-process-credentials.html).
struct ProcessCredentials {
    var profile: String
    var command: String

    private struct Output: Decodable {
        var Version: Int
        var AccessKeyId: String
        var SecretAccessKey: String
        var SessionToken: String?
        var Expiration: String?
    }

    func fetch() async throws -> ExpiringCredentials {
        let words: [String]
        do {
            words = try ShellWords.split(command)
        } catch {
            throw CredentialError.processFailed(profile: profile, detail: "its command has an unclosed quote: \(command)")
        }
        guard let program = words.first else { throw CredentialError.processFailed(profile: profile, detail: "its command is empty") }
        let (status, standardOutput, standardError): (TerminationStatus, String, String)
        do {
            let result = try await Subprocess.run(
                program.contains("/") ? .path(FilePath(program)) : .name(program), arguments: Arguments(Array(words.dropFirst())),
                output: .string(limit: 1 << 20), error: .string(limit: 1 << 20))
            (status, standardOutput, standardError) = (result.terminationStatus, result.standardOutput, result.standardError)
        } catch {
            throw CredentialError.processFailed(profile: profile, detail: "cannot start \(program): \(error)")
        }
        guard status.isSuccess else {
            let message = standardError.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").suffix(3).joined(separator: " / ")
            throw CredentialError.processFailed(profile: profile, detail: "\(program) exited with \(status): \(message.isEmpty ? "(nothing on stderr)" : message)")
        }
        let output: Output
        do {
            output = try JSONDecoder().decode(Output.self, from: Data(standardOutput.utf8))
        } catch {
            throw CredentialError.processFailed(
                profile: profile, detail: "\(program) did not print credentials JSON ({\"Version\": 1, \"AccessKeyId\": …, \"SecretAccessKey\": …})")
        }
        guard output.Version == 1 else {
            throw CredentialError.processFailed(profile: profile, detail: "\(program) printed Version \(output.Version); only Version 1 exists")
        }
        let expiration = ExpiringCredentials.parseDate(output.Expiration)
        if output.Expiration != nil, expiration == nil {
            throw CredentialError.processFailed(profile: profile, detail: "\(program) printed Expiration '\(output.Expiration ?? "")', not an ISO 8601 time")
        }
        return ExpiringCredentials(
            credentials: AWSCredentials(accessKeyID: output.AccessKeyId, secretAccessKey: output.SecretAccessKey, sessionToken: output.SessionToken),
            expiration: expiration)
    }
}
