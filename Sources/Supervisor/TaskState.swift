import Foundation

/// A step of a task's chain.
public enum TaskStep: String, Sendable, Codable {
    case before, `init`, prebuild, command
}

/// Which steps of its chain a task runs.
public enum TaskMode: Sendable, Equatable {
    /// A workspace start: `before`, `init` only when the content is fresh, then `command`.
    case start(fresh: Bool)
    /// A prebuild: `before`, `init` and the deprecated `prebuild`; never `command`.
    case headless
}

/// Where a task is in its life.
public enum TaskState: Sendable, Equatable {
    /// Waiting to start.
    case pending
    /// Its chain is running.
    case running
    /// Its chain ran to the end of `command`, which exited with `code` (128 + N when killed by signal N).
    case exited(code: Int32)
    /// `step` failed with `code` and ended the chain.
    case failed(step: TaskStep, code: Int32)

    /// The state's name in the API.
    public var name: String {
        switch self {
        case .pending: "pending"
        case .running: "running"
        case .exited: "exited"
        case .failed: "failed"
        }
    }
}

/// Builds the shell script that runs a task's chain (the steps `mode` asks for) in one shell, so what `before`
/// exports, `command` sees. An EXIT trap writes `STEP CODE` to the status file when a step before `command` fails
/// (also by `exit N` inside the snippet), and a failing step ends the chain with its code.
public enum TaskScript {
    public static func chain(for task: TaskConfiguration, mode: TaskMode, statusFile: String) -> String {
        var lines = [
            "__swiftpod_status=\(quoted(statusFile))",
            "trap '__swiftpod_code=$?; if [ \"$__swiftpod_step\" != command ] && [ \"$__swiftpod_code\" -ne 0 ]; "
                + "then printf \"%s %d\" \"$__swiftpod_step\" \"$__swiftpod_code\" > \"$__swiftpod_status\"; fi' EXIT",
        ]
        let steps: [(TaskStep, String?)] =
            switch mode {
            case .start(let fresh): [(.before, task.before), (.`init`, fresh ? task.`init` : nil)]
            case .headless: [(.before, task.before), (.`init`, task.`init`), (.prebuild, task.prebuild)]
            }
        for (step, snippet) in steps {
            guard let snippet, !snippet.isEmpty else { continue }
            lines.append("__swiftpod_step=\(step.rawValue)")
            lines.append("eval \(quoted(snippet)) || exit")
        }
        lines.append("__swiftpod_step=command")
        if mode != .headless, let command = task.command, !command.isEmpty { lines.append("eval \(quoted(command))") }
        return lines.joined(separator: "\n")
    }

    /// `text` in single quotes for the shell.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The final state from the shell's exit code and the status file's text (nil when the file is absent).
    public static func finalState(exitCode: Int32, statusFileText: String?) -> TaskState {
        if let text = statusFileText {
            let parts = text.split(separator: " ")
            if parts.count == 2, let step = TaskStep(rawValue: String(parts[0])), let code = Int32(parts[1]) {
                return .failed(step: step, code: code)
            }
        }
        return .exited(code: exitCode)
    }
}
