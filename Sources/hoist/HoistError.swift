import AWSCredentialChain
import AWSSigV4
import AWSTransport
import HoistEngine

/// Failures the CLI explains itself: one line, what failed, the value at fault, the fix.
enum HoistError: Error, CustomStringConvertible {
    case credentialsRejected(accessKeyID: String, source: String, code: String, service: String)
    case invalidSetting(name: String, value: String, expected: String)
    case logGroupMissing(group: String, environment: String)
    case toolFailed(tool: String, problem: String)
    case localStateLeft(path: String, location: String, reason: String)
    /// No project file where the command looked.
    case noConfig(file: String, folder: String)
    /// `hoist init` in a folder whose name cannot be a project name.
    case badFolderName(String)
    /// A file `hoist init` would write is there already.
    case fileExists(String, fix: String)
    case templateInPackage
    case runtimePackageMissing
    /// A destroy without `--yes` and without a terminal to ask on.
    case confirmationNeeded(stack: String)
    /// The user answered no.
    case declined(stack: String)
    /// `state push` of another project's or environment's state.
    case foreignState(file: String, of: String, stack: String, environment: String)
    case stateAlreadyLocal(directory: String)
    case nothingToMigrate(path: String)
    case remoteStateExists(location: String, environment: String)
    /// `hoist local` with `auth: {type: cognito}` before the pool whose tokens it checks exists.
    case userPoolNotDeployed(environment: String)
    /// `hoist invoke` with a token the API's authorizer would refuse (or none).
    case refusedByAuthorizer(status: Int, why: String)

    var description: String {
        switch self {
        case .credentialsRejected(let accessKeyID, let source, let code, let service):
            "\(service) refused the credentials of access key \(accessKeyID) (from \(source)): \(code); check that key's secret and session token, or choose other credentials with --profile"
        case .invalidSetting(let name, let value, let expected):
            "\(name)='\(value)' is not valid: it must be \(expected)"
        case .logGroupMissing(let group, let environment):
            "log group \(group) does not exist yet; deploy the environment first (`hoist deploy --env \(environment)`)"
        case .toolFailed(let tool, let problem):
            "\(tool) \(problem)"
        case .localStateLeft(let path, let location, let reason):
            "the state is in \(location) now, but \(path) could not be renamed (\(reason)); remove it by hand"
        case .noConfig(let file, let folder):
            "no \(file) in \(folder); run `hoist init` first or pass --config"
        case .badFolderName(let name):
            "this folder's name '\(name)' cannot be the project name: it \(HoistConfig.projectNameRule); pass --project NAME"
        case .fileExists(let path, let fix):
            "\(path) already exists; \(fix)"
        case .templateInPackage:
            "--template: this folder already has a Package.swift; run init without --template, or in an empty folder"
        case .runtimePackageMissing:
            "cannot find hoist's runtime package (the checkout this hoist was built from is gone); pass --runtime-package PATH or a git URL"
        case .confirmationNeeded(let stack):
            "destroy deletes \(stack) and its data; pass --yes to confirm"
        case .declined(let stack):
            "destroy of \(stack) declined; nothing was deleted"
        case .foreignState(let file, let other, let stack, let environment):
            "\(file) is the state of \(other), not \(stack); push it with --env \(environment) in its project"
        case .stateAlreadyLocal(let directory):
            "hoist.yml keeps the state in \(directory) already; add state: {backend: s3, bucket: BUCKET} to it first"
        case .nothingToMigrate(let path):
            "there is no \(path) to migrate"
        case .remoteStateExists(let location, let environment):
            "\(location) exists already; compare it with `hoist state pull --env \(environment)` and push the one to keep"
        case .refusedByAuthorizer(let status, let why):
            "the API would refuse this call with \(status) (\(why)); pass a valid token with --token or HOIST_TOKEN"
        case .userPoolNotDeployed(let environment):
            "auth cognito: hoist local checks tokens against the environment's user pool, which is not deployed; run `hoist deploy --env \(environment)` first"
        }
    }

    /// Rephrases a refused signature or unknown key as a message naming the credentials used.
    static func explaining(_ error: any Error, context: AWSContext) async -> any Error {
        let cause = (error as? StepFailed)?.cause ?? error
        guard let serviceError = (cause as? any AWSServiceErrorWrapping)?.serviceError, serviceError.isCredentialRejection else {
            return error
        }
        let accessKeyID = (try? await context.credentials.credentials().accessKeyID) ?? "?"
        let source = (try? await context.credentials.source()) ?? "?"
        return HoistError.credentialsRejected(accessKeyID: accessKeyID, source: source, code: serviceError.code, service: serviceError.service)
    }
}
