/// An error answer from an AWS service, with the code normalised across protocols.
///
/// Service clients map the codes they act on to their own enums and keep this value for the rest, so
/// nothing AWS said is lost.
package struct AWSServiceError: Error, Equatable, CustomStringConvertible {
    package var service: String
    package var operation: String
    /// The code as the model spells it (`NoSuchEntity`, `ResourceNotFoundException`).
    package var code: String
    package var message: String
    package var status: Int
    package var requestID: String?

    package init(service: String, operation: String, code: String, message: String, status: Int, requestID: String?) {
        self.service = service
        self.operation = operation
        self.code = code
        self.message = message
        self.status = status
        self.requestID = requestID
    }

    package var description: String {
        "\(service) \(operation) failed: \(code) (HTTP \(status)): \(message)\(requestID.map { " [request id \($0)]" } ?? "")"
    }
}

/// A failure below the AWS protocol: no connection, no answer in time, or an answer that is not one.
package enum TransportError: Error, CustomStringConvertible {
    /// No connection could be made; the request was not sent.
    case connection(service: String, operation: String, endpoint: String, underlying: String)
    /// The connection broke after the request was sent: AWS may have applied it.
    case answerLost(service: String, operation: String, endpoint: String, underlying: String)
    case timeout(service: String, operation: String, endpoint: String)
    /// The body could not be decoded; its first 512 bytes are kept for the report.
    case undecodableBody(service: String, operation: String, status: Int, reason: String, prefix: String)
    case invalidEndpoint(String)

    package var description: String {
        switch self {
        case .connection(let service, let operation, let endpoint, let underlying):
            "\(service) \(operation): cannot connect to \(endpoint): \(underlying); check the network, AWS_ENDPOINT_URL and the region"
        case .answerLost(let service, let operation, let endpoint, let underlying):
            "\(service) \(operation): the connection to \(endpoint) broke before the answer came (\(underlying)), so the request may have been applied; run the command again: it reconciles with what exists"
        case .timeout(let service, let operation, let endpoint):
            "\(service) \(operation): no answer from \(endpoint) in time, so the request may have been applied; check the network, then run the command again: it reconciles with what exists"
        case .undecodableBody(let service, let operation, let status, let reason, let prefix):
            "\(service) \(operation): unexpected answer (HTTP \(status)): \(reason); body starts: \(prefix)"
        case .invalidEndpoint(let message):
            message
        }
    }

    /// The body's first bytes say what came instead, unless the answer may carry credentials.
    package static func undecodable(_ request: AWSRequest, _ response: AWSResponse, reason: String) -> TransportError {
        .undecodableBody(
            service: request.service.name, operation: request.operation, status: response.status, reason: reason,
            prefix: request.answerHoldsSecrets
                ? "(\(response.body.count) bytes withheld: this answer carries credentials)" : String(decoding: response.body.prefix(512), as: UTF8.self))
    }
}
