import Foundation
import HoistEngine
import HoistTestSupport
import Testing

/// `auth:` in hoist.yml: each type deploys what API Gateway needs to check callers, re-deploys without a
/// change, and goes with destroy (or when the setting is removed), checked with boto3.
@Suite("API authorization against moto")
struct AuthTests {
    let lifecycle = EngineTests()

    @Test("jwt: an authorizer with the issuer and audience on $default, public_routes open; a re-deploy changes nothing; destroy leaves nothing")
    func jwt() async throws {
        try await lifecycle.withStack { moto, state in
            let engine = try lifecycle.engine(moto, stateDirectory: state) {
                $0.api.auth = .jwt(issuer: "https://issuer.example.com/", audience: ["shop-api"])
                $0.api.publicRoutes = ["GET /health"]
            }
            let (plan, _) = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
            #expect(plan.text.contains("+ create  authorizer          shop-dev-authorizer"), "\(plan.text)")
            #expect(plan.text.contains("+ create  route               $default, GET /health"), "\(plan.text)")
            #expect(!plan.text.contains("user-pool"), "no pool for a jwt issuer of the user's own")
            let api = try #require(try await lifecycle.check(moto).api)
            let authorizer = try #require(api.authorizers.first)
            #expect(api.authorizers.count == 1)
            #expect(authorizer.issuer == "https://issuer.example.com/" && authorizer.audience == ["shop-api"])
            #expect(authorizer.identitySource == ["$request.header.Authorization"])
            let routes = Dictionary(uniqueKeysWithValues: api.routes.map { ($0.key, $0) })
            #expect(routes["$default"]?.auth == "JWT" && routes["$default"]?.authorizer == authorizer.id)
            #expect(routes["GET /health"]?.auth == "NONE" && routes["GET /health"]?.target == routes["$default"]?.target)
            try await againChangesNothing(moto, engine)

            _ = try await engine.destroy()
            let gone = try await lifecycle.check(moto)
            #expect(gone.apiCount == 0 && gone.function == nil && gone.userPools.isEmpty)
        }
    }

    @Test("cognito: a tagged user pool and app client, the authorizer trusting them, ids and issuer in the outputs; destroy removes the pool")
    func cognito() async throws {
        try await lifecycle.withStack { moto, state in
            let engine = try lifecycle.engine(moto, stateDirectory: state) { $0.api.auth = .cognito }
            let (_, outputs) = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
            let checked = try await lifecycle.check(moto)
            let pool = try #require(checked.userPools.first)
            #expect(checked.userPools.count == 1 && pool.clients == ["shop-dev-client"])
            #expect(pool.tags == ["hoist:project": "shop", "hoist:env": "dev"])
            let authorizer = try #require(checked.api?.authorizers.first)
            #expect(authorizer.issuer == "https://cognito-idp.us-east-1.amazonaws.com/\(pool.id)")
            #expect(outputs["userPoolID"] == pool.id && outputs["issuer"] == authorizer.issuer)
            #expect(authorizer.audience == [try #require(outputs["userPoolClientID"])])
            #expect(checked.api?.routes.map(\.auth) == ["JWT"])
            try await againChangesNothing(moto, engine)

            // Auth removed: the route opens first, then the authorizer, client and pool go as orphans.
            let open = try lifecycle.engine(moto, stateDirectory: state)
            let plan = try await open.plan(codeSha256: try #require(checked.function).codeSha256)
            #expect(plan.orphans.map(\.kind) == [.authorizer, .userPoolClient, .userPool], "\(plan.text)")
            _ = try await open.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: try #require(checked.function).codeSha256))
            let opened = try await lifecycle.check(moto)
            #expect(opened.userPools.isEmpty && opened.api?.authorizers.isEmpty == true && opened.api?.routes.map(\.auth) == ["NONE"])
            let recorded = try #require(try StateStore(directory: state, project: "shop", environment: "dev").load())
            #expect(recorded.resources["user-pool"] == nil && recorded.resources["authorizer"] == nil, "what was removed leaves the state")

            let cognito = try lifecycle.engine(moto, stateDirectory: state) { $0.api.auth = .cognito }
            _ = try await cognito.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: try #require(checked.function).codeSha256))
            #expect(try await lifecycle.check(moto).userPools.count == 1)
            _ = try await cognito.destroy()
            let gone = try await lifecycle.check(moto)
            #expect(gone.userPools.isEmpty && gone.apiCount == 0)
        }
    }

    @Test("iam: AWS_IAM on $default and no authorizer; a re-deploy changes nothing")
    func iam() async throws {
        try await lifecycle.withStack { moto, state in
            let engine = try lifecycle.engine(moto, stateDirectory: state) { $0.api.auth = .iam }
            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
            let api = try #require(try await lifecycle.check(moto).api)
            #expect(api.routes.map(\.auth) == ["AWS_IAM"] && api.authorizers.isEmpty)
            try await againChangesNothing(moto, engine)
            _ = try await engine.destroy()
            #expect(try await lifecycle.check(moto).apiCount == 0)
        }
    }

    /// A second deploy with nothing changed plans nothing and sends no mutating call.
    private func againChangesNothing(_ moto: MotoServer, _ engine: Engine<ContinuousClock>) async throws {
        let sha = try #require(try await lifecycle.check(moto).function).codeSha256
        let before = try moto.requests().count
        let (again, _) = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: sha))
        #expect(again.isEmpty, "\(again.text)")
        #expect(try lifecycle.mutatingRequests(moto, after: before) == [])
    }
}
