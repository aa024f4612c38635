import AWSSSM
import AWSTransport
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `ssm:/path/name` environment values: Parameter Store references, so a secret is in neither hoist.yml nor
/// Lambda's configuration. At cold start, before the handler's `init`, each is replaced in the process's
/// environment by its parameter's value (SecureStrings decrypted), read with the function's own role: the
/// handler reads `ProcessEnvironment.current` as if the value had been set there.
package enum ParameterReferences {
    static let prefix = "ssm:"

    /// Replaces every reference in the process's environment by its value; nothing to do without references.
    static func resolveInPlace() async throws {
        let environment = ProcessEnvironment.current
        for (name, value) in try await resolve(environment) { setenv(name, value, 1) }
    }

    /// Variable → value for every reference in `environment`, ten parameters per GetParameters call.
    package static func resolve(_ environment: [String: String]) async throws -> [String: String] {
        let references = environment.filter { $0.value.hasPrefix(prefix) }.mapValues { String($0.dropFirst(prefix.count)) }
        guard !references.isEmpty else { return [:] }
        let ssm = try client(environment)
        let logger = Logger(label: "parameters") { _ in SwiftLogNoOpLogHandler() }
        let names = Set(references.values).sorted()
        var values: [String: String] = [:]
        var missing: [String] = []
        for start in stride(from: 0, to: names.count, by: SSMClient.namesPerCall) {
            let answer = try await ssm.getParameters(Array(names[start..<min(start + SSMClient.namesPerCall, names.count)]), decrypt: true, logger: logger)
            for parameter in answer.parameters ?? [] { values[parameter.name] = parameter.value ?? "" }
            missing += answer.invalidParameters ?? []
        }
        guard missing.isEmpty else {
            throw LambdaRuntimeError.badEnvironment(
                "Parameter Store has no \(missing.sorted().map { "ssm:\($0)" }.joined(separator: ", ")) (referenced by \(references.filter { missing.contains($0.value) }.keys.sorted().joined(separator: ", "))); create it or fix hoist.yml")
        }
        return references.compactMapValues { values[$0] }
    }

    /// SSM as the function's role sees it: Lambda's credentials and region, or what `hoist local` points at.
    private static func client(_ environment: [String: String]) throws -> SSMClient {
        SSMClient(client: try FunctionAWSClient.make(environment, services: [.ssm]))
    }
}
