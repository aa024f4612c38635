import AWSAPIGatewayV2
import Logging

/// The HTTP API, with its CORS settings. Its parts (the integration, the routes, the authorizer and the stage)
/// are read with it, one GetIntegrations, GetRoutes and GetAuthorizers serving all of them, and so is what hoist made for the
/// environment that the stack does not use (`Orphan`); each part takes its slice (`ObserveContext.observation`).
package struct APIResource: StackResource {
    /// The API with its parts as found (every route and authorizer: their kinds pick theirs), and the orphans
    /// among the APIs and integrations.
    package struct Observation: Sendable {
        package var api: Api
        package var integration: Integration?
        package var routes: [Route]
        package var authorizers: [Authorizer]
        package var stage: Stage?
        package var orphans: [Orphan]

        package init(
            api: Api, integration: Integration? = nil, routes: [Route] = [], authorizers: [Authorizer] = [], stage: Stage? = nil, orphans: [Orphan] = []
        ) {
            self.api = api
            self.integration = integration
            self.routes = routes
            self.authorizers = authorizers
            self.stage = stage
            self.orphans = orphans
        }
    }

    /// What a plan changes of the API.
    package enum Property: ResourceProperty {
        case cors

        package var description: String { "cors" }
    }

    package init() {}

    package var kind: ResourceKind { .api }
    package var configSection: (any ConfigSection.Type)? { HoistConfig.APIConfig.self }
    package var dependencies: [ResourceKind] { [] }
    package func name(_ spec: StackSpec) -> String { spec.apiName }

    package func gatewayID(_ state: StateFile) -> String? { state.resources[kind.rawValue]?.id }

    /// The outputs need only the API itself: by the recorded id, else by name and hoist's tags.
    package func observe(_ context: ObserveContext) async throws -> Observation? {
        switch context.scope {
        case .code: nil
        case .outputs: try await Self.find(context.clients, context.spec, recordedID: context.recorded(kind)?.id, logger: context.logger).map { Observation(api: $0) }
        case .stack: try await Self.read(context)
        }
    }

    package func change(_ observed: ObservedStack, _ context: PlanContext) -> Change {
        let api = observed[self]?.api
        return change(exists: api != nil, api?.corsConfiguration == Self.desiredCORS(context.spec) ? [] : [PropertyChange(Property.cors)])
    }

    package func record(_ observed: ObservedStack, _ arns: StackARNs) -> StateFile.ResourceRecord? {
        observed[self].map { StateFile.ResourceRecord(id: $0.api.apiId, arn: arns.api($0.api.apiId)) }
    }

    package func learned(_ observed: ObservedStack) -> LearnedID? {
        observed[self].map { LearnedID(id: $0.api.apiId, endpoint: $0.api.apiEndpoint) }
    }

    /// API Gateway's IAM actions are HTTP verbs on resource paths. An API's id is made by its create, so the
    /// paths cannot name it: `/apis/*` is as narrow as IAM allows; `/tags/*` for the tags CreateApi carries.
    package func permissions(_ arns: StackARNs) -> [PolicyStatement] {
        let apis = "arn:\(arns.partition):apigateway:\(arns.spec.region)::/apis"
        return [
            statement(
                ["apigateway:GET", "apigateway:POST", "apigateway:PATCH", "apigateway:DELETE"],
                on: [apis, apis + "/*", "arn:\(arns.partition):apigateway:\(arns.spec.region)::/tags/*"])
        ]
    }

    /// The URL it answers on and its id; none until it exists.
    package func outputs(_ context: OutputContext) -> [StackOutput]? {
        guard let api = context.learned[kind] ?? learned(context.observed) else { return nil }
        let url = api.endpoint ?? "https://\(api.id).execute-api.\(context.spec.region).amazonaws.com"
        return [StackOutput(key: "apiURL", label: "api url", value: url, rank: 0), StackOutput(key: "apiID", label: nil, value: api.id)]
    }

    package func apply<C>(_ change: Change, _ context: ApplyContext<C>) async throws -> Scheduler<ResourceKind>.Outcome {
        let gateway = context.clients.apiGateway, clients = context.clients, spec = context.spec, logger = context.logger
        let cors = Self.desiredCORS(spec)
        if change == .create {
            let input = CreateApiInput(name: spec.apiName, protocolType: .http, corsConfiguration: cors, description: "hoist: \(spec.functionName)", tags: spec.tags)
            // API names are not unique: what a lost create made is found by the name and the tags it carries.
            let api = try await CreateOnce.run {
                try await gateway.createApi(input, logger: logger)
            } find: {
                try await Self.find(clients, spec, recordedID: nil, logger: logger)
            }
            await context.learned.set(kind, LearnedID(id: api.apiId, endpoint: api.apiEndpoint))
            try await context.recorder.record(kind, id: api.apiId, arn: context.arns.api(api.apiId))
        } else if let apiID = await context.learned[kind]?.id {
            // An update without a CORS block leaves the old one: removing it takes its own call.
            if let cors {
                _ = try await gateway.updateApi(apiID, UpdateApiInput(corsConfiguration: cors), logger: logger)
            } else {
                try await gateway.deleteCorsConfiguration(apiID, logger: logger)
            }
        }
        return .usable
    }

    package func delete<C>(_ observed: ObservedStack, _ context: ApplyContext<C>) async throws {
        guard let apiID = observed[self]?.api.apiId else { return }
        try await Self.deleting { try await context.clients.apiGateway.deleteApi(apiID, logger: context.logger) }
    }

    /// A second API of this environment's name and tags.
    package func orphans(_ observed: ObservedStack, _ context: PlanContext) -> [Orphan] { Self.orphans(of: kind, observed) }

    /// The orphans of `kind` the API's read found (its own, and its parts').
    static func orphans(of kind: ResourceKind, _ observed: ObservedStack) -> [Orphan] {
        observed[APIResource()]?.orphans.filter { $0.kind == kind } ?? []
    }

    /// A part's statement: API Gateway's verbs on its own paths under any API of the account (the API's id is
    /// made by its create, so `*`).
    static func partStatement(_ part: some StackResource, _ path: String, _ arns: StackARNs) -> PolicyStatement {
        let paths = "arn:\(arns.partition):apigateway:\(arns.spec.region)::/apis/*/\(path)"
        return part.statement(["apigateway:GET", "apigateway:POST", "apigateway:PATCH", "apigateway:DELETE"], on: [paths, paths + "/*"])
    }

    package func deleteOrphan<C>(_ orphan: Orphan, _ context: ApplyContext<C>) async throws {
        try await Self.deleting { try await context.clients.apiGateway.deleteApi(orphan.id, logger: context.logger) }
    }

    /// Deletes something of API Gateway's; already gone counts as deleted. The API's parts use it too.
    static func deleting(_ delete: () async throws -> Void) async throws {
        try await APIResource().ignoringAbsence({ if case APIGatewayV2Error.notFound = $0 { true } else { false } }, delete)
    }

    package static func desiredCORS(_ spec: StackSpec) -> Cors? {
        spec.config.api.cors.map { Cors(allowHeaders: $0.allowHeaders, allowMethods: $0.allowMethods, allowOrigins: $0.allowOrigins) }
    }

    /// The environment's API with its parts, and what hoist made for it that the stack does not use.
    ///
    /// The account's APIs are listed on every run, beside the reads of the recorded API's parts, so a second
    /// API of this name and tags (a create whose answer was lost) is found without waiting for anything.
    private static func read(_ context: ObserveContext) async throws -> Observation? {
        let clients = context.clients, spec = context.spec, logger = context.logger
        let recordedID = context.recorded(.api)?.id
        let recordedIntegration = context.recorded(.integration)?.id
        async let listed = namedAPIs(clients, spec, logger)
        var recordedAPI: Api?
        var parts: APIParts?
        if let recordedID {
            async let recorded = clients.apiGateway.getApi(recordedID, logger: logger)
            async let recordedParts = readParts(recordedID, clients, spec, logger, recordedIntegration: recordedIntegration)
            recordedAPI = try await recorded
            if let api = recordedAPI { try APIResource().ensureOwned(api.tags, id: api.apiId, spec) }
            if recordedAPI != nil { parts = try await recordedParts }
        }
        let candidates = try await listed
        // The recorded API as already read, else the oldest of those found.
        guard let api = parts == nil ? Self.oldest(candidates) : recordedAPI else { return nil }
        if parts == nil { parts = try await readParts(api.apiId, clients, spec, logger, recordedIntegration: recordedIntegration) }
        let orphanAPIs = candidates.filter { $0.apiId != api.apiId }.map {
            Orphan(kind: .api, id: $0.apiId, ownerID: $0.apiId, name: $0.name)
        }
        guard let parts else { return Observation(api: api, orphans: orphanAPIs) }
        return Observation(
            api: api, integration: parts.integration, routes: parts.routes, authorizers: parts.authorizers, stage: parts.stage, orphans: orphanAPIs + parts.orphans)
    }

    private struct APIParts {
        var integration: Integration?
        var routes: [Route]
        var authorizers: [Authorizer]
        var stage: Stage?
        var orphans: [Orphan]
    }

    /// The integration the stack uses (the recorded one, else one a `$default` route targets, else one that
    /// targets this stack's function), every route and authorizer, and the stage; an integration that no
    /// route the stack keeps targets is an orphan (`RouteResource` says which routes it keeps).
    private static func readParts(
        _ apiID: String, _ clients: StackClients, _ spec: StackSpec, _ logger: Logger, recordedIntegration: String?
    ) async throws -> APIParts? {
        do {
            async let integrations = clients.apiGateway.getIntegrations(apiID, logger: logger)
            async let routes = clients.apiGateway.getRoutes(apiID, logger: logger)
            async let authorizers = clients.apiGateway.getAuthorizers(apiID, logger: logger)
            async let stage = clients.apiGateway.getStage(apiID, stageName: "$default", logger: logger)
            let allIntegrations = try await integrations
            let allRoutes = try await routes
            // The function itself (a stack deployed before aliases) or its alias `live`.
            let function = ":function:\(spec.functionName)"
            let targetsFunction = { (uri: String?) in uri?.hasSuffix(function) == true || uri?.hasSuffix(function + ":" + AliasResource.name) == true }
            let targeted = Set(allRoutes.filter { $0.routeKey == "$default" }.compactMap(Self.integrationID))
            let integration =
                allIntegrations.first { $0.integrationId == recordedIntegration }
                ?? allIntegrations.first { targeted.contains($0.integrationId) && targetsFunction($0.integrationUri) }
                ?? allIntegrations.first { targetsFunction($0.integrationUri) } ?? allIntegrations.first
            let kept = RouteResource.kept(allRoutes, integration: integration, spec)
            let stillTargeted = Set(kept.compactMap(Self.integrationID))
            let orphans = allIntegrations.filter { $0.integrationId != integration?.integrationId && !stillTargeted.contains($0.integrationId) }.map {
                Orphan(kind: .integration, id: $0.integrationId, ownerID: apiID, name: $0.integrationUri ?? $0.integrationId)
            }
            return APIParts(integration: integration, routes: allRoutes, authorizers: try await authorizers, stage: try await stage, orphans: orphans)
        } catch APIGatewayV2Error.notFound {
            return nil
        }
    }

    /// The integration a route targets (`integrations/<id>`).
    static func integrationID(_ route: Route) -> String? {
        guard let target = route.target, target.hasPrefix("integrations/") else { return nil }
        return String(target.dropFirst("integrations/".count))
    }

    /// Every API of the account with the environment's name and hoist's tags for it: one of that name without
    /// them is someone else's, never adopted.
    private static func namedAPIs(_ clients: StackClients, _ spec: StackSpec, _ logger: Logger) async throws -> [Api] {
        var found: [Api] = []
        var nextToken: String?
        repeat {
            let page = try await clients.apiGateway.getApis(nextToken: nextToken, logger: logger)
            found += (page.items ?? []).filter { $0.name == spec.apiName && spec.owns($0.tags) }
            nextToken = page.nextToken
        } while nextToken != nil
        return found
    }

    /// Without a recorded API, the oldest of those found: a lost state file adopts the original, and later
    /// duplicates become orphans.
    private static func oldest(_ candidates: [Api]) -> Api? {
        candidates.min { ($0.createdDate ?? "", $0.apiId) < ($1.createdDate ?? "", $1.apiId) }
    }

    /// The API by the id hoist recorded, else by name and hoist's tags, so a lost state file is adopted.
    static func find(_ clients: StackClients, _ spec: StackSpec, recordedID: String?, logger: Logger) async throws -> Api? {
        if let recordedID, let api = try await clients.apiGateway.getApi(recordedID, logger: logger) {
            try APIResource().ensureOwned(api.tags, id: api.apiId, spec)
            return api
        }
        return oldest(try await namedAPIs(clients, spec, logger))
    }
}

extension ResourceKind {
    package static let api = ResourceKind("api")
}

extension StackSpec {
    package var apiName: String { "\(functionName)-api" }
    /// The seed's access-log format: one JSON object per request.
    package static let accessLogFormat =
        #"{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","routeKey":"$context.routeKey","status":"$context.status","responseLength":"$context.responseLength"}"#
}

extension StackARNs {
    package func api(_ apiID: String) -> String { "arn:\(partition):apigateway:\(spec.region)::/apis/\(apiID)" }
    /// What API Gateway may invoke the function for: any stage, any route of this API.
    package func executeAPI(_ apiID: String) -> String { "arn:\(partition):execute-api:\(spec.region):\(account):\(apiID)/*/*" }
}
