import Basics
import CSystem
import Glibc
import Synchronization

/// A connected, non-blocking stream socket (TCP or unix) driven by the event loop.
///
/// Reads and writes try the system call first and wait on the loop only when it would block, so a request that
/// arrives whole costs one `recv` and one `send`. The descriptor itself is closed when the last reference goes, so
/// no call can ever reach a reused descriptor number.
public final class Socket: ByteStream, CustomStringConvertible {
    public let fd: Int32
    let registration: SocketRegistration
    let loop: EventLoop
    private let isClosed = Atomic<Bool>(false)

    /// The peer's address, when known.
    public let remoteAddress: SocketAddress?

    init(fd: Int32, loop: EventLoop, remoteAddress: SocketAddress?) throws {
        self.fd = fd
        self.loop = loop
        self.remoteAddress = remoteAddress
        do {
            registration = try loop.register(fd: fd)
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    deinit {
        if !isClosed.load(ordering: .acquiring) { loop.deregister(registration) }
        Glibc.close(fd)
    }

    public var description: String { "socket(fd: \(fd), peer: \(remoteAddress?.description ?? "-"))" }

    /// Connects to `address`, waiting until `deadline` at most.
    public static func connect(
        to address: SocketAddress, deadline: ContinuousClock.Instant? = nil, loop: EventLoop = .shared
    ) async throws -> Socket {
        let fd = csystem_socket_nonblocking(address.family, Int32(SOCK_STREAM.rawValue))
        guard fd >= 0 else { throw NetIOError.system("socket") }
        let socket = try Socket(fd: fd, loop: loop, remoteAddress: address)
        if address.family != AF_UNIX { socket.setNoDelay() }
        let result = try address.withSockAddr { Glibc.connect(fd, $0, $1) }
        if result != 0 {
            let error = csystem_errno()
            guard error == EINPROGRESS || error == EAGAIN else {
                throw NetIOError.system("connect to \(address)", errno: error)
            }
            do {
                try await socket.registration.wait(for: .write, deadline: deadline)
            } catch let error as NetIOError where error.code == .timedOut {
                throw NetIOError.timedOut("connecting to \(address)")
            }
            var socketError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &length)
            if socketError != 0 { throw NetIOError.system("connect to \(address)", errno: socketError) }
        }
        return socket
    }

    /// Turns off Nagle's algorithm, so small responses leave at once.
    func setNoDelay() {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    public func read(into buffer: inout ByteBuffer) async throws -> Int {
        try await read(into: &buffer, deadline: nil)
    }

    /// Reads what is available, waiting until `deadline` at most for the first byte.
    /// - Returns: the number of bytes read; 0 at the end of the stream.
    public func read(into buffer: inout ByteBuffer, deadline: ContinuousClock.Instant?) async throws -> Int {
        while true {
            if isClosed.load(ordering: .relaxed) { throw NetIOError.closed }
            let count = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 4096) { raw in
                Glibc.recv(fd, raw.baseAddress, raw.count, 0)
            }
            if count >= 0 { return count }
            let error = csystem_errno()
            switch error {
            case EAGAIN, EWOULDBLOCK:
                try await registration.wait(for: .read, deadline: deadline)
            case EINTR:
                continue
            default:
                throw NetIOError.system("recv", errno: error)
            }
        }
    }

    public func write(_ buffer: ByteBuffer) async throws {
        try await write(buffer, deadline: nil)
    }

    /// Writes every readable byte of `buffer`, waiting until `deadline` at most while the peer is slow.
    public func write(_ buffer: ByteBuffer, deadline: ContinuousClock.Instant?) async throws {
        var offset = 0
        let total = buffer.readableBytes
        while offset < total {
            if isClosed.load(ordering: .relaxed) { throw NetIOError.closed }
            let count = buffer.withUnsafeReadableBytes { raw in
                csystem_send(fd, raw.baseAddress! + offset, total - offset)
            }
            if count >= 0 {
                offset += count
                continue
            }
            let error = csystem_errno()
            switch error {
            case EAGAIN, EWOULDBLOCK:
                try await registration.wait(for: .write, deadline: deadline)
            case EINTR:
                continue
            default:
                throw NetIOError.system("send", errno: error)
            }
        }
    }

    public func shutdownWrite() {
        Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    public func close() {
        guard !isClosed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        Glibc.shutdown(fd, Int32(SHUT_RDWR))
        loop.deregister(registration)
    }
}
