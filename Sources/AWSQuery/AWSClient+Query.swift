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

/// Parameters the query services spell alike.
package enum QueryParameters {
    /// `Tags.member.N.Key`/`.Value` (IAM's CreateRole, SNS's CreateTopic), in key order so requests are
    /// reproducible.
    package static func tags(_ tags: [String: String]) -> [(String, String)] {
        tags.sorted { $0.key < $1.key }.enumerated().flatMap { index, tag in
            [("Tags.member.\(index + 1).Key", tag.key), ("Tags.member.\(index + 1).Value", tag.value)]
        }
    }
}
