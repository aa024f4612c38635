import AWSSigV4
import AWSTransport
import Logging

/// The query protocol of IAM and STS: `Action=…&Version=…` form bodies, XML answers.
extension AWSClient {
    /// Calls `action` and returns its `<ActionResult>` element (empty for actions that return nothing).
    package func query(
        _ service: AWSService, _ action: String, _ parameters: [(String, String)] = [], idempotent: Bool = true, signed: Bool = true, logger: Logger
    ) async throws -> XMLNode {
        guard case .query(let apiVersion) = service.wireProtocol else {
            preconditionFailure("\(service.name) does not speak the query protocol")
        }
        let form = URIEncoding.query([("Action", action), ("Version", apiVersion)] + parameters)
        let request = AWSRequest(
            service: service, operation: action, method: "POST", path: "/",
            headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")],
            body: Array(form.utf8), idempotent: idempotent, signed: signed)
        let response = try await send(request, logger: logger)
        let root: XMLNode
        do {
            root = try XMLNode.parse(response.body)
        } catch {
            throw TransportError.undecodable(request, response, reason: "\(error)")
        }
        return root.child("\(action)Result") ?? XMLNode(name: "\(action)Result")
    }
}
