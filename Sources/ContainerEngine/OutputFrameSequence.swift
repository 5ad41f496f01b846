import Basics
import HTTPClient

/// The frames of a multiplexed output stream (followed container logs), read as they arrive.
///
/// Reads wait as long as the engine keeps the stream open, which for followed logs is until the container ends:
/// cancel the task, or stop iterating, to stop waiting.
public struct OutputFrameSequence: AsyncSequence, Sendable {
    public typealias Element = MultiplexedStreamDecoder.Frame
    let response: HTTPClientResponse

    public func makeAsyncIterator() -> Iterator {
        Iterator(response: response)
    }

    /// Reads the stream's frames one after another.
    public struct Iterator: AsyncIteratorProtocol {
        let response: HTTPClientResponse
        var decoder = MultiplexedStreamDecoder()
        var finished = false

        public mutating func next() async throws -> MultiplexedStreamDecoder.Frame? {
            while true {
                if let frame = try decoder.next() { return frame }
                if finished { return nil }
                let part: ByteBuffer?
                do {
                    part = try await response.read(deadline: nil)
                } catch {
                    throw ContainerEngineError.transport(error, context: "reading a container's logs")
                }
                if let part { decoder.feed(part) } else { finished = true }
            }
        }
    }
}

extension EngineClient {
    /// Follows a container's logs: what it has written (the last `tail` lines, or all when nil), then what it
    /// writes, until it ends.
    /// - Parameter deadline: when to give up waiting for the stream to open; the logs themselves have no deadline.
    public func followLogs(
        _ id: String, tail: Int? = nil, deadline: ContinuousClock.Instant? = nil
    ) async throws -> OutputFrameSequence {
        var query = [("stdout", "1"), ("stderr", "1"), ("follow", "1")]
        if let tail { query.append(("tail", String(tail))) }
        let response = try await open(
            request(.get, "/containers/\(Self.percentEncode(id))/logs", query: query), deadline: deadline)
        return OutputFrameSequence(response: response)
    }
}
