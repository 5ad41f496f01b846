import CSystem
import Dispatch
import Foundation
import Glibc
import Synchronization
import WebSocket

/// One attachment to a supervisor terminal: its output to standard output until the terminal ends, and, when
/// standard input is a terminal, keystrokes (in raw mode) and window sizes to it.
struct TerminalAttachment {
    let connection: WebSocketConnection
    let context: GPContext

    private enum Part {
        case output, input, resize
    }

    func run() async throws {
        let input = context.standardInput
        let interactive = input >= 0 && isatty(input) == 1
        let rawMode = interactive ? try RawTerminalMode(descriptor: input) : nil
        defer { rawMode?.restore() }
        let connection = connection
        let context = context
        do {
            try await withThrowingTaskGroup(of: Part.self) { group in
                group.addTask {
                    while let message = try await connection.receive() {
                        switch message {
                        case .binary(let bytes): context.standardOutput(bytes)
                        case .text(let text): context.standardOutput(Array(text.utf8))
                        }
                    }
                    return .output
                }
                if interactive {
                    group.addTask {
                        for await bytes in StandardInputReader.bytes(from: input) {
                            try await connection.send(binary: bytes)
                        }
                        return .input
                    }
                    group.addTask {
                        for await size in WindowSizeChanges.sizes(of: input) {
                            try await connection.send(
                                text: #"{"resize":{"cols":\#(size.columns),"rows":\#(size.rows)}}"#)
                        }
                        return .resize
                    }
                }
                // The attachment lasts as long as the terminal's output; the end of input does not end it.
                while let part = try await group.next(), part != .output {}
                group.cancelAll()
            }
        } catch {
            await connection.close()
            throw GPError(code: .supervisorError, message: "the terminal connection failed: \(error)")
        }
        await connection.close()
    }
}

/// A terminal in raw mode: bytes pass through unchanged and unechoed until `restore()`.
final class RawTerminalMode: Sendable {
    private let descriptor: Int32
    private let saved: termios

    init(descriptor: Int32) throws {
        var settings = termios()
        guard tcgetattr(descriptor, &settings) == 0 else {
            throw GPError(
                code: .environment, message: "cannot read the terminal's settings: \(String(cString: strerror(errno)))")
        }
        self.descriptor = descriptor
        self.saved = settings
        var raw = settings
        cfmakeraw(&raw)
        guard tcsetattr(descriptor, TCSANOW, &raw) == 0 else {
            throw GPError(
                code: .environment, message: "cannot put the terminal in raw mode: \(String(cString: strerror(errno)))")
        }
    }

    /// Puts back the settings found at the start.
    func restore() {
        var settings = saved
        _ = tcsetattr(descriptor, TCSANOW, &settings)
    }
}

/// Reads a descriptor on a thread of its own (reads block), a piece at a time, until its end or until the
/// consumer stops listening.
enum StandardInputReader {
    static func bytes(from descriptor: Int32) -> AsyncStream<[UInt8]> {
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream(bufferingPolicy: .unbounded)
        let stopped = StopFlag()
        continuation.onTermination = { _ in stopped.set() }
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !stopped.isSet {
                var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, 100)
                if ready == 0 || (ready < 0 && errno == EINTR) { continue }
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count > 0 {
                    continuation.yield(Array(buffer[..<count]))
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    break
                }
            }
            continuation.finish()
        }
        thread.name = "gp standard input"
        thread.start()
        return stream
    }
}

/// The terminal's window size now, then after every SIGWINCH.
enum WindowSizeChanges {
    struct Size: Equatable, Sendable {
        var columns: UInt16
        var rows: UInt16
    }

    static func sizes(of descriptor: Int32) -> AsyncStream<Size> {
        let (stream, continuation) = AsyncStream<Size>.makeStream(bufferingPolicy: .bufferingNewest(1))
        func current() -> Size? {
            var columns: UInt16 = 0
            var rows: UInt16 = 0
            guard csystem_get_window_size(descriptor, &columns, &rows) == 0, columns > 0, rows > 0 else { return nil }
            return Size(columns: columns, rows: rows)
        }
        if let size = current() { continuation.yield(size) }
        // Used only to cancel it once the stream ends; DispatchSource is thread-safe.
        nonisolated(unsafe) let source = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .global())
        source.setEventHandler {
            if let size = current() { continuation.yield(size) }
        }
        continuation.onTermination = { _ in source.cancel() }
        source.resume()
        return stream
    }
}

/// A flag set once, read from another thread.
final class StopFlag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}
