import Basics

/// Cuts frames out of the bytes a connection reads, checking each header as soon as its bytes arrive.
///
/// It can stop and resume at any byte boundary: bytes that do not yet complete a frame are consumed and kept (a
/// partial header stays in the buffer), so a caller reads more and calls `next(_:)` again. After an error every
/// later call throws the same error: the connection must fail.
public struct WebSocketFrameParser: Sendable {
    /// Which end this parser reads for: a server reads masked client frames, a client unmasked server frames.
    public let role: WebSocketRole
    /// The largest payload accepted in one frame; a larger one fails with 1009 as soon as its length is read.
    public let maxFrameSize: Int

    private var state: State = .header

    private enum State: Sendable {
        case header
        case payload(Header, [UInt8])
        case failed(WebSocketError)
    }

    private struct Header: Sendable {
        var fin: Bool
        var opcode: WebSocketOpcode
        var maskingKey: MaskingKey?
        var length: Int
    }

    /// - Parameters:
    ///   - role: the role of the endpoint that reads the frames.
    ///   - maxFrameSize: the largest payload accepted in one frame (1 MiB unless told).
    public init(role: WebSocketRole, maxFrameSize: Int = 1 << 20) {
        precondition(maxFrameSize >= WebSocketFrame.maxControlPayloadSize, "maxFrameSize must allow control frames")
        self.role = role
        self.maxFrameSize = maxFrameSize
    }

    /// Consumes bytes from `buffer` and returns the next complete frame, or nil when more bytes are needed.
    /// - Parameter buffer: bytes read from the peer; the frame's bytes are consumed from its reader index.
    /// - Throws: a `WebSocketError` with 1002 for a frame that breaks the protocol, 1009 for one over the limit.
    public mutating func next(_ buffer: inout ByteBuffer) throws(WebSocketError) -> WebSocketFrame? {
        if case .failed(let error) = state { throw error }
        if case .header = state {
            do {
                guard let header = try readHeader(from: &buffer) else { return nil }
                // Reserve only what has arrived: a 10-byte header must not make the parser allocate a megabyte.
                var payload: [UInt8] = []
                payload.reserveCapacity(min(header.length, buffer.readableBytes))
                state = .payload(header, payload)
            } catch {
                state = .failed(error)
                throw error
            }
        }
        guard case .payload(let header, var payload) = state else { return nil }
        state = .header  // Drops the state's reference, so appending does not copy the payload.
        let count = min(header.length - payload.count, buffer.readableBytes)
        if count > 0 {
            let offset = payload.count
            buffer.withUnsafeReadableBytes { payload.append(contentsOf: $0[..<count]) }
            buffer.moveReaderIndex(forwardBy: count)
            if let key = header.maskingKey {
                payload.withUnsafeMutableBytes {
                    key.apply(to: UnsafeMutableRawBufferPointer(rebasing: $0[offset...]), offset: offset)
                }
            }
        }
        guard payload.count == header.length else {
            state = .payload(header, payload)
            return nil
        }
        return WebSocketFrame(fin: header.fin, opcode: header.opcode, payload: payload)
    }

    /// Reads a whole header, or consumes nothing and returns nil when its bytes have not all arrived. Each field is
    /// checked as soon as it is readable, so a bad frame fails without waiting for the rest of its header.
    private func readHeader(from buffer: inout ByteBuffer) throws(WebSocketError) -> Header? {
        guard buffer.readableBytes >= 1 else { return nil }
        let first = buffer.byte(at: 0)
        let fin = first & 0x80 != 0
        let reserved = first & 0x70
        guard reserved == 0 else {
            let names = [(0x40, "RSV1"), (0x20, "RSV2"), (0x10, "RSV3")].filter { Int(reserved) & $0.0 != 0 }.map(\.1)
            throw .protocolError(
                "frame has reserved bit \(names.joined(separator: ", ")) set, but no extension was negotiated")
        }
        guard let opcode = WebSocketOpcode(rawValue: first & 0x0F) else {
            throw .protocolError("frame uses the reserved opcode \(first & 0x0F)")
        }
        guard fin || !opcode.isControl else {
            throw .protocolError("\(opcode) frame is fragmented; control frames must have FIN set")
        }

        guard buffer.readableBytes >= 2 else { return nil }
        let second = buffer.byte(at: 1)
        let masked = second & 0x80 != 0
        switch (role, masked) {
        case (.server, false): throw .protocolError("client sent an unmasked frame; clients must mask every frame")
        case (.client, true): throw .protocolError("server sent a masked frame; servers must not mask frames")
        default: break
        }
        let shortLength = Int(second & 0x7F)
        guard !opcode.isControl || shortLength <= WebSocketFrame.maxControlPayloadSize else {
            throw .protocolError("\(opcode) frame has a payload over 125 bytes")
        }

        let lengthBytes = shortLength == 126 ? 2 : shortLength == 127 ? 8 : 0
        guard buffer.readableBytes >= 2 + lengthBytes else { return nil }
        let length = try readLength(shortLength, from: buffer)
        guard length <= maxFrameSize else {
            throw .messageTooBig("frame payload of \(length) bytes is over the limit of \(maxFrameSize) bytes")
        }

        let headerLength = 2 + lengthBytes + (masked ? 4 : 0)
        guard buffer.readableBytes >= headerLength else { return nil }
        let maskingKey = masked ? MaskingKey((0..<4).map { buffer.byte(at: 2 + lengthBytes + $0) }) : nil
        buffer.moveReaderIndex(forwardBy: headerLength)
        return Header(fin: fin, opcode: opcode, maskingKey: maskingKey, length: length)
    }

    /// Decodes the payload length, rejecting encodings that are not the shortest (RFC 6455 §5.2: "the minimal
    /// number of bytes MUST be used") and 64-bit lengths with the most significant bit set.
    private func readLength(_ shortLength: Int, from buffer: ByteBuffer) throws(WebSocketError) -> Int {
        switch shortLength {
        case 126:
            let length = Int(buffer.byte(at: 2)) << 8 | Int(buffer.byte(at: 3))
            guard length > 125 else {
                throw .protocolError("payload length \(length) is sent in 16 bits; it must use the 7-bit form")
            }
            return length
        case 127:
            var length: UInt64 = 0
            for index in 2..<10 { length = length << 8 | UInt64(buffer.byte(at: index)) }
            guard length >> 63 == 0 else {
                throw .protocolError("64-bit payload length has its most significant bit set")
            }
            guard length > 0xFFFF else {
                throw .protocolError("payload length \(length) is sent in 64 bits; it must use the shorter form")
            }
            // Lengths over the frame limit fail right after this, so saturating cannot hide a real length.
            return Int(clamping: length)
        default:
            return shortLength
        }
    }
}
