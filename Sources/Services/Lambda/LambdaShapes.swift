import AWSTransport
import Foundation

/// Shapes of the Lambda operations hoist uses, named as in the `lambda` 2015-03-31 model (lowerCamel here,
/// PascalCase on the wire). Members hoist never sets or reads are left out.

/// Values AWS adds to (a runtime every few months, states and statuses now and then) are open: a function
/// whose value this hoist does not know still decodes, and shows as drift, instead of failing the answer.
package struct Runtime: RawRepresentable, Codable, Sendable, Hashable {
    package var rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }
    package static let providedAL2023 = Runtime(rawValue: "provided.al2023")
}

package enum Architecture: String, Codable, Sendable, CaseIterable {
    case x86_64
    case arm64
}

/// Whether Lambda samples and records requests in X-Ray (`Active`), or only passes on a trace header it got
/// (`PassThrough`, the default).
package enum TracingMode: String, Codable, Sendable {
    case active = "Active"
    case passThrough = "PassThrough"
}

/// `TracingConfig` (a request) and `TracingConfigResponse` (a function's configuration) have this one member.
package struct TracingConfig: Codable, Sendable, Equatable {
    package var mode: TracingMode?
    package init(mode: TracingMode) { self.mode = mode }
    enum CodingKeys: String, CodingKey { case mode = "Mode" }
}

package struct FunctionState: RawRepresentable, Codable, Sendable, Hashable {
    package var rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }
    package static let active = FunctionState(rawValue: "Active")
    package static let failed = FunctionState(rawValue: "Failed")
}

package struct LastUpdateStatus: RawRepresentable, Codable, Sendable, Hashable {
    package var rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }
    package static let successful = LastUpdateStatus(rawValue: "Successful")
    package static let failed = LastUpdateStatus(rawValue: "Failed")
}

package struct FunctionEnvironment: Codable, Sendable, Equatable {
    package var variables: [String: String]?
    package init(variables: [String: String]?) { self.variables = variables }
    enum CodingKeys: String, CodingKey { case variables = "Variables" }
}

package struct FunctionCode: Codable, Sendable, Equatable {
    package var zipFile: Blob
    package init(zipFile: Data) { self.zipFile = Blob(Array(zipFile)) }
    enum CodingKeys: String, CodingKey { case zipFile = "ZipFile" }
}

package struct CreateFunctionInput: Encodable, Sendable {
    package var functionName: String
    package var runtime: Runtime
    package var role: String
    package var handler: String
    package var code: FunctionCode
    package var description: String?
    package var timeout: Int
    package var memorySize: Int
    package var environment: FunctionEnvironment?
    package var architectures: [Architecture]
    package var tracingConfig: TracingConfig?
    package var tags: [String: String]?

    package init(
        functionName: String, runtime: Runtime, role: String, handler: String, code: FunctionCode, description: String? = nil, timeout: Int,
        memorySize: Int, environment: FunctionEnvironment? = nil, architectures: [Architecture], tracingConfig: TracingConfig? = nil, tags: [String: String]? = nil
    ) {
        self.functionName = functionName
        self.runtime = runtime
        self.role = role
        self.handler = handler
        self.code = code
        self.description = description
        self.timeout = timeout
        self.memorySize = memorySize
        self.environment = environment
        self.architectures = architectures
        self.tracingConfig = tracingConfig
        self.tags = tags
    }

    enum CodingKeys: String, CodingKey {
        case functionName = "FunctionName", runtime = "Runtime", role = "Role", handler = "Handler", code = "Code", description = "Description"
        case timeout = "Timeout", memorySize = "MemorySize", environment = "Environment", architectures = "Architectures", tags = "Tags"
        case tracingConfig = "TracingConfig"
    }
}

package struct FunctionConfiguration: Decodable, Sendable, Equatable {
    package var functionName: String
    package var functionArn: String
    package var runtime: Runtime?
    package var role: String
    package var handler: String?
    package var codeSize: Int?
    package var timeout: Int?
    package var memorySize: Int?
    package var codeSha256: String
    package var environment: FunctionEnvironment?
    package var architectures: [Architecture]?
    package var state: FunctionState?
    package var stateReason: String?
    package var lastUpdateStatus: LastUpdateStatus?
    package var lastUpdateStatusReason: String?
    package var revisionId: String?
    package var tracingConfig: TracingConfig?
    /// `$LATEST`, or a published version's number.
    package var version: String?
    package var description: String?
    /// When the function (or the version) was last changed, ISO 8601.
    package var lastModified: String?

    enum CodingKeys: String, CodingKey {
        case version = "Version", description = "Description", lastModified = "LastModified"
        case functionName = "FunctionName", functionArn = "FunctionArn", runtime = "Runtime", role = "Role", handler = "Handler"
        case codeSize = "CodeSize", timeout = "Timeout", memorySize = "MemorySize", codeSha256 = "CodeSha256", environment = "Environment"
        case architectures = "Architectures", state = "State", stateReason = "StateReason", lastUpdateStatus = "LastUpdateStatus"
        case lastUpdateStatusReason = "LastUpdateStatusReason", revisionId = "RevisionId", tracingConfig = "TracingConfig"
    }
}

/// `Tags` comes only to a caller allowed `lambda:ListTags`; `Concurrency` only when the function reserves some.
package struct GetFunctionOutput: Decodable, Sendable {
    package var configuration: FunctionConfiguration
    package var tags: [String: String]?
    package var concurrency: Concurrency?
    enum CodingKeys: String, CodingKey { case configuration = "Configuration", tags = "Tags", concurrency = "Concurrency" }
}

package struct Concurrency: Codable, Sendable, Equatable {
    package var reservedConcurrentExecutions: Int?
    package init(reservedConcurrentExecutions: Int?) { self.reservedConcurrentExecutions = reservedConcurrentExecutions }
    enum CodingKeys: String, CodingKey { case reservedConcurrentExecutions = "ReservedConcurrentExecutions" }
}

package struct UpdateFunctionCodeInput: Encodable, Sendable {
    package var zipFile: Blob
    package var architectures: [Architecture]?
    package var revisionId: String?
    package init(zipFile: Data, architectures: [Architecture]? = nil, revisionId: String? = nil) {
        self.zipFile = Blob(Array(zipFile))
        self.architectures = architectures
        self.revisionId = revisionId
    }
    enum CodingKeys: String, CodingKey { case zipFile = "ZipFile", architectures = "Architectures", revisionId = "RevisionId" }
}

package struct UpdateFunctionConfigurationInput: Encodable, Sendable {
    package var role: String?
    package var handler: String?
    package var timeout: Int?
    package var memorySize: Int?
    package var environment: FunctionEnvironment?
    package var runtime: Runtime?
    package var tracingConfig: TracingConfig?
    package init(
        role: String? = nil, handler: String? = nil, timeout: Int? = nil, memorySize: Int? = nil, environment: FunctionEnvironment? = nil, runtime: Runtime? = nil,
        tracingConfig: TracingConfig? = nil
    ) {
        self.role = role
        self.handler = handler
        self.timeout = timeout
        self.memorySize = memorySize
        self.environment = environment
        self.runtime = runtime
        self.tracingConfig = tracingConfig
    }
    enum CodingKeys: String, CodingKey {
        case role = "Role", handler = "Handler", timeout = "Timeout", memorySize = "MemorySize", environment = "Environment", runtime = "Runtime"
        case tracingConfig = "TracingConfig"
    }
}

package struct AddPermissionInput: Encodable, Sendable {
    package var statementId: String
    package var action: String
    package var principal: String
    package var sourceArn: String?
    package init(statementId: String, action: String, principal: String, sourceArn: String? = nil) {
        self.statementId = statementId
        self.action = action
        self.principal = principal
        self.sourceArn = sourceArn
    }
    enum CodingKeys: String, CodingKey { case statementId = "StatementId", action = "Action", principal = "Principal", sourceArn = "SourceArn" }
}

package struct AddPermissionOutput: Decodable, Sendable {
    /// The statement as JSON text, as Lambda returns it.
    package var statement: String?
    enum CodingKeys: String, CodingKey { case statement = "Statement" }
}

package struct GetPolicyOutput: Decodable, Sendable {
    /// The resource policy as JSON text.
    package var policy: String
    package var revisionId: String?
    enum CodingKeys: String, CodingKey { case policy = "Policy", revisionId = "RevisionId" }
}


/// A synchronous `Invoke`'s answer: its members travel in headers (`X-Amz-Function-Error`, `X-Amz-Log-Result`)
/// and the raw body (the function's own answer, or its error object), not in a JSON document.
package struct InvocationResponse: Sendable, Equatable {
    package var statusCode: Int
    /// `Unhandled` (or `Handled`) when the function failed; the payload is then its error object.
    package var functionError: String?
    /// The last 4 KB of the invocation's log, decoded from base64: it ends with Lambda's `REPORT` line.
    package var logResult: String?
    package var executedVersion: String?
    package var payload: [UInt8]

    package init(statusCode: Int, functionError: String? = nil, logResult: String? = nil, executedVersion: String? = nil, payload: [UInt8]) {
        self.statusCode = statusCode
        self.functionError = functionError
        self.logResult = logResult
        self.executedVersion = executedVersion
        self.payload = payload
    }

    /// Lambda's `REPORT RequestId: … Duration: … Billed Duration: … Memory Size: … Max Memory Used: …` line,
    /// the last in the log's tail; `nil` when the tail has none (or none came).
    package var report: String? {
        logResult?.split(whereSeparator: \.isNewline).last { $0.hasPrefix("REPORT ") }.map { String($0).trimmingCharacters(in: .whitespaces) }
    }

    /// A failed invocation's payload in one line: Lambda's `errorType: errorMessage`, or the text as it came.
    package var failure: String {
        struct LambdaFailure: Decodable {
            var errorType: String?
            var errorMessage: String?
        }
        if let failure = try? JSONDecoder().decode(LambdaFailure.self, from: Data(payload)), failure.errorType != nil || failure.errorMessage != nil {
            return [failure.errorType, failure.errorMessage].compactMap { $0 }.joined(separator: ": ")
        }
        return String(decoding: payload, as: UTF8.self).split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
