import CSystem
import Foundation
import Glibc
import Synchronization

/// One epoll instance and the thread that waits on it.
///
/// Sockets are registered once, edge-triggered, for both directions. The loop's thread only turns readiness into
/// resumed continuations; the work itself runs on Swift's concurrency threads. A sweep every quarter second fails
/// waits whose deadline has passed, which is how header, body, idle and connect timeouts are enforced without a
/// timer per request.
public final class EventLoop: Sendable {
    /// The process-wide loop, started on first use.
    public static let shared: EventLoop = {
        do {
            return try EventLoop()
        } catch {
            fatalError("cannot start the event loop: \(error)")
        }
    }()

    /// How often waits are checked against their deadlines.
    static let sweepInterval: Duration = .milliseconds(250)

    private let epollFD: Int32
    private let registrations = Mutex<[ObjectIdentifier: SocketRegistration]>([:])
    /// Registrations removed from epoll, released by the loop's thread once no event batch can still name them.
    private let retired = Mutex<[Unmanaged<SocketRegistration>]>([])

    init() throws {
        csystem_ignore_sigpipe()
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw NetIOError.system("epoll_create1") }
        let thread = Thread { [self] in run() }
        thread.name = "swiftpod-event-loop"
        thread.start()
    }

    /// Adds `fd` to the loop.
    /// - Parameter fd: a non-blocking file descriptor.
    /// - Returns: the registration that tasks wait on.
    func register(fd: Int32) throws -> SocketRegistration {
        let registration = SocketRegistration(fd: fd)
        let pointer = Unmanaged.passRetained(registration)
        let flags = EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue
        var event = csystem_epoll_event_make(flags, UInt64(UInt(bitPattern: pointer.toOpaque())))
        guard epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) == 0 else {
            let error = NetIOError.system("epoll_ctl")
            pointer.release()
            throw error
        }
        registrations.withLock { $0[ObjectIdentifier(registration)] = registration }
        return registration
    }

    /// Removes a registration from the loop and fails its waiters. The file descriptor stays open.
    func deregister(_ registration: SocketRegistration) {
        var event = epoll_event()
        epoll_ctl(epollFD, EPOLL_CTL_DEL, registration.fd, &event)
        registration.close()
        let removed = registrations.withLock { $0.removeValue(forKey: ObjectIdentifier(registration)) }
        if removed != nil {
            retired.withLock { $0.append(Unmanaged.passUnretained(registration)) }
        }
    }

    private func run() {
        let capacity = 512
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        var lastSweep = ContinuousClock.now
        while true {
            let count = epoll_wait(epollFD, events, Int32(capacity), 250)
            if count > 0 {
                for index in 0..<Int(count) {
                    let flags = csystem_epoll_event_events(events + index)
                    let data = csystem_epoll_event_data(events + index)
                    guard let raw = UnsafeRawPointer(bitPattern: UInt(data)) else { continue }
                    let registration = Unmanaged<SocketRegistration>.fromOpaque(raw).takeUnretainedValue()
                    let failed = flags & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0
                    let readable = failed || flags & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue) != 0
                    let writable = failed || flags & EPOLLOUT.rawValue != 0
                    registration.signal(readable: readable, writable: writable)
                }
            }
            for pointer in retired.withLock({ list in
                defer { list.removeAll() }; return list
            }) {
                pointer.release()
            }
            let now = ContinuousClock.now
            if now - lastSweep >= EventLoop.sweepInterval {
                lastSweep = now
                for registration in registrations.withLock({ Array($0.values) }) {
                    registration.expireDeadlines(now: now)
                }
            }
        }
    }
}
