import Basics
import Foundation
import HTTPClient

/// The documents of a JSON-lines answer (build output, events), read as they arrive.
///
/// Each line is turned into an element by a transform, which may skip it (nil) or end the sequence with an error
/// (a build's `errorDetail`). Reads wait as long as the engine keeps the stream open: cancel the task, or stop
/// iterating, to stop waiting.
public struct JSONLineSequence<Element: Sendable>: AsyncSequence, Sendable {
    let response: HTTPClientResponse
    let transform: @Sendable ([UInt8]) throws -> Element?

    init(response: HTTPClientResponse, transform: @escaping @Sendable ([UInt8]) throws -> Element?) {
        self.response = response
        self.transform = transform
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(response: response, transform: transform)
    }

    /// Reads the stream's lines one after another.
    public struct Iterator: AsyncIteratorProtocol {
        let response: HTTPClientResponse
        let transform: @Sendable ([UInt8]) throws -> Element?
        var splitter = JSONLineSplitter()
        var pending: [[UInt8]] = []
        var finished = false

        public mutating func next() async throws -> Element? {
            while true {
                while !pending.isEmpty {
                    if let element = try transform(pending.removeFirst()) { return element }
                }
                if finished { return nil }
                let part: ByteBuffer?
                do {
                    part = try await response.read(deadline: nil)
                } catch {
                    throw ContainerEngineError.transport(error, context: "reading the engine's stream")
                }
                if let part {
                    pending = try splitter.feed(part.readableView)
                } else {
                    finished = true
                    if let last = splitter.finish() { pending = [last] }
                }
            }
        }
    }
}
