/// What `swiftpod config validate` and `gp validate` print for a configuration: each warning and error as
/// `file:line:column: message`, then `FILE: valid` when the configuration is usable.
public struct ConfigValidationReport: Sendable, Equatable {
    /// The lines to print, in file order, ending with the summary when valid.
    public var lines: [String]
    /// Whether the configuration loaded (warnings allowed).
    public var isValid: Bool

    /// Loads the configuration at `path` (a configuration file or a repository directory) and reports on it.
    public init(path: String) {
        do {
            let loaded = try WorkspaceConfigLoader.load(path)
            let summary = loaded.file.map { "\($0): valid" } ?? "\(path): valid (no configuration: the defaults)"
            lines = loaded.warnings.map(\.description) + [summary]
            isValid = true
        } catch {
            lines = error.diagnostics.map(\.description)
            isValid = false
        }
    }
}
