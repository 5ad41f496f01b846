/// Writes log records as one JSON object per line: `time`, `level`, `label`, `msg`, then the metadata keys as
/// top-level string fields.
enum JSONLogEncoder {
    static func line(for record: LogRecord, metadata: [(key: String, value: String)]) -> String {
        var line = "{\"time\":\"" + LogTimestamp.iso8601(record.time) + "\""
        line += ",\"level\":\"" + record.level.description + "\""
        line += ",\"label\":" + string(record.label)
        line += ",\"msg\":" + string(record.message)
        for (key, value) in metadata {
            line += "," + string(key) + ":" + string(value)
        }
        return line + "}"
    }

    static func string(_ value: String) -> String { JSONString.literal(value) }
}

/// JSON string literals, written by hand where a whole encoder would be too much (log lines, error envelopes).
public enum JSONString {
    /// A JSON string literal: quotes, backslashes and control characters (C0 and DEL) escaped, everything else as
    /// is.
    public static func literal(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where isControl(scalar): result += unicodeEscape(scalar)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
