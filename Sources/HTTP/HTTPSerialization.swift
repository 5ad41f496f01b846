import Basics

// Writing message heads in wire form: one reservation and one copy per piece, no string building.

extension HTTPRequestHead {
    /// Writes the request line, the header fields with their names as stored, and the empty line.
    ///
    /// Names and values are written as they are; check ones that come from untrusted input with
    /// ``HTTPHeaders/isValidName(_:)`` and ``HTTPHeaders/isValidValue(_:)`` first.
    public func write(into buffer: inout ByteBuffer) {
        let method = method.rawValue.utf8
        let target = target.utf8
        let version = version.wireForm
        let size = method.count + 1 + target.count + 1 + version.count + 2 + headers.wireSize + 2
        buffer.appendBytes(count: size) { pointer in
            var cursor = pointer
            cursor += method.copy(to: cursor)
            cursor.pushByte(HTTPByte.space)
            cursor += target.copy(to: cursor)
            cursor.pushByte(HTTPByte.space)
            cursor += version.copy(to: cursor)
            cursor.pushCRLF()
            headers.write(to: &cursor)
            cursor.pushCRLF()
        }
    }
}

extension HTTPResponseHead {
    /// Writes the status line (with the status's reason phrase), the header fields with their names as stored, and
    /// the empty line.
    public func write(into buffer: inout ByteBuffer) {
        let version = version.wireForm
        let reason = status.reasonPhrase.utf8
        let code = min(max(status.code, 0), 999)
        let size = version.count + 5 + reason.count + 2 + headers.wireSize + 2
        buffer.appendBytes(count: size) { pointer in
            var cursor = pointer
            cursor += version.copy(to: cursor)
            cursor.pushByte(HTTPByte.space)
            cursor.pushByte(UInt8(truncatingIfNeeded: 0x30 + code / 100))
            cursor.pushByte(UInt8(truncatingIfNeeded: 0x30 + code / 10 % 10))
            cursor.pushByte(UInt8(truncatingIfNeeded: 0x30 + code % 10))
            cursor.pushByte(HTTPByte.space)
            cursor += reason.copy(to: cursor)
            cursor.pushCRLF()
            headers.write(to: &cursor)
            cursor.pushCRLF()
        }
    }
}

extension HTTPVersion {
    /// `HTTP/x.y` as sent on the wire.
    fileprivate var wireForm: String.UTF8View {
        switch self {
        case .http11: "HTTP/1.1".utf8
        case .http10: "HTTP/1.0".utf8
        default: description.utf8
        }
    }
}

extension HTTPHeaders {
    /// The bytes the fields take as `name: value` lines.
    fileprivate var wireSize: Int {
        var size = 0
        for field in fields { size += field.name.utf8.count + field.value.utf8.count + 4 }
        return size
    }

    fileprivate func write(to cursor: inout UnsafeMutablePointer<UInt8>) {
        for field in fields {
            cursor += field.name.utf8.copy(to: cursor)
            cursor.pushByte(HTTPByte.colon)
            cursor.pushByte(HTTPByte.space)
            cursor += field.value.utf8.copy(to: cursor)
            cursor.pushCRLF()
        }
    }
}

extension UnsafeMutablePointer<UInt8> {
    @inline(__always)
    fileprivate mutating func pushByte(_ byte: UInt8) {
        pointee = byte
        self += 1
    }

    @inline(__always)
    fileprivate mutating func pushCRLF() {
        self[0] = HTTPByte.cr
        self[1] = HTTPByte.lf
        self += 2
    }
}
