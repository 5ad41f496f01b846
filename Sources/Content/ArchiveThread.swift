import CArchive
import Foundation

/// Runs archive work on a thread of its own, never on Swift's concurrency pool.
///
/// Archiving and extracting take minutes on real workspaces and block in `read`, `write` and `fsync` throughout. The
/// thread also gets its own working directory (so extraction can `chdir` into its root without moving the rest of
/// the process) when it asks for one, and a UTF-8 locale for libarchive's name conversions (so names round-trip as bytes whatever the
/// process locale is).
enum ArchiveThread {
    /// Runs `body` on a new thread and returns its result.
    /// - Parameters:
    ///   - ownWorkingDirectory: whether the thread needs a working directory of its own (extraction does). A
    ///     seccomp policy that forbids `unshare` makes such a thread fail with a clear error.
    static func run<Result: Sendable>(
        name: String, ownWorkingDirectory: Bool = false, _ body: @escaping @Sendable () throws -> Result
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(
                    with: Swift.Result {
                        guard !ownWorkingDirectory || swiftpod_unshare_filesystem_context() == 0 else {
                            throw ContentError.io("give the archive thread its own working directory", errno: errno)
                        }
                        if let utf8Locale = utf8Locale.locale { uselocale(utf8Locale) }
                        return try body()
                    })
            }
            thread.name = name
            thread.start()
        }
    }

    /// One C.UTF-8 locale for all archive threads, created once and never freed.
    private static let utf8Locale = UTF8Locale()
}

private struct UTF8Locale: @unchecked Sendable {
    // Immutable after creation; `uselocale` only reads it.
    let locale: locale_t?

    init() {
        locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", nil)
    }
}
