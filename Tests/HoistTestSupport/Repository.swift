import Foundation
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Where the repository is, found from this file's path, so tests run from any working directory.
package enum Repository {
    package static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The Python that has the pinned dev requirements: the repository's `.venv` when `scripts/test` made one,
    /// else `HOIST_PYTHON`, else `python3` on the PATH.
    package static var python: String {
        let venv = root.appendingPathComponent(".venv/bin/python3").path
        if FileManager.default.isExecutableFile(atPath: venv) { return venv }
        return ProcessInfo.processInfo.environment["HOIST_PYTHON"] ?? "python3"
    }

    /// `python` as something Subprocess can start: a path as a path, a bare name looked up in PATH.
    package static var pythonExecutable: Executable {
        python.contains("/") ? .path(FilePath(python)) : .name(python)
    }

    /// The line a failing test prints when Python or a package is missing, so the fix is one copy away.
    package static let pythonSetupHint =
        "install the pinned test tools with: python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt (scripts/test does this)"
}
