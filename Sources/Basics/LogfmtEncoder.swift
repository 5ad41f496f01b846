/// Writes log records as logfmt: `key=value` pairs separated by spaces.
///
/// Values with spaces, quotes, `=`, backslashes or control characters, and empty values, are quoted, with `\"`,
/// `\\`, `\n`, `\r`, `\t` and `\u00XX` escapes inside the quotes. The message is always quoted. Characters a key may
/// not contain (spaces, `=`, quotes, control characters) become `_`.
enum LogfmtEncoder {
    static func line(for record: LogRecord, metadata: [(key: String, value: String)]) -> String {
        var line = "time=" + LogTimestamp.iso8601(record.time)
        line += " level=" + record.level.description
        line += " label=" + value(record.label)
        line += " msg=" + quoted(record.message)
        for (key, value) in metadata {
            line += " " + self.key(key) + "=" + self.value(value)
        }
        return line
    }

    /// A key with the characters logfmt cannot carry replaced by `_`.
    static func key(_ key: String) -> String {
        guard !key.isEmpty else { return "_" }
        guard key.unicodeScalars.contains(where: { !isKeyScalar($0) }) else { return key }
        return String(String.UnicodeScalarView(key.unicodeScalars.map { isKeyScalar($0) ? $0 : "_" }))
    }

    /// A value, quoted only when it has to be.
    static func value(_ value: String) -> String {
        needsQuoting(value) ? quoted(value) : value
    }

    /// A value in double quotes, escaped as a JSON string is.
    static func quoted(_ value: String) -> String { JSONString.literal(value) }

    private static func needsQuoting(_ value: String) -> Bool {
        value.isEmpty
            || value.unicodeScalars.contains { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "\\" || isControl($0) }
    }

    private static func isKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar != " " && scalar != "=" && scalar != "\"" && !isControl(scalar)
    }
}

/// Whether a scalar is a C0 control character or DEL.
func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || scalar.value == 0x7F
}

/// `\u001b` for ESC: a JSON-style escape of a scalar below U+10000.
func unicodeEscape(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16)
    return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
}
