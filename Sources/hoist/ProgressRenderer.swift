import Foundation
import HoistEngine

/// Progress on stderr; stdout stays for the product (plan, outputs). On a terminal a live block, one line per
/// resource redrawn in place as it runs and finishes (`LiveProgress`), in colour unless NO_COLOR is set; with
/// `-v`/`--debug` log lines interleave, so a line as each resource starts and finishes instead; piped, one
/// plain line per finished resource; with `--json`, one JSON object per event for scripts.
enum ProgressRenderer {
    enum Mode: Sendable {
        case live(color: Bool)
        case terminal(color: Bool)
        case plain
        case json
    }

    static func line(_ text: String) {
        FileHandle.standardError.write(Data("\(text)\n".utf8))
    }

    static func mode(json: Bool, logging: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) -> Mode {
        if json { return .json }
        guard isatty(2) != 0 else { return .plain }
        let color = environment["NO_COLOR"].map(\.isEmpty) ?? true && environment["TERM"] != "dumb"
        return logging || environment["TERM"] == "dumb" ? .terminal(color: color) : .live(color: color)
    }

    static func renderer(_ mode: Mode) -> @Sendable (DeployEvent) -> Void {
        if case .live(let color) = mode {
            let live = LiveProgress(color: color, width: LiveProgress.terminalWidth()) { FileHandle.standardError.write(Data($0.utf8)) }
            return { live.handle($0) }
        }
        return { event in
            switch (mode, event) {
            case (.json, .started(let kind, let name, let action)):
                json(["event": "started", "resource": kind.rawValue, "name": name, "action": action.rawValue])
            case (.json, .finished(let kind, let name, let action, let seconds)):
                json(["event": "finished", "resource": kind.rawValue, "name": name, "action": action.rawValue, "seconds": String(format: "%.3f", seconds)])
            case (.terminal(let color), .started(let kind, let name, let action)):
                line(paint(startedLine(kind, name, action), code: "2", color))
            case (.terminal(let color), .finished(let kind, let name, let action, let seconds)):
                line(paint(finishedLine(kind, name, action, seconds), code: colorCode(action), color))
            case (.plain, .finished(let kind, let name, let action, let seconds)):
                line(finishedLine(kind, name, action, seconds))
            case (.json, .waiting(let kind, let name, let what)):
                json(["event": "waiting", "resource": kind.rawValue, "name": name, "for": what])
            case (.terminal(let color), .waiting(let kind, let name, let what)):
                line(paint(waitingLine(kind, name, what), code: "2", color))
            case (.json, .stopping):
                json(["event": "stopping"])
            case (.terminal, .stopping), (.plain, .stopping):
                line(stoppingLine)
            case (.plain, .started), (.plain, .waiting), (.live, _):
                break
            }
        }
    }

    static let stoppingLine = "stopping once the steps under way finish (Ctrl-C again to quit now)"

    static func label(_ kind: ResourceKind) -> String { kind.rawValue.padding(toLength: 19, withPad: " ", startingAt: 0) }

    static func startedLine(_ kind: ResourceKind, _ name: String, _ action: StepAction) -> String {
        "… \(action.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) \(label(kind)) \(name)"
    }

    static func waitingLine(_ kind: ResourceKind, _ name: String, _ what: String) -> String {
        "… waiting \(label(kind)) \(name): for \(what)"
    }

    static func finishedLine(_ kind: ResourceKind, _ name: String, _ action: StepAction, _ seconds: Double) -> String {
        let symbol = action == .create ? "+" : action == .delete ? "-" : "~"
        return "\(symbol) \(action.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) \(label(kind)) \(name)  \(duration(seconds))"
    }

    static func duration(_ seconds: Double) -> String {
        String(format: "%.1fs", seconds)
    }

    /// The colour of a finished resource's line: green for made, red for deleted, yellow for changed.
    static func colorCode(_ action: StepAction) -> String {
        action == .create ? "32" : action == .delete ? "31" : "33"
    }

    static func paint(_ text: String, code: String, _ color: Bool) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    static func json(_ fields: [String: String]) {
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) else { return }
        line(String(decoding: data, as: UTF8.self))
    }
}
