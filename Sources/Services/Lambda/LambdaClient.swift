import AWSTransport
import Foundation
import Logging

/// The Lambda operations hoist uses, one method per operation of the 2015-03-31 model.
package struct LambdaClient: Sendable {
    package let client: AWSClient
    package init(client: AWSClient) { self.client = client }

    /// Takes its input encoded (`EncodedJSON`): a create is often sent again while its role reaches Lambda,
    /// and its zip is megabytes of JSON.
    package func createFunction(_ input: EncodedJSON<CreateFunctionInput>, logger: Logger) async throws -> FunctionConfiguration {
        try await call("CreateFunction", "POST", AWSRequest.path("2015-03-31", "functions"), encoded: input, idempotent: false, logger: logger)
    }

    /// `nil` when the function does not exist.
    package func getFunction(_ name: String, logger: Logger) async throws -> GetFunctionOutput? {
        try await notFoundAsNil { try await call("GetFunction", "GET", AWSRequest.path("2015-03-31", "functions", name), logger: logger) }
    }

    /// Takes its input encoded, as `createFunction` does: it is sent again after a 409 while the function is busy.
    package func updateFunctionCode(_ name: String, _ input: EncodedJSON<UpdateFunctionCodeInput>, logger: Logger) async throws -> FunctionConfiguration {
        try await call("UpdateFunctionCode", "PUT", AWSRequest.path("2015-03-31", "functions", name, "code"), encoded: input, logger: logger)
    }

    package func updateFunctionConfiguration(_ name: String, _ input: UpdateFunctionConfigurationInput, logger: Logger) async throws -> FunctionConfiguration {
        try await call("UpdateFunctionConfiguration", "PUT", AWSRequest.path("2015-03-31", "functions", name, "configuration"), body: input, logger: logger)
    }

    package func deleteFunction(_ name: String, logger: Logger) async throws {
        let _: EmptyShape = try await call("DeleteFunction", "DELETE", AWSRequest.path("2015-03-31", "functions", name), logger: logger)
    }

    package func putFunctionConcurrency(_ name: String, reserved: Int, logger: Logger) async throws -> Concurrency {
        try await call(
            "PutFunctionConcurrency", "PUT", AWSRequest.path("2017-10-31", "functions", name, "concurrency"),
            body: Concurrency(reservedConcurrentExecutions: reserved), logger: logger)
    }

    package func deleteFunctionConcurrency(_ name: String, logger: Logger) async throws {
        let _: EmptyShape = try await call("DeleteFunctionConcurrency", "DELETE", AWSRequest.path("2017-10-31", "functions", name, "concurrency"), logger: logger)
    }

    /// `qualifier`: the version or alias whose own policy gets the statement; none for the unqualified function's.
    package func addPermission(_ name: String, qualifier: String? = nil, _ input: AddPermissionInput, logger: Logger) async throws -> AddPermissionOutput {
        try await call(
            "AddPermission", "POST", AWSRequest.path("2015-03-31", "functions", name, "policy"), query: Self.qualified(qualifier), body: input, idempotent: false,
            logger: logger)
    }

    package func removePermission(_ name: String, qualifier: String? = nil, statementId: String, logger: Logger) async throws {
        let _: EmptyShape = try await call(
            "RemovePermission", "DELETE", AWSRequest.path("2015-03-31", "functions", name, "policy", statementId), query: Self.qualified(qualifier), logger: logger)
    }

    /// `nil` when the function (or that version or alias) has no resource policy, or does not exist.
    package func getPolicy(_ name: String, qualifier: String? = nil, logger: Logger) async throws -> GetPolicyOutput? {
        try await notFoundAsNil {
            try await call("GetPolicy", "GET", AWSRequest.path("2015-03-31", "functions", name, "policy"), query: Self.qualified(qualifier), logger: logger)
        }
    }

    /// Publishes `$LATEST` as a version, unless its code is no longer `input.codeSha256`. Lambda answers with
    /// the last version, unchanged, when nothing changed since it was published.
    package func publishVersion(_ name: String, _ input: PublishVersionInput, logger: Logger) async throws -> FunctionConfiguration {
        try await call("PublishVersion", "POST", AWSRequest.path("2015-03-31", "functions", name, "versions"), body: input, idempotent: false, logger: logger)
    }

    /// Every published version (and `$LATEST`), all pages.
    package func listVersions(_ name: String, logger: Logger) async throws -> [FunctionConfiguration] {
        var versions: [FunctionConfiguration] = [], marker: String?
        repeat {
            let page: ListVersionsByFunctionOutput = try await call(
                "ListVersionsByFunction", "GET", AWSRequest.path("2015-03-31", "functions", name, "versions"),
                query: [("MaxItems", "50")] + (marker.map { [("Marker", $0)] } ?? []), logger: logger)
            versions += page.versions ?? []
            marker = page.nextMarker
        } while marker != nil
        return versions
    }

    /// Deletes one published version (DeleteFunction with its number as the qualifier).
    package func deleteVersion(_ name: String, version: String, logger: Logger) async throws {
        let _: EmptyShape = try await call(
            "DeleteFunction", "DELETE", AWSRequest.path("2015-03-31", "functions", name), query: [("Qualifier", version)], logger: logger)
    }

    /// `nil` when the alias (or the function) does not exist.
    package func getAlias(_ name: String, alias: String, logger: Logger) async throws -> AliasConfiguration? {
        try await notFoundAsNil { try await call("GetAlias", "GET", AWSRequest.path("2015-03-31", "functions", name, "aliases", alias), logger: logger) }
    }

    package func createAlias(_ name: String, _ input: CreateAliasInput, logger: Logger) async throws -> AliasConfiguration {
        try await call("CreateAlias", "POST", AWSRequest.path("2015-03-31", "functions", name, "aliases"), body: input, idempotent: false, logger: logger)
    }

    package func updateAlias(_ name: String, alias: String, _ input: UpdateAliasInput, logger: Logger) async throws -> AliasConfiguration {
        try await call("UpdateAlias", "PUT", AWSRequest.path("2015-03-31", "functions", name, "aliases", alias), body: input, logger: logger)
    }

    package func deleteAlias(_ name: String, alias: String, logger: Logger) async throws {
        let _: EmptyShape = try await call("DeleteAlias", "DELETE", AWSRequest.path("2015-03-31", "functions", name, "aliases", alias), logger: logger)
    }

    package func putProvisionedConcurrency(_ name: String, qualifier: String, executions: Int, logger: Logger) async throws -> ProvisionedConcurrencyConfig {
        try await call(
            "PutProvisionedConcurrencyConfig", "PUT", AWSRequest.path("2019-09-30", "functions", name, "provisioned-concurrency"),
            query: Self.qualified(qualifier), body: PutProvisionedConcurrencyConfigInput(provisionedConcurrentExecutions: executions), logger: logger)
    }

    /// `nil` when the alias has none (ProvisionedConcurrencyConfigNotFoundException) or does not exist.
    package func getProvisionedConcurrency(_ name: String, qualifier: String, logger: Logger) async throws -> ProvisionedConcurrencyConfig? {
        do {
            return try await notFoundAsNil {
                try await call(
                    "GetProvisionedConcurrencyConfig", "GET", AWSRequest.path("2019-09-30", "functions", name, "provisioned-concurrency"),
                    query: Self.qualified(qualifier), logger: logger)
            }
        } catch LambdaError.other(let error) where error.code == "ProvisionedConcurrencyConfigNotFoundException" {
            return nil
        }
    }

    package func deleteProvisionedConcurrency(_ name: String, qualifier: String, logger: Logger) async throws {
        let _: EmptyShape = try await call(
            "DeleteProvisionedConcurrencyConfig", "DELETE", AWSRequest.path("2019-09-30", "functions", name, "provisioned-concurrency"),
            query: Self.qualified(qualifier), logger: logger)
    }

    private static func qualified(_ qualifier: String?) -> [(String, String)] { qualifier.map { [("Qualifier", $0)] } ?? [] }

    /// Invokes the function synchronously with `payload` as its event, asking for the log's tail. Never sent
    /// twice on a lost answer: the function may have run, and what it does (an item created) is not idempotent.
    /// `timeout` is how long the answer may take: the function's own timeout and a margin, which may be far
    /// beyond the client's usual wait (a function may run for 15 minutes).
    package func invoke(_ name: String, qualifier: String? = nil, payload: [UInt8], timeout: Duration, logger: Logger) async throws -> InvocationResponse {
        var client = client
        client.timeout = max(client.timeout, timeout)
        let request = AWSRequest(
            service: .lambda, operation: "Invoke", method: "POST", path: AWSRequest.path("2015-03-31", "functions", name, "invocations"), query: Self.qualified(qualifier),
            headers: [(name: "X-Amz-Invocation-Type", value: "RequestResponse"), (name: "X-Amz-Log-Type", value: "Tail")], body: payload,
            idempotent: false)
        let response: AWSResponse
        do {
            response = try await client.send(request, logger: logger)
        } catch let error as AWSServiceError {
            throw LambdaError(error)
        }
        return InvocationResponse(
            statusCode: response.status, functionError: response.header("X-Amz-Function-Error"),
            logResult: response.header("X-Amz-Log-Result").flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) },
            executedVersion: response.header("X-Amz-Executed-Version"), payload: response.body)
    }

    private func call<Output: Decodable>(
        _ operation: String, _ method: String, _ path: String, query: [(String, String)] = [], body: (some Encodable & Sendable)? = Optional<EmptyShape>.none,
        idempotent: Bool = true, logger: Logger
    ) async throws -> Output {
        try await call(
            operation, method, path, query: query, encoded: try body.map { try EncodedJSON($0, client: client) }, idempotent: idempotent, logger: logger)
    }

    private func call<Input, Output: Decodable>(
        _ operation: String, _ method: String, _ path: String, query: [(String, String)] = [], encoded body: EncodedJSON<Input>?, idempotent: Bool = true,
        logger: Logger
    ) async throws -> Output {
        do {
            return try await client.restJSON(.lambda, operation, method: method, path: path, query: query, encoded: body, idempotent: idempotent, logger: logger)
        } catch let error as AWSServiceError {
            throw LambdaError(error)
        }
    }

    private func notFoundAsNil<T>(_ body: () async throws -> T) async throws -> T? {
        do {
            return try await body()
        } catch LambdaError.resourceNotFound {
            return nil
        }
    }
}

/// The Lambda error codes hoist acts on.
package enum LambdaError: AWSServiceErrorWrapping, Equatable, CustomStringConvertible {
    case resourceNotFound(AWSServiceError)
    case resourceConflict(AWSServiceError)
    case invalidParameterValue(AWSServiceError)
    /// A `RevisionId` that is no longer the current one: someone changed the function or alias since it was read.
    case preconditionFailed(AWSServiceError)
    case other(AWSServiceError)

    package init(_ error: AWSServiceError) {
        switch error.code {
        case "ResourceNotFoundException": self = .resourceNotFound(error)
        case "ResourceConflictException": self = .resourceConflict(error)
        case "InvalidParameterValueException": self = .invalidParameterValue(error)
        case "PreconditionFailedException": self = .preconditionFailed(error)
        default: self = .other(error)
        }
    }

    /// The answer as AWS gave it (operation, status, code, request id), whichever case it became.
    package var serviceError: AWSServiceError {
        switch self {
        case .resourceNotFound(let error), .resourceConflict(let error), .invalidParameterValue(let error), .preconditionFailed(let error), .other(let error): error
        }
    }

    package var description: String { serviceError.description }
}
