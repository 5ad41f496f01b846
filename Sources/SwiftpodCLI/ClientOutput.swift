import Basics
import Foundation
import SwiftpodClient

#if canImport(Glibc)
    import Glibc
#endif

/// What the client commands print: JSON for scripts, aligned columns for people.
enum ClientOutput {
    /// `value` as the API's JSON (sorted keys, ISO 8601 dates), pretty-printed, with a final newline.
    static func json(_ value: some Encodable) throws -> String {
        let encoder = APIClient.encoder
        encoder.outputFormatting.insert(.prettyPrinted)
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// Columns padded to their widest cell, headers in capitals, two spaces apart; a line per row.
    static func table(_ headers: [String], _ rows: [[String]]) -> String {
        let all = [headers.map { $0.uppercased() }] + rows
        let widths = headers.indices.map { column in all.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return all.map { row in
            headers.indices.map { column in
                let cell = column < row.count ? row[column] : ""
                return column == headers.count - 1
                    ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingTrailingSpaces() + "\n"
        }.joined()
    }

    /// A date as people read it in a list: `2026-12-04 21:03`, in UTC.
    static func date(_ date: Date?) -> String {
        guard let date else { return "-" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    /// A time of day as `watch` prints it: `21:03:07`, local time.
    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: date)
    }

    /// Writes `text` to standard output at once (not through `print`'s buffer, so it interleaves with the display).
    static func write(_ text: String) {
        FileDescriptorWriter.writeAll(text, to: STDOUT_FILENO)
    }

    /// Writes `text` to standard error.
    static func writeError(_ text: String) {
        FileDescriptorWriter.writeAll(text, to: STDERR_FILENO)
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
