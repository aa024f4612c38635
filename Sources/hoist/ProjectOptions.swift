import ArgumentParser
import Foundation
import HoistEngine

/// The flags of commands that act on one environment of the project in the current folder.
struct ProjectOptions: ParsableArguments {
    @Option(help: "Environment: names become <project>-<env>.")
    var env = "dev"

    @Option(help: "Project file.")
    var config = "hoist.yml"

    @Flag(help: "Take the environment's lock even though another run holds it (a run that exited never does).")
    var forceUnlock = false

    func validate() throws {
        guard env.wholeMatches("[a-z0-9][a-z0-9-]{0,19}") else {
            throw ValidationError("--env '\(env)' must be 1-20 lower-case letters, digits or dashes")
        }
    }
}
