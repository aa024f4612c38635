import AWSQuery
import AWSTransport
import Foundation
import Logging

/// The Route 53 operations hoist uses for a custom domain's records, one method per operation of the
/// 2013-04-01 model (rest-xml, one global endpoint).
package struct Route53Client: Sendable {
    package let client: AWSClient
    package init(client: AWSClient) { self.client = client }

    static let namespace = "https://route53.amazonaws.com/doc/2013-04-01/"

    /// Every hosted zone of the account, every page.
    package func hostedZones(logger: Logger) async throws -> [HostedZone] {
        var zones: [HostedZone] = [], marker: String?
        repeat {
            let page = try await send("ListHostedZones", "GET", "/2013-04-01/hostedzone", query: [("maxitems", "100")] + (marker.map { [("marker", $0)] } ?? []), logger: logger)
            zones += (page.child("HostedZones")?.children ?? []).filter { $0.name == "HostedZone" }.map(HostedZone.init)
            marker = page["IsTruncated"] == "true" ? page["NextMarker"] : nil
        } while marker != nil
        return zones
    }

    /// The name servers Route 53 answers for `zoneID` with: what the registrar of the domain must list.
    package func nameServers(_ zoneID: String, logger: Logger) async throws -> [String] {
        let zone = try await send("GetHostedZone", "GET", AWSRequest.path("2013-04-01", "hostedzone", zoneID), logger: logger)
        return (zone.child("DelegationSet")?.child("NameServers")?.children ?? []).map(\.text)
    }

    /// The record sets called exactly `name` (any type).
    package func recordSets(_ zoneID: String, named name: String, logger: Logger) async throws -> [RecordSet] {
        let wanted = RecordSet.canonical(name)
        let page = try await send(
            "ListResourceRecordSets", "GET", AWSRequest.path("2013-04-01", "hostedzone", zoneID, "rrset"), query: [("maxitems", "20"), ("name", wanted)],
            logger: logger)
        return (page.child("ResourceRecordSets")?.children ?? []).filter { $0.name == "ResourceRecordSet" }.map(RecordSet.init).filter {
            RecordSet.canonical($0.name) == wanted
        }
    }

    /// Applies `changes` as one batch: all or none.
    package func change(_ zoneID: String, _ changes: [RecordChange], comment: String, logger: Logger) async throws {
        var body = #"<?xml version="1.0" encoding="UTF-8"?><ChangeResourceRecordSetsRequest xmlns="\#(Self.namespace)"><ChangeBatch>"#
        body += "<Comment>\(Self.escape(comment))</Comment><Changes>"
        for change in changes { body += "<Change><Action>\(change.action.rawValue)</Action>\(change.recordSet.xml)</Change>" }
        body += "</Changes></ChangeBatch></ChangeResourceRecordSetsRequest>"
        _ = try await send(
            "ChangeResourceRecordSets", "POST", AWSRequest.path("2013-04-01", "hostedzone", zoneID, "rrset") + "/", body: Array(body.utf8), logger: logger)
    }

    private func send(
        _ operation: String, _ method: String, _ path: String, query: [(String, String)] = [], body: [UInt8] = [], logger: Logger
    ) async throws -> XMLNode {
        let headers = body.isEmpty ? [] : [(name: "Content-Type", value: "application/xml")]
        let request = AWSRequest(service: .route53, operation: operation, method: method, path: path, query: query, headers: headers, body: body)
        let response: AWSResponse
        do {
            response = try await client.send(request, logger: logger)
        } catch let error as AWSServiceError {
            throw Route53Error(error)
        }
        do {
            return try XMLNode.parse(response.body)
        } catch {
            throw TransportError.undecodable(request, response, reason: "\(error)")
        }
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}

/// The Route 53 error codes hoist acts on.
package enum Route53Error: AWSServiceErrorWrapping, Equatable, CustomStringConvertible {
    case noSuchHostedZone(AWSServiceError)
    /// A DELETE of a record that is not there as given, or a CREATE of one that is.
    case invalidChangeBatch(AWSServiceError)
    case other(AWSServiceError)

    package init(_ error: AWSServiceError) {
        switch error.code {
        case "NoSuchHostedZone": self = .noSuchHostedZone(error)
        case "InvalidChangeBatch": self = .invalidChangeBatch(error)
        default: self = .other(error)
        }
    }

    package var serviceError: AWSServiceError {
        switch self {
        case .noSuchHostedZone(let error), .invalidChangeBatch(let error), .other(let error): error
        }
    }

    package var description: String { serviceError.description }
}

package struct HostedZone: Sendable, Equatable {
    /// Without the `/hostedzone/` prefix.
    package var id: String
    /// Without the final dot.
    package var name: String
    package var isPrivate: Bool

    package init(id: String, name: String, isPrivate: Bool) {
        self.id = id
        self.name = name
        self.isPrivate = isPrivate
    }

    init(_ node: XMLNode) {
        id = String((node["Id"] ?? "").split(separator: "/").last ?? "")
        name = RecordSet.canonical(node["Name"] ?? "")
        isPrivate = node["Config", "PrivateZone"] == "true"
    }
}

/// One record set: plain values with a TTL, or an alias to an AWS target.
package struct RecordSet: Sendable, Equatable {
    package var name: String
    package var type: String
    package var ttl: Int?
    package var values: [String]
    package var alias: AliasTarget?

    package struct AliasTarget: Sendable, Equatable {
        package var hostedZoneID: String
        package var dnsName: String
        package init(hostedZoneID: String, dnsName: String) {
            self.hostedZoneID = hostedZoneID
            self.dnsName = dnsName
        }
    }

    package init(name: String, type: String, ttl: Int? = nil, values: [String] = [], alias: AliasTarget? = nil) {
        self.name = name
        self.type = type
        self.ttl = ttl
        self.values = values
        self.alias = alias
    }

    init(_ node: XMLNode) {
        name = Self.canonical(node["Name"] ?? "")
        type = node["Type"] ?? ""
        ttl = node["TTL"].flatMap { Int($0) }
        values = (node.child("ResourceRecords")?.children ?? []).compactMap { $0["Value"] }
        alias = node.child("AliasTarget").map { AliasTarget(hostedZoneID: $0["HostedZoneId"] ?? "", dnsName: Self.canonical($0["DNSName"] ?? "")) }
    }

    /// Lower case, without the final dot: how names compare (Route 53 answers `api.example.com.`).
    package static func canonical(_ name: String) -> String {
        (name.hasSuffix(".") ? String(name.dropLast()) : name).lowercased()
    }

    var xml: String {
        var text = "<ResourceRecordSet><Name>\(Route53Client.escape(name))</Name><Type>\(type)</Type>"
        if let alias {
            text += "<AliasTarget><HostedZoneId>\(alias.hostedZoneID)</HostedZoneId><DNSName>\(Route53Client.escape(alias.dnsName))</DNSName>"
            text += "<EvaluateTargetHealth>false</EvaluateTargetHealth></AliasTarget>"
        } else {
            text += "<TTL>\(ttl ?? 300)</TTL><ResourceRecords>"
            text += values.map { "<ResourceRecord><Value>\(Route53Client.escape($0))</Value></ResourceRecord>" }.joined()
            text += "</ResourceRecords>"
        }
        return text + "</ResourceRecordSet>"
    }
}

package struct RecordChange: Sendable, Equatable {
    package enum Action: String, Sendable {
        case upsert = "UPSERT"
        case delete = "DELETE"
    }

    package var action: Action
    package var recordSet: RecordSet

    package init(_ action: Action, _ recordSet: RecordSet) {
        self.action = action
        self.recordSet = recordSet
    }
}
