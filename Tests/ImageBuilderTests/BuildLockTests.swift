import Foundation
import TestSupport
import Testing

@testable import ImageBuilder

@Suite struct BuildLockTests {
    @Test func aSecondHolderWaitsUntilTheFirstReleases() async throws {
        let directory = try TemporaryDirectory(prefix: "build-lock")
        let path = directory.path + "/locks/build.lock"
        let first = try await BuildLock.acquire(path: path, logger: .disabled)
        let second = Task {
            let lock = try await BuildLock.acquire(path: path, pollInterval: .milliseconds(10), logger: .disabled)
            lock.release()
            return ContinuousClock.now
        }
        try await Task.sleep(for: .milliseconds(300))
        let released = ContinuousClock.now
        first.release()
        let acquired = try await withTimeout { try await second.value }
        #expect(acquired >= released)
    }

    @Test func anUnopenableLockIsAClearError() async throws {
        let error = await #expect(throws: ImageBuilderError.self) {
            _ = try await BuildLock.acquire(path: "/proc/no-such-dir/build.lock", logger: .disabled)
        }
        #expect(error?.message.hasPrefix("cannot open the lock /proc/no-such-dir/build.lock") == true)
    }
}
