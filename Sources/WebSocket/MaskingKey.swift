/// The 4-byte key that a client XORs over each frame's payload (RFC 6455 §5.3).
struct MaskingKey: Sendable, Equatable {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        precondition(bytes.count == 4, "a WebSocket masking key is 4 bytes, got \(bytes.count)")
        self.bytes = bytes
    }

    /// Masks or unmasks `payload` in place.
    /// - Parameters:
    ///   - payload: a stretch of a frame's payload.
    ///   - offset: where `payload` starts within the frame's payload, so that a payload can be handled in pieces.
    func apply(to payload: UnsafeMutableRawBufferPointer, offset: Int) {
        let count = payload.count
        guard count > 0 else { return }
        // Eight key bytes starting at `offset`, in memory order, so whole words can be XORed whatever the endianness.
        var pattern: UInt64 = 0
        withUnsafeMutableBytes(of: &pattern) { pattern in
            for index in 0..<8 { pattern[index] = bytes[(offset + index) & 3] }
        }
        var index = 0
        while index + 8 <= count {
            let word = payload.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            payload.storeBytes(of: word ^ pattern, toByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < count {
            payload[index] ^= bytes[(offset + index) & 3]
            index += 1
        }
    }
}
