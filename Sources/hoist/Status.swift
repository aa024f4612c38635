import ArgumentParser
import Foundation
import HoistEngine

extension Hoist {
    /// What is deployed, read live: for a CI drift check or a look before a deploy, without building.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show each resource of an environment, live: present or missing, in sync or drifted; the function's state and code.",
            discussion: """
                Drift is what a deploy would change (from the planner), and code that differs from what hoist last \
                uploaded. Nothing is built or written. Exits 2 when anything is missing or drifted, 0 when all is in \
                sync (1 stays an error), as `plan --detailed-exitcode` does; an alarm in ALARM also exits 2.

                Example: hoist status --env prod || hoist deploy --env prod
                """)
        @OptionGroup var project: ProjectOptions
        @OptionGroup var aws: AWSOptions
        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let context = try ProjectContext(project: project, aws: aws)
            let status = try await explained(context) { try await context.engine.status() }
            guard !status.isEmpty else { throw EngineError.notDeployed(stack: context.spec.functionName, environment: project.env) }
            if json {
                try printJSON(Report(status))
            } else {
                print(Self.text(status, environment: project.env))
            }
            if !status.inSync || status.alarming { throw ExitCode(2) }
        }

        /// One line per resource, then the function's state and code, the URL, and the verdict.
        static func text(_ status: StackStatus, environment: String) -> String {
            var lines = status.resources.map { resource in
                "\(resource.kind.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0))\(resource.name.padding(toLength: 32, withPad: " ", startingAt: 0)) \(verdict(resource))"
            }
            for orphan in status.orphans {
                lines.append("\(orphan.kind.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0))\(orphan.name.padding(toLength: 32, withPad: " ", startingAt: 0)) orphan \(orphan.id), not used by the stack")
            }
            if let function = status.code {
                let state = "state \(function.state ?? "?"), last update \(function.lastUpdateStatus ?? "?")"
                let size = function.codeSize.map { String(format: "%.1f MB", Double($0) / 1_048_576) } ?? "?"
                lines.append("")
                lines.append("function  \(state); code \(size), CodeSha256 \(function.codeSha256)\(status.codeDrifted ? " (not the code hoist last uploaded)" : "")")
            }
            if let url = status.outputs?["apiURL"] { lines.append("api url   \(url)") }
            for item in status.attention { lines.append((item.firing ? "ALARM     " : "note      ") + item.message) }
            lines.append(status.inSync ? "in sync" : "drifted; `hoist deploy --env \(environment)` repairs it (`hoist plan --env \(environment)` shows how)")
            return lines.joined(separator: "\n")
        }

        static func verdict(_ resource: StackStatus.Resource) -> String {
            guard resource.present else { return "missing" }
            return switch resource.change {
            case .none, .delete: "in sync"
            case .create: "going away (being deleted); a deploy makes it again"
            case .update(let properties): "drifted: " + properties.map(\.description).joined(separator: ", ")
            case .replace(let properties): "drifted, must be replaced: " + properties.map(\.description).joined(separator: ", ")
            }
        }

        /// `--json`: the same facts, with property changes as the plan prints them.
        struct Report: Encodable {
            struct Resource: Encodable {
                var kind: String
                var name: String
                var present: Bool
                var drift: [String]
            }
            struct Function: Encodable {
                var state: String?
                var lastUpdateStatus: String?
                var codeSize: Int?
                var codeSha256: String
                var codeDrifted: Bool
            }
            struct Orphan: Encodable {
                var kind: String
                var id: String
                var name: String
            }
            var inSync: Bool
            var apiURL: String?
            var function: Function?
            var resources: [Resource]
            var orphans: [Orphan]
            var attention: [Attention]

            init(_ status: StackStatus) {
                attention = status.attention
                inSync = status.inSync
                apiURL = status.outputs?["apiURL"]
                function = status.code.map {
                    Function(
                        state: $0.state, lastUpdateStatus: $0.lastUpdateStatus, codeSize: $0.codeSize, codeSha256: $0.codeSha256,
                        codeDrifted: status.codeDrifted)
                }
                resources = status.resources.map { resource in
                    let drift: [String] =
                        switch resource.change {
                        case .update(let properties), .replace(let properties): properties.map(\.description)
                        case .none, .create, .delete: []
                        }
                    return Resource(kind: resource.kind.rawValue, name: resource.name, present: resource.present, drift: drift)
                }
                orphans = status.orphans.map { Orphan(kind: $0.kind.rawValue, id: $0.id, name: $0.name) }
            }
        }
    }
}
