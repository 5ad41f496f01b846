import CommandLineKit
import Foundation

/// `swiftpod-bench tree`: writes the realistic tree that backups and restarts are measured on.
struct TreeCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "tree",
        abstract: "Generates a deterministic, realistic workspace tree of a given size.",
        discussion: """
            30 % source files (a few thousand code-like text files of 1-30 KB), 30 % a node_modules tree (tens of \
            thousands of files of 100 B-8 KB, nested packages, symbolic links) and 40 % four large binaries, half \
            random and half compressible. The same size and seed give the same tree. Prints a summary.
            """,
        parameters: [
            .argument("directory", help: "Where to create the tree: a new or empty directory."),
            .option("size-mb", valueName: "MiB", default: "200", help: "The total size of the files, in MiB."),
            .option("seed", valueName: "number", default: "1", help: "The seed of the generator."),
        ]
    )

    let directory: String
    let sizeMB: Int
    let seed: UInt64

    init(parsed: ParsedArguments) throws {
        directory = try parsed.required("directory")
        sizeMB = try parsed.required("size-mb", as: Int.self)
        seed = try parsed.required("seed", as: UInt64.self)
        guard (1...100_000).contains(sizeMB) else {
            throw ValidationError("invalid value '\(sizeMB)' for '--size-mb': expected 1 to 100000")
        }
    }

    func run() async throws {
        let start = ContinuousClock.now
        let (directory, totalBytes, seed) = (self.directory, Int64(sizeMB) << 20, self.seed)
        let summary = try await onOwnThread {
            var generator = TreeGenerator(totalBytes: totalBytes, seed: seed)
            return try generator.generate(into: directory)
        }
        let elapsed = ContinuousClock.now - start
        print(
            "tree \(directory): \(summary.files) files, \(summary.directories) directories, "
                + "\(summary.symbolicLinks) symbolic links, \(Format.mebibytes(summary.bytes)) MiB in "
                + "\(Format.seconds(elapsed)) s")
        print(
            "  src: \(summary.sourceFiles) files, \(Format.mebibytes(summary.sourceBytes)) MiB; "
                + "node_modules: \(summary.packageFiles) files, \(Format.mebibytes(summary.packageBytes)) MiB; "
                + "binaries: \(summary.binaryFiles) files, \(Format.mebibytes(summary.binaryBytes)) MiB")
    }
}
