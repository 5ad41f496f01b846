import Dispatch
import Foundation

/// Number formats shared by the subcommands' output.
enum Format {
    /// Bytes as MiB with one decimal.
    static func mebibytes(_ bytes: Int64) -> String {
        String(format: "%.1f", Double(bytes) / 1_048_576)
    }

    /// A duration in seconds with three decimals.
    static func seconds(_ duration: Duration) -> String {
        String(format: "%.3f", duration.seconds)
    }

    /// A number of seconds with three decimals.
    static func seconds(_ value: Double) -> String {
        String(format: "%.3f", value)
    }

    /// A ratio with two decimals, or `na` when the divisor is zero.
    static func ratio(_ numerator: Double, _ denominator: Double) -> String {
        denominator > 0 ? String(format: "%.2f", numerator / denominator) : "na"
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

enum Statistics {
    /// The median of `values` (the mean of the middle two for an even count); 0 for none.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// Writes a progress line to standard error.
func progress(_ line: String) {
    FileHandle.standardError.write(Data(("bench: " + line + "\n").utf8))
}

/// Runs blocking work (disk I/O) on a dispatch thread, so that no concurrency thread waits on it.
func onOwnThread<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Swift.Result { try body() })
        }
    }
}

/// CPU time (user + system) used so far, from `getrusage`.
enum CPUTime {
    /// By this process, every thread.
    static func ownProcess() -> Double { used(RUSAGE_SELF.rawValue) }

    /// By the children this process has waited for, and theirs.
    static func children() -> Double { used(RUSAGE_CHILDREN.rawValue) }

    private static func used(_ who: Int32) -> Double {
        var usage = rusage()
        guard getrusage(who, &usage) == 0 else { return 0 }
        let seconds = { (time: timeval) in Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}

/// The size of a tree's content.
enum TreeSize {
    /// The sum of the sizes of the regular files under `root` (symbolic links are not followed).
    static func bytes(of root: String) throws -> Int64 {
        guard let names = FileManager.default.enumerator(atPath: root) else { throw BenchError("cannot list \(root)") }
        var total: Int64 = 0
        while let name = names.nextObject() as? String {
            var status = stat()
            guard lstat(root + "/" + name, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
            total += Int64(status.st_size)
        }
        return total
    }
}
