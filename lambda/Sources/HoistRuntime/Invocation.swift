import LambdaContract

/// One event from the Runtime API, with the metadata Lambda sends in headers.
package struct Invocation: Sendable, Equatable {
    package var requestID: String
    /// Milliseconds since 1970 by which the response must be posted.
    package var deadlineMilliseconds: Int64
    package var invokedFunctionARN: String
    package var traceID: String?
    package var event: [UInt8]

    package init(requestID: String, deadlineMilliseconds: Int64, invokedFunctionARN: String, traceID: String?, event: [UInt8]) {
        self.requestID = requestID
        self.deadlineMilliseconds = deadlineMilliseconds
        self.invokedFunctionARN = invokedFunctionARN
        self.traceID = traceID
        self.event = event
    }

    /// Reads the invocation headers; a missing request id is a protocol violation the loop cannot survive.
    package init(headers: [(name: String, value: String)], body: [UInt8]) throws(LambdaRuntimeError) {
        func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
        guard let requestID = header(RuntimeAPI.Header.requestID), !requestID.isEmpty else {
            throw .missingHeader(RuntimeAPI.Header.requestID)
        }
        guard let deadline = header(RuntimeAPI.Header.deadline).flatMap({ Int64($0) }) else {
            throw .missingHeader(RuntimeAPI.Header.deadline)
        }
        self.init(
            requestID: requestID, deadlineMilliseconds: deadline, invokedFunctionARN: header(RuntimeAPI.Header.invokedFunctionARN) ?? "",
            traceID: header(RuntimeAPI.Header.traceID), event: body)
    }
}

/// What went wrong talking to the Runtime API.
package enum LambdaRuntimeError: Error, Equatable, CustomStringConvertible {
    case missingEnvironment(String)
    /// A variable is set to a value the function cannot work with: the message names it and what to use.
    case badEnvironment(String)
    case missingHeader(String)
    case unexpectedStatus(path: String, status: Int)

    package var description: String {
        switch self {
        case .missingEnvironment(let name): "\(name) is not set: this program is a Lambda bootstrap; run it under Lambda or `hoist local`"
        case .badEnvironment(let message): message
        case .missingHeader(let name): "the Runtime API sent an invocation without \(name)"
        case .unexpectedStatus(let path, let status): "the Runtime API answered \(path) with HTTP \(status)"
        }
    }
}
