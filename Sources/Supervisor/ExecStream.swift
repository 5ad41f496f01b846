import Foundation
import HTTP
import HTTPServer
import Synchronization

/// The answer to `POST /exec` with `"stream": true`: newline-delimited JSON (`application/x-ndjson`), an
/// `{"output": "…"}` line whenever the command has written something, and last its end, as `POST /exec` answers it
/// (`{"exitCode": 0, "output": "", "timedOut": false}`). A client that goes away kills the command.
enum ExecStream {
    static let contentType = "application/x-ndjson"
    /// How often the output file is read for what is new.
    static let pollInterval: Duration = .milliseconds(50)
    /// The most read and sent as one line.
    static let pieceLimit = 64 << 10

    static func response(_ run: ExecRun, timeout: Duration) -> HTTPResponse {
        HTTPResponse(
            status: .ok, headers: ["Content-Type": contentType, "Cache-Control": "no-store"],
            body: .stream { writer in
                defer { run.removeOutput() }
                let ending = ExecEnding()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { ending.set(await run.wait(timeout: timeout)) }
                    do {
                        try await follow(run, ending: ending, writer: writer)
                    } catch {
                        run.kill()
                        throw error
                    }
                }
            })
    }

    private static func follow(_ run: ExecRun, ending: ExecEnding, writer: HTTPBodyWriter) async throws {
        guard let file = FileHandle(forReadingAtPath: run.outputPath) else {
            throw HTTPError(.internalServerError, message: "cannot read the output of the command")
        }
        defer { try? file.close() }
        var pending: [UInt8] = []
        while true {
            let ended = ending.value
            // Everything written so far (after the end: everything there is).
            while true {
                let data = (try? file.read(upToCount: pieceLimit)) ?? Data()
                if data.isEmpty { break }
                pending += data
                let (complete, rest) = UTF8Split.completePrefix(pending)
                pending = rest
                if !complete.isEmpty {
                    try await writer.write(try line(Piece(output: String(decoding: complete, as: UTF8.self))))
                }
            }
            if let ended {
                if !pending.isEmpty {
                    try await writer.write(try line(Piece(output: String(decoding: pending, as: UTF8.self))))
                }
                let end = ExecResult(exitCode: ended, output: "", timedOut: ended == nil)
                try await writer.write(try line(end))
                return
            }
            try await Task.sleep(for: pollInterval)
        }
    }

    private struct Piece: Encodable {
        var output: String
    }

    private static func line(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self) + "\n"
    }
}

/// How a streamed command ended, set once by the task that waits for it.
private final class ExecEnding: Sendable {
    /// nil while it runs; then its status, or nil inside when it timed out.
    private let state = Mutex<Int32??>(nil)

    var value: Int32?? { state.withLock { $0 } }

    func set(_ status: Int32?) {
        state.withLock { $0 = .some(status) }
    }
}

/// Where a byte stream can be cut without splitting a UTF-8 character.
enum UTF8Split {
    /// `bytes` up to the end of its last complete character, and the bytes of an incomplete one after it.
    static func completePrefix(_ bytes: [UInt8]) -> (complete: [UInt8], rest: [UInt8]) {
        // A character is at most 4 bytes: look for the start of the last one among the last 4.
        var index = bytes.count - 1
        while index >= 0 && index >= bytes.count - 4 {
            let byte = bytes[index]
            if byte & 0xC0 != 0x80 {
                let length = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                guard index + length > bytes.count else { return (bytes, []) }
                return (Array(bytes[..<index]), Array(bytes[index...]))
            }
            index -= 1
        }
        return (bytes, [])
    }
}
