import ArgumentParser
import Foundation
import HoistEngine

/// Parses, then runs, keeping README's exit-code table: 64 is a usage mistake and comes only from parsing
/// and `validate()` (with argument-parser's usage); everything found while running is one `error: …` line
/// and exit 1, whatever its type; 2 is a command's own verdict (drift, changes); 130 a stop on Ctrl-C.
@main
enum Main {
    static func main() async {
        let command: any ParsableCommand
        do {
            command = try Hoist.parseAsRoot()
        } catch {
            Hoist.exit(withError: error)
        }
        // The root alone has nothing to run: show what it can do.
        if command is Hoist {
            print(Hoist.helpMessage())
            exit(0)
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
        } catch where String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            // `--help` and `help` parse into argument-parser's own help command, whose run() throws its
            // internal error type; only argument-parser can render it.
            Hoist.exit(withError: error)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            // 130, as a shell reports a command ended by Ctrl-C: scripts see it was stopped, not failed.
            exit((error as? EngineError)?.isStop == true ? 130 : 1)
        }
    }
}
