import Foundation
import HoistEngine
import Synchronization

/// The deploy's progress on a terminal, redrawn in place: one line per resource, which turns from "running,
/// so far 0.3s" into its outcome with the time it took, so a dozen resources in parallel stay one tidy block.
final class LiveProgress: Sendable {
    private struct Row {
        var kind: ResourceKind
        var name: String
        var action: StepAction
        var started: ContinuousClock.Instant
        var seconds: Double?
        /// What the step waits for on AWS, shown while it runs.
        var waitingFor: String?
    }

    private struct State {
        var rows: [Row] = []
        /// Whether a stop was asked for: a last line says so under the rows.
        var stopping = false
        /// How many lines the last drawing left above the cursor.
        var drawn = 0
    }

    private let state = Mutex(State())
    private let color: Bool
    /// Lines are cut to this many characters: a line that wrapped would take two rows, and moving up by
    /// the number of lines would then land inside the block instead of at its top.
    private let width: Int
    private let write: @Sendable (String) -> Void

    init(color: Bool, width: Int, write: @escaping @Sendable (String) -> Void) {
        self.color = color
        self.width = max(20, width - 1)
        self.write = write
    }

    /// The width of the terminal on standard error, or 80 when it does not say.
    static func terminalWidth() -> Int {
        var size = winsize()
        return ioctl(2, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
    }

    func handle(_ event: DeployEvent) {
        let text = state.withLock { state in
            switch event {
            case .started(let kind, let name, let action):
                state.rows.append(Row(kind: kind, name: name, action: action, started: .now))
            case .finished(let kind, let name, let action, let seconds):
                if let index = state.rows.firstIndex(where: { $0.kind == kind && $0.seconds == nil }) {
                    state.rows[index].seconds = seconds
                } else {
                    state.rows.append(Row(kind: kind, name: name, action: action, started: .now, seconds: seconds))
                }
            case .waiting(let kind, _, let what):
                if let index = state.rows.firstIndex(where: { $0.kind == kind && $0.seconds == nil }) { state.rows[index].waitingFor = what }
            case .stopping:
                state.stopping = true
            }
            let text = redraw(state.rows, stopping: state.stopping, over: state.drawn)
            state.drawn = state.rows.count + (state.stopping ? 1 : 0)
            return text
        }
        write(text)
    }

    /// Moves up over the previous drawing, then writes every row again, each line cleared first.
    private func redraw(_ rows: [Row], stopping: Bool, over drawn: Int) -> String {
        var text = drawn > 0 ? "\u{1B}[\(drawn)F" : ""
        for row in rows {
            text += "\u{1B}[2K"
            if let seconds = row.seconds {
                let line = ProgressRenderer.finishedLine(row.kind, row.name, row.action, seconds)
                text += ProgressRenderer.paint(String(line.prefix(width)), code: ProgressRenderer.colorCode(row.action), color)
            } else {
                let seconds = DeployEvent.seconds(since: row.started)
                let waiting = row.waitingFor.map { "  waiting for \($0)" } ?? ""
                let line = "\(ProgressRenderer.startedLine(row.kind, row.name, row.action))  \(ProgressRenderer.duration(seconds))\(waiting)"
                text += ProgressRenderer.paint(String(line.prefix(width)), code: "2", color)
            }
            text += "\n"
        }
        if stopping { text += "\u{1B}[2K" + String(ProgressRenderer.stoppingLine.prefix(width)) + "\n" }
        return text
    }
}
