/// Finds CRLF-terminated lines in a message head, chunk-size lines and trailers.
///
/// A line that has not fully arrived is remembered by how far it has been searched, so more input never makes the
/// reader search the same bytes twice. The caller consumes each complete line from its buffer, so a pending line
/// always starts at the buffer's reader index.
struct HTTPLineReader: Sendable {
    /// How many bytes of the pending line, from the reader index, hold no LF.
    private(set) var searched = 0

    /// Whether part of a line has arrived.
    var hasPartialLine: Bool { searched > 0 }

    /// A complete line: its content ends before the CR, and the next line starts after the LF.
    struct Line {
        var start: Int
        var contentEnd: Int
        var next: Int

        var isEmpty: Bool { contentEnd == start }
        var content: Range<Int> { start..<contentEnd }
        /// The bytes the line takes, CRLF included.
        var size: Int { next - start }
    }

    /// Finds the line that starts at `start`.
    ///
    /// - Parameters:
    ///   - bytes: the readable bytes; `start` is 0 or follows a line returned in the same call.
    ///   - maxSize: the most bytes the line may take, CRLF included; an empty line is never too long.
    ///   - tooLong: the error for a longer line, thrown as soon as the line is known to be longer.
    ///   - what: what the line is, for the error about a bare LF.
    /// - Returns: the line, or nil when its LF has not arrived.
    @inline(__always)
    mutating func line(
        in bytes: UnsafeBufferPointer<UInt8>, from start: Int, maxSize: Int,
        tooLong: @autoclosure () -> HTTPParseError, what: @autoclosure () -> String
    ) throws(HTTPParseError) -> Line? {
        let searchFrom = start == 0 ? Swift.min(searched, bytes.count) : start
        guard let lf = bytes.firstIndex(of: HTTPByte.lf, in: searchFrom..<bytes.count) else {
            let pending = bytes.count - start
            searched = pending
            // The line will take at least one more byte, its LF. A lone CR may still become an empty line.
            if pending > 0 && pending + 1 > maxSize && !(pending == 1 && bytes[start] == HTTPByte.cr) {
                throw tooLong()
            }
            return nil
        }
        searched = 0
        let line = Line(start: start, contentEnd: lf - 1, next: lf + 1)
        let isEmpty = line.size == 2 && bytes[start] == HTTPByte.cr
        if !isEmpty && line.size > maxSize { throw tooLong() }
        guard lf > start, bytes[lf - 1] == HTTPByte.cr else {
            throw .badRequest("\(what()) ends with a bare LF; lines must end with CRLF")
        }
        return line
    }

    /// Forgets the pending line, for a reader reused on a new message.
    mutating func reset() { searched = 0 }
}
