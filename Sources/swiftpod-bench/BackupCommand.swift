import CommandLineKit
import Content
import Foundation

/// `swiftpod-bench backup`: our backup and restore against GNU tar piped through the zstd CLI, on the same tree.
struct BackupCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Times Content's backup and restore against GNU tar + zstd on the same tree, at the same level.",
        discussion: """
            Each run times, in alternating order: BackupWriter against 'tar -cf - -C TREE . | zstd -LEVEL -q -o OUT', \
            then BackupRestorer against 'zstd -d -c OUT | tar -xf - -C DIR'. Before each timed step the disk is \
            flushed (sync) and the page cache is either dropped (--drop-caches) or warmed by reading the tree, so \
            both sides start alike. The GNU side is also timed with an fsync of its archive (backup) and a syncfs of \
            its directory (restore), which ours always does. Prints a table and, last, a BENCH line of key=value \
            pairs: medians in seconds, sizes in bytes, and backup_vs_gnu_tar_zstd = GNU time / our time (above 1: \
            ours is faster).
            """,
        parameters: [
            .argument("tree", help: "The directory to back up."),
            .option("runs", valueName: "count", default: "5", help: "How many times each step is timed."),
            .option("level", valueName: "level", default: "3", help: "The zstd level of both sides."),
            .option(
                "work", valueName: "path",
                help: "An empty or new directory for archives and restores (default: a new directory in TMPDIR)."),
            .flag("drop-caches", help: "Drop the page cache before each timed step (root; affects the whole machine)."),
        ]
    )

    let tree: String
    let runs: Int
    let level: Int
    let work: String?
    let dropCaches: Bool

    init(parsed: ParsedArguments) throws {
        tree = try parsed.required("tree")
        runs = try parsed.required("runs", as: Int.self)
        level = try parsed.required("level", as: Int.self)
        work = parsed.string("work")
        dropCaches = parsed.flag("drop-caches")
        guard (1...1000).contains(runs) else {
            throw ValidationError("invalid value '\(runs)' for '--runs': expected 1 to 1000")
        }
        guard (1...19).contains(level) else {
            throw ValidationError("invalid value '\(level)' for '--level': expected a zstd level from 1 to 19")
        }
    }

    func run() async throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: tree, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw BenchError("cannot back up \(tree): it is not a directory")
        }
        for tool in ["tar", "zstd"] where ToolPath.find(tool) == nil {
            throw BenchError("\(tool) is not on PATH: install it (apt-get install \(tool))")
        }
        let workDirectory = try WorkDirectory(explicit: work, prefix: "swiftpod-bench-backup")
        defer { workDirectory.removeIfOwned() }
        let cache = PageCache(drop: dropCaches, tree: tree)
        let bench = BackupBenchmark(tree: tree, work: workDirectory.path, level: level, cache: cache)
        let results = try await bench.run(runs: runs)
        results.print(tree: tree, level: level, cache: cache)
    }
}

/// The timed steps of one backup benchmark, and their results.
struct BackupBenchmark {
    let tree: String
    let work: String
    let level: Int
    let cache: PageCache

    /// Every timing, in seconds, by step.
    struct Results {
        var times: [Step: [Double]] = [:]
        /// CPU seconds (user + system) of the step's own work: our process, or GNU's processes.
        var cpu: [Step: [Double]] = [:]
        var treeBytes: Int64 = 0
        var entries = 0
        var oursArchiveBytes: Int64 = 0
        var gnuArchiveBytes: Int64 = 0

        func median(_ step: Step) -> Double { Statistics.median(times[step] ?? []) }
        func medianCPU(_ step: Step) -> Double { Statistics.median(cpu[step] ?? []) }

        mutating func record(_ step: Step, seconds: Double, cpu cpuSeconds: Double? = nil) {
            times[step, default: []].append(seconds)
            if let cpuSeconds { cpu[step, default: []].append(cpuSeconds) }
        }
    }

    enum Step: String, CaseIterable {
        case oursBackup = "ours_backup_s"
        case oursVerify = "ours_verify_s"
        case gnuBackup = "gnu_backup_s"
        case gnuBackupFsync = "gnu_backup_fsync_s"
        case oursRestore = "ours_restore_s"
        case gnuRestore = "gnu_restore_s"
        case gnuRestoreSyncfs = "gnu_restore_syncfs_s"
    }

    func run(runs: Int) async throws -> Results {
        var results = Results()
        let oursArchive = work + "/ours.tar.zst"
        let gnuArchive = work + "/gnu.tar.zst"
        let oursTarget = work + "/restore-ours"
        let gnuTarget = work + "/restore-gnu"
        let log = work + "/gnu.log"
        let trash = work + "/trash"
        try FileManager.default.createDirectory(atPath: trash, withIntermediateDirectories: true)
        var restores = 0
        // Restored trees are put aside and deleted at the end: ext4 without a journal (as here) skips inodes
        // deleted in the last 30 s when it allocates new ones, so deleting tens of thousands of files between
        // restores would make every later restore slower than the one before.
        func putAside(_ path: String) throws {
            restores += 1
            guard rename(path, "\(trash)/\(restores)") == 0 else { throw BenchError.io("move \(path) aside") }
        }
        for run in 1...runs {
            let oursFirst = run % 2 == 1
            progress("backup run \(run)/\(runs): \(oursFirst ? "ours, then GNU" : "GNU, then ours")")
            for unlinked in [oursArchive, gnuArchive] { unlink(unlinked) }
            var report: BackupReport?
            for ours in oursFirst ? [true, false] : [false, true] {
                try await cache.prepare()
                if ours {
                    let (start, cpu) = (ContinuousClock.now, CPUTime.ownProcess())
                    let written = try await BackupWriter(compressionLevel: level).write(
                        directory: tree, to: oursArchive)
                    results.record(
                        .oursBackup, seconds: (ContinuousClock.now - start).seconds,
                        cpu: CPUTime.ownProcess() - cpu)
                    let (verifyStart, verifyCPU) = (ContinuousClock.now, CPUTime.ownProcess())
                    _ = try await BackupRestorer().verify(archive: oursArchive, sha256: written.sha256)
                    results.record(
                        .oursVerify, seconds: (ContinuousClock.now - verifyStart).seconds,
                        cpu: CPUTime.ownProcess() - verifyCPU)
                    report = written
                } else {
                    let cpu = CPUTime.children()
                    let elapsed = try await Shell.run(
                        "tar -cf - -C \"$1\" . | zstd -\(level) -q -o \"$2\"", [tree, gnuArchive], log: log)
                    let used = CPUTime.children() - cpu
                    let flush = try await Shell.run("sync -- \"$1\"", [gnuArchive], log: log)
                    results.record(.gnuBackup, seconds: elapsed, cpu: used)
                    results.record(.gnuBackupFsync, seconds: elapsed + flush)
                }
            }
            guard let report else { throw BenchError("the backup of \(tree) wrote no report") }
            results.treeBytes = report.bytesIn
            results.entries = report.entries
            results.oursArchiveBytes = report.bytesOut
            results.gnuArchiveBytes = try Self.size(of: gnuArchive)

            for ours in oursFirst ? [true, false] : [false, true] {
                try await cache.prepare()
                if ours {
                    let (start, cpu) = (ContinuousClock.now, CPUTime.ownProcess())
                    let restored = try await BackupRestorer().restore(
                        archive: oursArchive, sha256: report.sha256, into: oursTarget)
                    results.record(
                        .oursRestore, seconds: (ContinuousClock.now - start).seconds,
                        cpu: CPUTime.ownProcess() - cpu)
                    guard restored.bytes == report.bytesIn else {
                        throw BenchError(
                            "our restore wrote \(restored.bytes) bytes, but the backup read \(report.bytesIn)")
                    }
                    try putAside(oursTarget)
                } else {
                    try FileManager.default.createDirectory(atPath: gnuTarget, withIntermediateDirectories: true)
                    let cpu = CPUTime.children()
                    let elapsed = try await Shell.run(
                        "zstd -d -q -c \"$1\" | tar -xf - -C \"$2\"", [gnuArchive, gnuTarget], log: log)
                    let used = CPUTime.children() - cpu
                    let flush = try await Shell.run("sync -f -- \"$1\"", [gnuTarget], log: log)
                    results.record(.gnuRestore, seconds: elapsed, cpu: used)
                    results.record(.gnuRestoreSyncfs, seconds: elapsed + flush)
                    try putAside(gnuTarget)
                }
            }
        }
        progress("backup: removing the restored trees")
        try await Self.remove(trash)
        return results
    }

    private static func size(of path: String) throws -> Int64 {
        var status = stat()
        guard stat(path, &status) == 0 else { throw BenchError.io("inspect \(path)") }
        return Int64(status.st_size)
    }

    private static func remove(_ path: String) async throws {
        try await onOwnThread { try FileManager.default.removeItem(atPath: path) }
    }
}

extension BackupBenchmark.Results {
    /// Prints the table and the BENCH line on standard output.
    func print(tree: String, level: Int, cache: PageCache) {
        let mib = Double(treeBytes) / 1_048_576
        func row(_ label: String, _ step: BackupBenchmark.Step, archive: Int64? = nil) {
            let seconds = median(step)
            var line = label.padding(toLength: 44, withPad: " ", startingAt: 0)
            line += String(format: "%8.3f s %9.1f MiB/s", seconds, seconds > 0 ? mib / seconds : 0)
            line += cpu[step].map { String(format: "  cpu %6.3f s", Statistics.median($0)) } ?? "              "
            if let archive { line += "   archive \(Format.mebibytes(archive)) MiB" }
            let all = (times[step] ?? []).map { String(format: "%.3f", $0) }.joined(separator: " ")
            Swift.print(line + "   runs: " + all)
        }
        Swift.print(
            "tree \(tree): \(Format.mebibytes(treeBytes)) MiB in \(entries) entries; zstd level \(level); "
                + "page cache \(cache.drop ? "dropped" : "warm") before each step; medians:")
        row("backup  ours (BackupWriter)", .oursBackup, archive: oursArchiveBytes)
        row("backup  GNU tar | zstd", .gnuBackup, archive: gnuArchiveBytes)
        row("backup  GNU tar | zstd, then fsync", .gnuBackupFsync)
        row("verify  ours (what a stop adds)", .oursVerify)
        row("restore ours (BackupRestorer)", .oursRestore)
        row("restore GNU zstd -d | tar -x", .gnuRestore)
        row("restore GNU zstd -d | tar -x, then syncfs", .gnuRestoreSyncfs)
        var fields = ["BENCH", "tree_bytes=\(treeBytes)", "entries=\(entries)"]
        fields += BackupBenchmark.Step.allCases.map { "\($0.rawValue)=\(Format.seconds(median($0)))" }
        for step in BackupBenchmark.Step.allCases where cpu[step] != nil {
            fields.append("\(step.rawValue.dropLast(2))_cpu_s=\(Format.seconds(medianCPU(step)))")
        }
        fields.append("ours_archive_bytes=\(oursArchiveBytes)")
        fields.append("gnu_archive_bytes=\(gnuArchiveBytes)")
        let backupSeconds = median(.oursBackup)
        fields.append("backup_mb_s=" + (backupSeconds > 0 ? String(format: "%.1f", mib / backupSeconds) : "na"))
        fields.append("backup_vs_gnu_tar_zstd=" + Format.ratio(median(.gnuBackup), backupSeconds))
        fields.append("restore_vs_gnu_tar_zstd=" + Format.ratio(median(.gnuRestore), median(.oursRestore)))
        fields.append("cache=\(cache.drop ? "dropped" : "warm")")
        Swift.print(fields.joined(separator: " "))
    }
}
