/// How log records are written as text: chosen with `--log-format`.
public enum LogFormat: String, Sendable, CaseIterable, CustomStringConvertible {
    /// `time=2026-12-04T15:51:08.123Z level=info label=swiftpod.server msg="listening" workspace.id=abc`
    case logfmt
    /// `{"time":"2026-12-04T15:51:08.123Z","level":"info","label":"swiftpod.server","msg":"listening",...}`
    case json

    /// The keys every line starts with; metadata keys that collide with them are written as `metadata.<key>`.
    static let reservedKeys: Set<String> = ["time", "level", "label", "msg"]

    /// Parses a format name as written on the command line, in any case.
    /// - Throws: `LogFormatError` naming the unknown format and the accepted ones.
    public init(parsing name: String) throws(LogFormatError) {
        guard let format = LogFormat(rawValue: name.lowercased()) else { throw LogFormatError(name: name) }
        self = format
    }

    public var description: String { rawValue }

    /// One line for `record`, without the trailing newline. Metadata keys are sorted.
    public func format(_ record: LogRecord) -> String {
        let metadata = record.metadata
            .map { (key: LogFormat.reservedKeys.contains($0.key) ? "metadata." + $0.key : $0.key, value: $0.value) }
            .sorted { $0.key < $1.key }
        switch self {
        case .logfmt: return LogfmtEncoder.line(for: record, metadata: metadata)
        case .json: return JSONLogEncoder.line(for: record, metadata: metadata)
        }
    }
}

/// A log format name that is neither `logfmt` nor `json`.
public struct LogFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name that was given.
    public var name: String

    /// The error for the unknown format `name`.
    public init(name: String) {
        self.name = name
    }

    public var description: String {
        let accepted = LogFormat.allCases.map { "'\($0.rawValue)'" }.joined(separator: " or ")
        return "unknown log format '\(name)'; expected \(accepted)"
    }
}
