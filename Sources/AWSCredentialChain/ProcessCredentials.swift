import AWSSigV4
import Deadline
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
    /// How long it may run: aws-sdk-go's processcreds gives a process one minute (`DefaultTimeout`).
    var timeout: Duration = .seconds(60)

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
            let arguments = Arguments(Array(words.dropFirst()))
            let result = try await withDeadline(timeout, clock: ContinuousClock()) {
                try await Subprocess.run(
                    program.contains("/") ? .path(FilePath(program)) : .name(program), arguments: arguments, output: .string(limit: 1 << 20),
                    error: .string(limit: 1 << 20))
            }
            guard let result else {
                throw CredentialError.processFailed(
                    profile: profile, detail: "\(program) did not finish within \(timeout) (is it waiting for input? run it in a terminal once)")
            }
            (status, standardOutput, standardError) = (result.terminationStatus, result.standardOutput, result.standardError)
        } catch let error as CredentialError {
            throw error
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
