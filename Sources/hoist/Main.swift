import ArgumentParser
import Foundation

/// Parses, then runs, so that usage mistakes exit 64 with argument-parser's help while runtime failures
/// print one `error: …` line and exit 1.
@main
enum Main {
    static func main() async {
        let command: any ParsableCommand
        do {
            command = try Hoist.parseAsRoot()
        } catch {
            Hoist.exit(withError: error)
        }
        do {
            var command = command
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ExitCode {
            Hoist.exit(withError: error)
        } catch let error as CleanExit {
            Hoist.exit(withError: error)
        } catch let error as ValidationError {
            Hoist.exit(withError: error)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(1)
        }
    }
}
