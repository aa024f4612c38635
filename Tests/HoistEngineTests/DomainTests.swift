import AWSSigV4
import AWSTransport
import Foundation
import HoistEngine
import HoistTestSupport
import Testing

/// `domain:` against moto (ACM, Route 53, API Gateway), checked with boto3.
@Suite("Custom domain against moto")
struct DomainTests {
    let base = EngineTests()

    struct Checked: Decodable {
        struct Certificate: Decodable {
            var arn: String
            var status: String
            var tags: [String: String]
        }
        struct Record: Decodable, Equatable {
            var name: String
            var type: String
            var values: [String]
            var alias: String?
        }
        struct Domain: Decodable {
            struct Mapping: Decodable, Equatable {
                var api: String
                var stage: String
            }
            var target: String?
            var certificate: String?
            var endpointType: String?
            var securityPolicy: String?
            var tags: [String: String]
            var mappings: [Mapping]
        }
        var certificates: [Certificate]
        var records: [Record]
        var domain: Domain?
    }

    @discardableResult
    func act(_ moto: MotoServer, _ action: String, _ name: String) async throws -> String {
        try await PythonScript.run(
            "Tests/HoistEngineTests/domain_check.py", arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey, action, name])
    }

    func check(_ moto: MotoServer, _ name: String = "api.example.com") async throws -> Checked {
        try JSONDecoder().decode(Checked.self, from: Data(try await act(moto, "check", name).utf8))
    }

    @Test("domain: the certificate ISSUED by its CNAME in the zone, the domain name on it, the mapping to $default, alias A and AAAA; a second deploy changes nothing; destroy leaves none")
    func lifecycle() async throws {
        try await base.withStack { moto, state in
            try await act(moto, "zone", "example.com")
            let engine = try base.engine(moto, stateDirectory: state) { $0.api.domain = HoistConfig.DomainConfig(name: "api.example.com") }
            let plan = try await engine.plan(codeSha256: "first")
            for kind in [ResourceKind.certificate, .validationRecord, .domainName, .apiMapping, .domainRecords] {
                #expect(plan.change(for: kind) == .create, "\(kind): \(plan.text)")
            }
            let (_, outputs) = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
            #expect(outputs["url"] == "https://api.example.com")

            let checked = try await check(moto)
            let certificate = try #require(checked.certificates.first)
            #expect(checked.certificates.count == 1 && certificate.status == "ISSUED" && certificate.tags["hoist:env"] == "dev")
            let validation = checked.records.filter { $0.type == "CNAME" }
            #expect(validation.count == 1 && validation.first?.name.hasSuffix(".api.example.com") == true && validation.first?.values.first?.contains("acm-validations.aws") == true)
            let domain = try #require(checked.domain)
            #expect(domain.certificate == certificate.arn && domain.endpointType == "REGIONAL" && domain.securityPolicy == "TLS_1_2" && domain.tags["hoist:project"] == "shop")
            let api = try #require(try await base.check(moto).api)
            #expect(domain.mappings == [Checked.Domain.Mapping(api: api.id, stage: "$default")])
            let target = try #require(domain.target)
            #expect(Set(checked.records.filter { $0.name == "api.example.com" }.map(\.type)) == ["A", "AAAA"])
            #expect(checked.records.filter { $0.name == "api.example.com" }.allSatisfy { $0.alias == target })

            let before = try moto.requests().count
            let function = try #require(try await base.check(moto).function)
            let (again, _) = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: function.codeSha256))
            #expect(again.isEmpty, "\(again.text)")
            #expect(try base.mutatingRequests(moto, after: before) == [])
            let status = try await engine.status()
            #expect(status.attention.contains { $0.message.hasPrefix("certificate api.example.com: ISSUED, expires ") }, "\(status.attention)")

            // Put on another certificate out of band: drift, put back with one UpdateDomainName.
            let other = try await act(moto, "swap", "api.example.com").trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(try await check(moto).domain?.certificate == other)
            let drift = try await engine.plan(codeSha256: function.codeSha256)
            #expect(drift.change(for: .domainName) == .update([PropertyChange(DomainNameResource.Property.certificate, from: other, to: certificate.arn)]), "\(drift.text)")
            let repairing = try moto.requests().count
            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: function.codeSha256))
            #expect(try base.mutatingRequests(moto, after: repairing) == ["PATCH /v2/domainnames/api.example.com"])
            #expect(try await check(moto).domain?.certificate == certificate.arn)
            try await act(moto, "delete-certificate", other)

            _ = try await engine.destroy()
            let gone = try await check(moto)
            #expect(gone.certificates.isEmpty && gone.records.isEmpty && gone.domain == nil, "\(gone)")
            let rest = try await base.check(moto)
            #expect(rest.function == nil && rest.apiCount == 0 && rest.table == nil)
        }
    }

    @Test("keep_certificate: destroy keeps the certificate and the next deploy reuses it; domain taken out of hoist.yml: the next deploy removes every piece, once")
    func keptAndRemoved() async throws {
        try await base.withStack { moto, state in
            try await act(moto, "zone", "example.com")
            var kept = HoistConfig.DomainConfig(name: "api.example.com")
            kept.keepCertificate = true
            let engine = try base.engine(moto, stateDirectory: state) { $0.api.domain = kept }
            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
            let issued = try #require(try await check(moto).certificates.first)
            _ = try await engine.destroy()
            let afterDestroy = try await check(moto)
            #expect(afterDestroy.certificates.map(\.arn) == [issued.arn] && afterDestroy.certificates.first?.status == "ISSUED", "kept: \(afterDestroy)")
            #expect(afterDestroy.domain == nil && afterDestroy.records.filter { $0.name == "api.example.com" }.isEmpty, "\(afterDestroy)")

            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
            let again = try await check(moto)
            #expect(again.certificates.map(\.arn) == [issued.arn] && again.domain?.certificate == issued.arn, "the kept certificate is reused: \(again)")

            let function = try #require(try await base.check(moto).function)
            let without = try base.engine(moto, stateDirectory: state)
            let plan = try await without.plan(codeSha256: function.codeSha256)
            let orphaned = plan.orphans.map(\.kind)
            #expect(Set(orphaned) == [.certificate, .validationRecord, .domainName, .apiMapping, .domainRecords] && orphaned.count == 5, "\(plan.text)")
            _ = try await without.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: function.codeSha256))
            let gone = try await check(moto)
            #expect(gone.certificates.isEmpty && gone.records.isEmpty && gone.domain == nil, "\(gone)")
            #expect(try await without.plan(codeSha256: function.codeSha256).isEmpty)
            #expect(try await base.check(moto).api != nil, "the API stays")

            // Taken out and destroyed at once: each piece is deleted once, as an orphan, and none is left.
            _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: function.codeSha256))
            let destroyed = try await without.destroy()
            for kind in [ResourceKind.certificate, .validationRecord, .domainName, .apiMapping, .domainRecords] {
                #expect(destroyed.steps.filter { $0.kind == kind }.count == 1, "\(kind) once: \(destroyed.text)")
            }
            let none = try await check(moto)
            #expect(none.certificates.isEmpty && none.records.isEmpty && none.domain == nil, "\(none)")
        }
    }

    @Test("hosted_zone changed: the records are made in the new zone (at its apex: its NS and SOA are no clash), then removed from the old one; a re-deploy changes nothing; destroy cleans both")
    func zoneMoved() async throws {
        try await base.withStack { moto, state in
            try await act(moto, "zone", "example.com")
            func records(in zone: String) async throws -> [String] {
                try await act(moto, "zone-records", zone).split(separator: "\n").map(String.init).filter { $0.hasSuffix("api.example.com") }.sorted()
            }
            func engine(zone: String) throws -> Engine<ContinuousClock> {
                try base.engine(moto, stateDirectory: state) { $0.api.domain = HoistConfig.DomainConfig(name: "api.example.com", hostedZone: zone) }
            }
            _ = try await engine(zone: "example.com").deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
            let made = try await records(in: "example.com")
            #expect(made.map { $0.split(separator: " ")[0] } == ["A", "AAAA", "CNAME"], "\(made)")

            try await act(moto, "zone", "api.example.com")
            let moved = try engine(zone: "api.example.com")
            let function = try #require(try await base.check(moto).function)
            let plan = try await moved.plan(codeSha256: function.codeSha256)
            #expect(plan.change(for: .validationRecord) == .create && plan.change(for: .domainRecords) == .create, "\(plan.text)")
            #expect(plan.orphans.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.domainRecords, .validationRecord], "\(plan.text)")
            _ = try await moved.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: function.codeSha256))
            #expect(try await records(in: "example.com") == [], "nothing left in the old zone")
            #expect(try await records(in: "api.example.com").map { $0.split(separator: " ")[0] } == ["A", "AAAA", "CNAME"])

            let before = try moto.requests().count
            let (again, _) = try await moved.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: function.codeSha256))
            #expect(again.isEmpty, "\(again.text)")
            #expect(try base.mutatingRequests(moto, after: before) == [])
            _ = try await moved.destroy()
            let (old, new) = (try await records(in: "example.com"), try await records(in: "api.example.com"))
            #expect(old == [] && new == [], "\(old) \(new)")
        }
    }

    @Test("refused before any write: a name no hosted zone holds (the zones found named), a record of that name hoist did not make")
    func badInput() async throws {
        try await base.withStack { moto, state in
            try await act(moto, "zone", "example.org")
            let engine = try base.engine(moto, stateDirectory: state) { $0.api.domain = HoistConfig.DomainConfig(name: "api.example.com") }
            let before = try moto.requests().count
            do {
                _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
                Issue.record("a domain no zone holds was deployed")
            } catch let error as EngineError {
                #expect("\(error)".hasPrefix("no public Route 53 hosted zone of this account holds api.example.com (zones found: example.org); nothing was changed."), "\(error)")
            }
            #expect(try base.mutatingRequests(moto, after: before) == [])

            try await act(moto, "zone", "example.com")
            try await act(moto, "foreign", "api.example.com")
            let again = try moto.requests().count
            do {
                _ = try await engine.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
                Issue.record("a record hoist did not make was overwritten")
            } catch let error as EngineError {
                #expect("\(error)".hasPrefix("api.example.com already has a A record (192.0.2.1) in the zone example.com that hoist did not make; nothing was changed."), "\(error)")
            }
            #expect(try base.mutatingRequests(moto, after: again) == [])
            #expect(try await check(moto).records == [Checked.Record(name: "api.example.com", type: "A", values: ["192.0.2.1"], alias: nil)])
        }
    }

    @Test("real-AWS mode: past domain_wait the deploy stops naming the name servers to check, keeping what it made; the next deploy carries on, or, with the domain taken out, removes it")
    func waitEnds() async throws {
        try await withMotoServer(realistic: realAWSTestScale) { moto in
            try await withTemporaryDirectory { state in
                try await act(moto, "zone", "example.com")
                var impatient = HoistConfig.DomainConfig(name: "api.example.com")
                impatient.wait = .seconds(1)
                do {
                    _ = try await base.engine(moto, stateDirectory: state) { $0.api.domain = impatient }.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
                    Issue.record("the deploy did not stop at domain_wait")
                } catch let error as StepFailed {
                    guard case EngineError.certificatePending = error.cause else { throw error }
                    #expect("\(error)".contains("still waiting for DNS validation after 1 s; check that the registrar of example.com lists ns-"), "\(error)")
                }
                // Kept for the next run (ACM may have issued it meanwhile on a loaded machine: the record is in).
                #expect(try await check(moto).certificates.count == 1)

                let patient = try base.engine(moto, stateDirectory: state) { $0.api.domain = HoistConfig.DomainConfig(name: "api.example.com") }
                let function = try #require(try await base.check(moto).function)
                _ = try await patient.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: function.codeSha256))
                let checked = try await check(moto)
                #expect(checked.certificates.map(\.status) == ["ISSUED"] && checked.domain != nil, "the same certificate, issued")
                _ = try await patient.destroy()
            }
            // Taken out of hoist.yml while its certificate still waits (no domain name made yet): the next deploy
            // removes the certificate and its validation record all the same.
            try await withTemporaryDirectory { state in
                var stuck = HoistConfig.DomainConfig(name: "www.example.com")
                stuck.wait = .seconds(1)
                await #expect(throws: StepFailed.self) {
                    try await base.engine(moto, stateDirectory: state, environment: "qa") { $0.api.domain = stuck }.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
                }
                let made = try await check(moto, "www.example.com")
                #expect(made.certificates.count == 1 && made.records.contains { $0.type == "CNAME" && $0.name.hasSuffix(".www.example.com") }, "\(made)")
                let without = try base.engine(moto, stateDirectory: state, environment: "qa")
                _ = try await without.deploy(code: CodePackage(zip: EngineTests.zip, codeSha256: "first"))
                let gone = try await check(moto, "www.example.com")
                #expect(gone.certificates.isEmpty && !gone.records.contains { $0.name.hasSuffix("www.example.com") }, "\(gone)")
                _ = try await without.destroy()
            }
        }
    }
}
