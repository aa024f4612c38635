import AWSCredentialChain
import AWSSigV4
import AWSTransport

/// Failures the CLI explains itself: one line, what failed, the value at fault, the fix.
enum HoistError: Error, CustomStringConvertible {
    case credentialsRejected(accessKeyID: String, source: String, code: String, service: String)
    case invalidSetting(name: String, value: String, expected: String)
    case notDeployed(stack: String, environment: String)
    case logGroupMissing(group: String, environment: String)
    case functionFailed(function: String, kind: String, detail: String, environment: String)
    case toolFailed(tool: String, problem: String)
    case localStateLeft(path: String, location: String, reason: String)

    var description: String {
        switch self {
        case .credentialsRejected(let accessKeyID, let source, let code, let service):
            "\(service) refused the credentials of access key \(accessKeyID) (from \(source)): \(code); check that key's secret and session token, or choose other credentials with --profile"
        case .invalidSetting(let name, let value, let expected):
            "\(name)='\(value)' is not valid: it must be \(expected)"
        case .notDeployed(let stack, let environment):
            "\(stack) is not deployed; run `hoist deploy --env \(environment)` first"
        case .logGroupMissing(let group, let environment):
            "log group \(group) does not exist yet; deploy the environment first (`hoist deploy --env \(environment)`)"
        case .toolFailed(let tool, let problem):
            "\(tool) \(problem)"
        case .localStateLeft(let path, let location, let reason):
            "the state is in \(location) now, but \(path) could not be renamed (\(reason)); remove it by hand"
        case .functionFailed(let function, let kind, let detail, let environment):
            "function \(function) failed (\(kind)): \(detail); its log: `hoist logs --env \(environment) --since 5m`"
        }
    }

    /// Rephrases a refused signature or unknown key as a message naming the credentials used.
    static func explaining(_ error: any Error, context: AWSContext) async -> any Error {
        guard let serviceError = (error as? any AWSServiceErrorWrapping)?.serviceError, serviceError.isCredentialRejection else {
            return error
        }
        let accessKeyID = (try? await context.credentials.credentials().accessKeyID) ?? "?"
        let source = (try? await context.credentials.source()) ?? "?"
        return HoistError.credentialsRejected(accessKeyID: accessKeyID, source: source, code: serviceError.code, service: serviceError.service)
    }
}
