import ArgumentParser
import Foundation
import HoistEngine

extension Hoist {
    /// The published versions of an environment's function: what `hoist rollback --to` can reach.
    struct Versions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the function's published versions, what each was built from, and the one live serves.",
            discussion: "Example: hoist versions --env prod && hoist rollback --env prod --to 7")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var aws: AWSOptions
        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let context = try ProjectContext(project: project, aws: aws)
            let releases = try await explained(context) { try await context.engine.releases() }
            if json {
                try printJSON(releases)
            } else {
                print(Self.text(releases))
            }
        }

        /// Newest first: the one a user looks for is at the top.
        static func text(_ releases: Releases) -> String {
            var lines = ["VERSION  PUBLISHED                     CODESHA256                                    BUILT FROM"]
            for release in releases.versions.reversed() {
                var mark = ""
                if release.live { mark = releases.rolledBackFrom.map { "  ← live (rolled back from \($0))" } ?? "  ← live" }
                if let weight = release.canaryWeight { mark = "  ← canary, \(Int((weight * 100).rounded()))% of live's traffic" }
                lines.append(
                    release.version.padding(toLength: 9, withPad: " ", startingAt: 0) + (release.published ?? "?").padding(toLength: 30, withPad: " ", startingAt: 0)
                        + release.codeSha256.padding(toLength: 46, withPad: " ", startingAt: 0) + (release.source ?? "-") + mark)
            }
            if releases.versions.isEmpty { lines.append("(none published yet; `hoist deploy` publishes one)") }
            return lines.joined(separator: "\n")
        }
    }

    /// Back to an earlier version in one alias update: no build, no upload, no publish.
    struct Rollback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Point live at the previous version (or --to N) at once, without building or uploading; during a canary, end it.",
            discussion: """
                The API serves alias live, so this takes effect with the next request. The state records the \
                version live was moved from: `hoist status` shows it, and the next deploy publishes what it \
                deploys and moves live there.

                Example: hoist rollback --env prod --to 7
                """)
        @OptionGroup var project: ProjectOptions
        @OptionGroup var aws: AWSOptions
        @Option(help: ArgumentHelp("The version to serve (default: the newest one older than live's).", valueName: "N"))
        var to: String?

        func run() async throws {
            let context = try ProjectContext(project: project, aws: aws)
            let result = try await explained(context) { try await context.engine.rollback(to: to, forceUnlock: project.forceUnlock) }
            if result.endedCanary {
                print("canary of version \(result.from) ended: live serves version \(result.to) alone")
            } else {
                print("live: version \(result.from) → \(result.to); `hoist rollback --env \(project.env) --to \(result.from)` goes back")
            }
        }
    }

    /// Ends a canary early, the other way from `rollback`: its version gets all of live's traffic.
    struct Promote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "End a canary early: live serves the canary's version alone.",
            discussion: "Example: hoist deploy --env prod --canary 10% --bake 30m, then from another shell: hoist promote --env prod")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var aws: AWSOptions

        func run() async throws {
            let context = try ProjectContext(project: project, aws: aws)
            let (from, to) = try await explained(context) { try await context.engine.promote(forceUnlock: project.forceUnlock) }
            print("live: version \(from) → \(to); `hoist rollback --env \(project.env)` goes back")
        }
    }
}
