import Basics

/// One WebSocket frame (RFC 6455 §5.2), with its payload unmasked.
public struct WebSocketFrame: Sendable, Equatable {
    /// Whether this is the last frame of its message; always true for control frames.
    public var fin: Bool
    /// Reserved for extensions; Swiftpod negotiates none, so these are false on every valid frame.
    public var rsv1: Bool
    public var rsv2: Bool
    public var rsv3: Bool
    public var opcode: WebSocketOpcode
    /// The application data, unmasked.
    public var payload: [UInt8]

    public init(
        fin: Bool = true, rsv1: Bool = false, rsv2: Bool = false, rsv3: Bool = false, opcode: WebSocketOpcode,
        payload: [UInt8] = []
    ) {
        self.fin = fin
        self.rsv1 = rsv1
        self.rsv2 = rsv2
        self.rsv3 = rsv3
        self.opcode = opcode
        self.payload = payload
    }

    /// The size of the largest payload a control frame may carry.
    public static let maxControlPayloadSize = 125

    /// Appends the frame in wire format, with the payload length in its shortest encoding.
    /// - Parameters:
    ///   - buffer: receives the frame at its writer index.
    ///   - maskingKey: the 4 bytes a client masks the payload with (a fresh random key per frame); nil for a server.
    public func write(into buffer: inout ByteBuffer, maskingKey: [UInt8]?) {
        let key = maskingKey.map(MaskingKey.init)
        var first = opcode.rawValue
        if fin { first |= 0x80 }
        if rsv1 { first |= 0x40 }
        if rsv2 { first |= 0x20 }
        if rsv3 { first |= 0x10 }
        buffer.append(first)
        let maskBit: UInt8 = key == nil ? 0 : 0x80
        let length = payload.count
        switch length {
        case 0...125:
            buffer.append(maskBit | UInt8(length))
        case 126...0xFFFF:
            buffer.append(maskBit | 126)
            buffer.append(UInt8(truncatingIfNeeded: length >> 8))
            buffer.append(UInt8(truncatingIfNeeded: length))
        default:
            buffer.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) {
                buffer.append(UInt8(truncatingIfNeeded: UInt64(length) >> UInt64(shift)))
            }
        }
        guard let key else {
            buffer.append(contentsOf: payload)
            return
        }
        buffer.append(contentsOf: key.bytes)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { space in
            let destination = UnsafeMutableRawBufferPointer(rebasing: space[..<length])
            payload.withUnsafeBytes { destination.copyMemory(from: $0) }
            key.apply(to: destination, offset: 0)
            return length
        }
    }

    /// The frame in wire format, in a new buffer.
    public func bytes(maskingKey: [UInt8]?) -> ByteBuffer {
        var buffer = ByteBuffer(capacity: payload.count + 14)
        write(into: &buffer, maskingKey: maskingKey)
        return buffer
    }
}
