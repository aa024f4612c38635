import HoistRuntime
import ItemsAPI

/// The function this repository deploys: the items API, served by hoist's runtime loop through the same
/// handler API a project of its own uses (`hoist init --template items` writes this file).
@main
struct Bootstrap: APIHandler {
    let items: ItemsFunction

    init() throws {
        items = try ItemsFunction()
    }

    func handle(_ request: APIGatewayV2Request, context: InvocationContext) async throws -> APIGatewayV2Response {
        try await items.handle(request, context: context)
    }
}
