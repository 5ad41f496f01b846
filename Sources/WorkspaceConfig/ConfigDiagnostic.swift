/// A problem found in a configuration file: where it is, how serious, and what to do.
public struct ConfigDiagnostic: Sendable, Equatable, CustomStringConvertible {
    /// Whether the configuration can still be used.
    public enum Severity: String, Sendable {
        /// The configuration is not valid.
        case error
        /// The configuration is used, but something in it is ignored, deprecated or overridden.
        case warning
    }

    /// How serious the problem is.
    public var severity: Severity
    /// The file, as the user named it (`.gitpod.yml`, `.devcontainer/devcontainer.json`).
    public var file: String
    /// The 1-based line.
    public var line: Int
    /// The 1-based column.
    public var column: Int
    /// What is wrong and what is allowed instead.
    public var message: String

    /// A diagnostic.
    public init(severity: Severity, file: String, line: Int, column: Int, message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message` for errors, `file:line:column: warning: message` for warnings.
    public var description: String {
        switch severity {
        case .error: "\(file):\(line):\(column): \(message)"
        case .warning: "\(file):\(line):\(column): warning: \(message)"
        }
    }
}

/// A configuration that is not valid: every problem found, errors and warnings, in file order.
public struct WorkspaceConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Every problem found, warnings included.
    public var diagnostics: [ConfigDiagnostic]

    /// An error with the given problems.
    public init(diagnostics: [ConfigDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// The problems that make the configuration invalid.
    public var errors: [ConfigDiagnostic] { diagnostics.filter { $0.severity == .error } }

    /// One problem per line.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
