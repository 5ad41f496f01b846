import CSystem
import Glibc
import Synchronization

/// A listening TCP or unix socket that accepts connections as `Socket`s.
public final class SocketListener: Sendable {
    public let fd: Int32
    /// The bound address; for a TCP port 0 it holds the port the kernel chose.
    public let address: SocketAddress
    private let registration: SocketRegistration
    private let loop: EventLoop
    private let isClosed = Atomic<Bool>(false)

    /// Binds and listens on `address`. A stale unix socket file at the path is replaced.
    public init(address: SocketAddress, backlog: Int32 = 1024, loop: EventLoop = .shared) throws {
        let fd = csystem_socket_nonblocking(address.family, Int32(SOCK_STREAM.rawValue))
        guard fd >= 0 else { throw NetIOError.system("socket") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if case .unix(let path) = address {
            var status = stat()
            if lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFSOCK { unlink(path) }
        }
        do {
            let bound = try address.withSockAddr { Glibc.bind(fd, $0, $1) }
            guard bound == 0 else { throw NetIOError.system("bind \(address)") }
            guard Glibc.listen(fd, backlog) == 0 else { throw NetIOError.system("listen \(address)") }
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let named = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            if case .unix = address {
                self.address = address
            } else {
                self.address = named == 0 ? SocketAddress.from(storage: storage) ?? address : address
            }
            registration = try loop.register(fd: fd)
        } catch {
            Glibc.close(fd)
            throw error
        }
        self.fd = fd
        self.loop = loop
    }

    deinit {
        close()
        Glibc.close(fd)
    }

    /// Waits for the next connection.
    /// - Throws: `NetIOError.closed` once the listener is closed, or `CancellationError`.
    /// - Parameter serving: the loop that will serve the connection (the listener's by default).
    public func accept(on serving: EventLoop? = nil) async throws -> Socket {
        while true {
            if isClosed.load(ordering: .relaxed) { throw NetIOError.closed }
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let client = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    csystem_accept_nonblocking(fd, $0, &length)
                }
            }
            if client >= 0 {
                let socket = try Socket(
                    fd: client, loop: serving ?? loop, remoteAddress: SocketAddress.from(storage: storage))
                if address.family != AF_UNIX { socket.setNoDelay() }
                return socket
            }
            let error = csystem_errno()
            switch error {
            case EAGAIN, EWOULDBLOCK:
                try await registration.wait(for: .read, deadline: nil)
            case EINTR, ECONNABORTED, EPROTO:
                continue
            case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                // Out of descriptors or memory: back off instead of spinning, and try again.
                try await Task.sleep(for: .milliseconds(50))
            default:
                throw NetIOError.system("accept", errno: error)
            }
        }
    }

    /// Stops accepting; a pending `accept()` fails with `NetIOError.closed`.
    public func close() {
        guard !isClosed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        loop.deregister(registration)
        Glibc.shutdown(fd, Int32(SHUT_RDWR))
        if case .unix(let path) = address { unlink(path) }
    }
}
