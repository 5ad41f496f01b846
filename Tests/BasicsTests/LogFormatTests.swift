import Foundation
import Testing

@testable import Basics

@Suite("logfmt and JSON log lines")
struct LogFormatTests {
    static let time = Date(timeIntervalSince1970: 1_796_399_468.123)

    func record(_ message: String = "listening", metadata: [String: String] = [:]) -> LogRecord {
        LogRecord(time: Self.time, level: .info, label: "swiftpod.server", message: message, metadata: metadata)
    }

    @Test("A logfmt line has time, level, label, the quoted message and sorted metadata")
    func logfmtLine() {
        let line = LogFormat.logfmt.format(record(metadata: ["workspace.id": "abc", "instance.id": "i-1"]))
        #expect(
            line
                == #"time=2026-12-04T15:51:08.123Z level=info label=swiftpod.server msg="listening" instance.id=i-1 workspace.id=abc"#
        )
    }

    @Test(
        "logfmt quotes values that need it and escapes inside the quotes",
        arguments: [
            ("abc", "abc"),
            ("/api/v1/health", "/api/v1/health"),
            ("héllo", "héllo"),
            ("", #""""#),
            ("two words", #""two words""#),
            ("a=b", #""a=b""#),
            (#"say "hi""#, #""say \"hi\"""#),
            (#"C:\dir"#, #""C:\\dir""#),
            ("line\nbreak", #""line\nbreak""#),
            ("tab\there", #""tab\there""#),
            ("cr\rlf", #""cr\rlf""#),
            ("bell\u{7}", #""bell\u0007""#),
            ("del\u{7F}", #""del\u007f""#),
        ])
    func logfmtValues(value: String, expected: String) {
        let line = LogFormat.logfmt.format(record(metadata: ["k": value]))
        #expect(line.hasSuffix(" k=" + expected))
    }

    @Test("The logfmt message is always quoted and escaped")
    func logfmtMessage() {
        let line = LogFormat.logfmt.format(record("failed: \"x\"\nnext"))
        #expect(line.contains(#" msg="failed: \"x\"\nnext""#))
    }

    @Test("logfmt keys lose the characters they cannot carry")
    func logfmtKeys() {
        let line = LogFormat.logfmt.format(record(metadata: ["bad key=\"x\"": "1", "": "2"]))
        #expect(line.hasSuffix(" _=2 bad_key__x_=1"))
    }

    @Test("Metadata named like a standard field is renamed, in both formats")
    func reservedKeys() {
        let metadata = ["msg": "shadow", "level": "x"]
        let logfmt = LogFormat.logfmt.format(record(metadata: metadata))
        #expect(logfmt.hasSuffix(#"msg="listening" metadata.level=x metadata.msg=shadow"#))
        let json = LogFormat.json.format(record(metadata: metadata))
        #expect(json.hasSuffix(#""msg":"listening","metadata.level":"x","metadata.msg":"shadow"}"#))
    }

    @Test("A JSON line is one object with the standard fields first and metadata as top-level strings")
    func jsonLine() {
        let line = LogFormat.json.format(record(metadata: ["workspace.id": "abc"]))
        #expect(
            line
                == #"{"time":"2026-12-04T15:51:08.123Z","level":"info","label":"swiftpod.server","msg":"listening","workspace.id":"abc"}"#
        )
    }

    @Test("JSON escapes quotes, backslashes and control characters and round-trips through a JSON parser")
    func jsonEscaping() throws {
        let message = "quote \" backslash \\ newline \n tab \t nul \u{0} esc \u{1B} slash / émoji 🚀 del \u{7F}"
        let line = LogFormat.json.format(record(message, metadata: ["path\n\"key\"": "v\\"]))
        #expect(!line.contains("\n"))
        #expect(line.contains(#"nul \u0000 esc \u001b"#))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object["msg"] == message)
        #expect(object["path\n\"key\""] == "v\\")
        #expect(object["level"] == "info")
        #expect(object.count == 5)
    }

    @Test(
        "Times are RFC 3339 UTC with milliseconds",
        arguments: [
            (1_796_399_468.123, "2026-12-04T15:51:08.123Z"),
            (0, "1970-01-01T00:00:00.000Z"),
            (1_709_251_199.999, "2024-02-29T23:59:59.999Z"),
            (951_868_800, "2000-03-01T00:00:00.000Z"),
            (-0.001, "1969-12-31T23:59:59.999Z"),
            (-86_400 * 365, "1969-01-01T00:00:00.000Z"),
            (4_102_444_800, "2100-01-01T00:00:00.000Z"),
        ] as [(Double, String)])
    func timestamps(seconds: Double, expected: String) {
        #expect(LogTimestamp.iso8601(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test("Times agree with Foundation's ISO 8601 formatter across four centuries")
    func timestampsAgreeWithFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1000 {
            let milliseconds = Int64.random(in: -6_000_000_000_000...10_000_000_000_000, using: &generator)
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            #expect(LogTimestamp.iso8601(date) == formatter.string(from: date))
        }
    }

    @Test(
        "Format names parse in any case", arguments: [("logfmt", LogFormat.logfmt), ("JSON", .json), ("Json", .json)])
    func parsing(name: String, expected: LogFormat) throws {
        #expect(try LogFormat(parsing: name) == expected)
    }

    @Test("An unknown format name is an error that lists the accepted ones")
    func unknownFormat() throws {
        let error = try #require(throws: LogFormatError.self) { try LogFormat(parsing: "xml") }
        #expect(error.description == "unknown log format 'xml'; expected 'logfmt' or 'json'")
        #expect(error.name == "xml")
    }
}
