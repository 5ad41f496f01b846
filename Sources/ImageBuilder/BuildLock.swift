import Basics
import Foundation
import Glibc

/// An exclusive lock on a file (`flock`), so that one build runs at a time across processes and tasks.
///
/// Acquiring polls with `LOCK_NB` and sleeps between tries, so waiting never blocks a thread of the concurrency pool.
/// Each acquisition opens its own descriptor, so two tasks of one process exclude each other too.
final class BuildLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Waits until the lock at `path` is free, and takes it.
    /// - Throws: `ImageBuilderError` when the lock file cannot be opened.
    static func acquire(
        path: String, pollInterval: Duration = .milliseconds(200), logger: Logger
    ) async throws -> BuildLock {
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ImageBuilderError(
                code: .stepFailed, message: "cannot open the lock \(path): \(String(cString: strerror(errno)))")
        }
        var announced = false
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let message = String(cString: strerror(errno))
                close(descriptor)
                throw ImageBuilderError(code: .stepFailed, message: "cannot lock \(path): \(message)")
            }
            if !announced {
                logger.info("waiting for another build that holds \(path)")
                announced = true
            }
            do {
                try await Task.sleep(for: pollInterval)
            } catch {
                close(descriptor)
                throw error
            }
        }
        return BuildLock(descriptor: descriptor)
    }

    /// Releases the lock.
    func release() {
        close(descriptor)
    }
}
