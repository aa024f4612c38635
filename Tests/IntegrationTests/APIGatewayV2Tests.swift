import AWSAPIGatewayV2
import HoistTestSupport
import Logging
import Testing

@Suite("API Gateway v2 against moto")
struct APIGatewayV2Tests {
    let logger = Logger(label: "test")

    @Test("every HTTP API operation hoist uses, $default stage included")
    func apiLifecycle() async throws {
        try await withMotoServer { moto in
            let gateway = APIGatewayV2Client(client: moto.client())
            let cors = Cors(allowHeaders: ["Content-Type", "Authorization"], allowMethods: ["GET", "POST", "PUT", "DELETE", "OPTIONS"], allowOrigins: ["*"])
            let api = try await gateway.createApi(CreateApiInput(name: "api-dev-api", protocolType: .http, corsConfiguration: cors, tags: ["hoist:project": "api"]), logger: logger)
            #expect(api.protocolType == .http)
            #expect(try await gateway.getApi(api.apiId, logger: logger)?.corsConfiguration == cors)
            #expect(try await gateway.getApi("nope", logger: logger) == nil)
            #expect(try await gateway.getApis(logger: logger).items?.map(\.apiId) == [api.apiId])
            #expect(try await gateway.updateApi(api.apiId, UpdateApiInput(description: "items"), logger: logger).name == "api-dev-api")

            let functionArn = "arn:aws:lambda:us-east-1:\(moto.accountID):function:api-dev"
            let integration = try await gateway.createIntegration(
                api.apiId, CreateIntegrationInput(integrationType: .awsProxy, integrationUri: functionArn, integrationMethod: "POST", payloadFormatVersion: "2.0"),
                logger: logger)
            #expect(try await gateway.getIntegrations(api.apiId, logger: logger).map(\.integrationId) == [integration.integrationId])
            let retimed = try await gateway.updateIntegration(
                api.apiId, integrationId: integration.integrationId,
                CreateIntegrationInput(integrationType: .awsProxy, payloadFormatVersion: "2.0", timeoutInMillis: 29000), logger: logger)
            #expect(retimed.timeoutInMillis == 29000)

            let route = try await gateway.createRoute(api.apiId, CreateRouteInput(routeKey: "$default", target: "integrations/\(integration.integrationId)"), logger: logger)
            #expect(try await gateway.getRoutes(api.apiId, logger: logger).map(\.routeKey) == ["$default"])
            #expect(try await gateway.updateRoute(api.apiId, routeId: route.routeId, CreateRouteInput(routeKey: "ANY /{proxy+}"), logger: logger).routeKey == "ANY /{proxy+}")

            let logs = AccessLogSettings(destinationArn: "arn:aws:logs:us-east-1:\(moto.accountID):log-group:/aws/apigateway/api-dev", format: #"{"requestId":"$context.requestId"}"#)
            let stage = try await gateway.createStage(api.apiId, CreateStageInput(stageName: "$default", autoDeploy: true, accessLogSettings: logs), logger: logger)
            #expect(stage.stageName == "$default")
            #expect(try await gateway.getStage(api.apiId, stageName: "$default", logger: logger)?.accessLogSettings == logs)
            let reformatted = AccessLogSettings(destinationArn: logs.destinationArn, format: #"{"requestId":"$context.requestId","status":"$context.status"}"#)
            #expect(try await gateway.updateStage(api.apiId, stageName: "$default", UpdateStageInput(accessLogSettings: reformatted), logger: logger).accessLogSettings == reformatted)

            try await gateway.deleteStage(api.apiId, stageName: "$default", logger: logger)
            #expect(try await gateway.getStage(api.apiId, stageName: "$default", logger: logger) == nil)
            try await gateway.deleteRoute(api.apiId, routeId: route.routeId, logger: logger)
            #expect(try await gateway.getRoutes(api.apiId, logger: logger).isEmpty)
            try await gateway.deleteIntegration(api.apiId, integrationId: integration.integrationId, logger: logger)
            #expect(try await gateway.getIntegrations(api.apiId, logger: logger).isEmpty)
            try await gateway.deleteApi(api.apiId, logger: logger)
            #expect(try await gateway.getApi(api.apiId, logger: logger) == nil)
        }
    }
}
