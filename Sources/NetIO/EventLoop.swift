import CSystem
import Foundation
import Glibc
import Synchronization

/// One epoll instance and the thread that waits on it, which is also an executor for the tasks it serves.
///
/// Sockets are registered once, edge-triggered, for both directions. A task that runs with this loop as its
/// executor preference (the HTTP server puts each connection on one loop, in turn) is resumed on the loop's own
/// thread when its socket becomes ready: the readiness event and the work it unblocks run back to back, with no
/// hand-off between threads, as in nginx's workers. Tasks without that preference work too; they are resumed on
/// Swift's global executor. A sweep every quarter second fails waits whose deadline has passed, which is how header,
/// body, idle and connect timeouts are enforced without a timer per request.
public final class EventLoop: TaskExecutor, Sendable {
    /// One loop per processor.
    public static let all: [EventLoop] = {
        let count = max(1, ProcessInfo.processInfo.activeProcessorCount)
        return (0..<count).map { index in
            do {
                return try EventLoop(name: "swiftpod-event-loop-\(index)")
            } catch {
                fatalError("cannot start event loop \(index): \(error)")
            }
        }
    }()

    private static let turn = Atomic<Int>(0)

    /// The loop whose thread is running this code, if any.
    public static var current: EventLoop? {
        let me = UInt(pthread_self())
        return all.first { $0.threadID.load(ordering: .relaxed) == me }
    }

    /// The next loop in turn, to spread connections over the processors.
    public static func next() -> EventLoop {
        all[turn.add(1, ordering: .relaxed).oldValue % all.count]
    }

    /// The loop new sockets use by default: the current thread's, or the next in turn.
    public static var shared: EventLoop { current ?? next() }

    /// How often waits are checked against their deadlines.
    static let sweepInterval: Duration = .milliseconds(250)

    private let epollFD: Int32
    private let wakeFD: Int32
    private let threadID = Atomic<UInt>(0)
    private let sleeping = Atomic<Bool>(false)
    private let jobs = Mutex<[UnownedJob]>([])
    private let registrations = Mutex<[ObjectIdentifier: SocketRegistration]>([:])
    /// Registrations removed from epoll, released by the loop's thread once no event batch can still name them.
    private let retired = Mutex<[Unmanaged<SocketRegistration>]>([])

    init(name: String) throws {
        csystem_ignore_sigpipe()
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw NetIOError.system("epoll_create1") }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard wakeFD >= 0 else { throw NetIOError.system("eventfd") }
        var event = csystem_epoll_event_make(EPOLLIN.rawValue, 0)
        guard epoll_ctl(epollFD, EPOLL_CTL_ADD, wakeFD, &event) == 0 else { throw NetIOError.system("epoll_ctl") }
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    /// Runs `job` on the loop's thread, after the current batch of events.
    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        jobs.withLock { $0.append(unowned) }
        if threadID.load(ordering: .relaxed) != UInt(pthread_self()) && sleeping.load(ordering: .sequentiallyConsistent)
        {
            var one: UInt64 = 1
            _ = Glibc.write(wakeFD, &one, 8)
        }
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
        threadID.store(UInt(pthread_self()), ordering: .relaxed)
        let capacity = 512
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        var lastSweep = ContinuousClock.now
        var batch: [UnownedJob] = []
        while true {
            batch = jobs.withLock { pending in
                swap(&pending, &batch)
                return batch
            }
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
            batch.removeAll(keepingCapacity: true)

            sleeping.store(true, ordering: .sequentiallyConsistent)
            let pending = jobs.withLock { !$0.isEmpty }
            let count = epoll_wait(epollFD, events, Int32(capacity), pending ? 0 : 250)
            sleeping.store(false, ordering: .relaxed)
            if count > 0 {
                for index in 0..<Int(count) {
                    let flags = csystem_epoll_event_events(events + index)
                    let data = csystem_epoll_event_data(events + index)
                    guard let raw = UnsafeRawPointer(bitPattern: UInt(data)) else {
                        var value: UInt64 = 0
                        _ = Glibc.read(wakeFD, &value, 8)
                        continue
                    }
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
