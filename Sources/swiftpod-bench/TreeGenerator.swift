import Foundation

/// Writes a deterministic tree that looks like a real workspace, for backup and restore benchmarks.
///
/// The tree has three parts, sized as shares of the total:
/// - `src/` (30 %): a few thousand code-like text files of 1–30 KB, in modules and packages, compressible like code;
/// - `node_modules/` (30 %): tens of thousands of small files (100 B–8 KB, most under 2 KB) in packages nested up to
///   four deep, with `package.json`, `lib/`, `dist/`, `.bin/` symbolic links and a few links inside packages;
/// - `assets/`, `build/`, `vendor/`, `data/` (40 %): four large binaries, half incompressible random blocks and half
///   low-entropy blocks. The last binary takes whatever is left, so the file sizes add up to the total exactly.
///
/// The same size and seed always give the same names, links and bytes (times and owners are whatever the disk
/// gives).
struct TreeGenerator {
    /// What a generated tree holds.
    struct Summary {
        var files = 0
        var directories = 0
        var symbolicLinks = 0
        var bytes: Int64 = 0
        var sourceFiles = 0
        var sourceBytes: Int64 = 0
        var packageFiles = 0
        var packageBytes: Int64 = 0
        var binaryFiles = 0
        var binaryBytes: Int64 = 0
    }

    let totalBytes: Int64
    private var random: SplitMix64
    private var summary = Summary()

    /// A generator of a tree of `totalBytes` bytes of file content, from `seed`.
    init(totalBytes: Int64, seed: UInt64) {
        self.totalBytes = totalBytes
        self.random = SplitMix64(seed: seed)
    }

    /// Creates the tree in `root`, which must not exist or be an empty directory.
    mutating func generate(into root: String) throws -> Summary {
        try Self.prepareRoot(root)
        let sourceBudget = totalBytes * 3 / 10
        let packageBudget = totalBytes * 3 / 10
        try writeSources(root: root, budget: sourceBudget)
        try writePackages(root: root, budget: packageBudget)
        try writeBinaries(root: root, budget: totalBytes - summary.sourceBytes - summary.packageBytes)
        return summary
    }

    private static func prepareRoot(_ root: String) throws {
        var status = stat()
        if lstat(root, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else {
                throw BenchError("cannot generate a tree in \(root): it exists and is not a directory")
            }
            let names = try FileManager.default.contentsOfDirectory(atPath: root)
            guard names.isEmpty else {
                throw BenchError("cannot generate a tree in \(root): it is not empty (\(names.count) entries)")
            }
        } else {
            try createDirectory(root)
        }
    }

    // MARK: Source files

    private mutating func writeSources(root: String, budget: Int64) throws {
        let extensions = ["swift", "ts", "go", "py", "c", "rs", "java", "md"]
        var written: Int64 = 0
        var module = 0
        try makeDirectory(root + "/src")
        while written < budget {
            let moduleName = Self.words[random.below(Self.words.count)] + "\(module)"
            let moduleDirectory = "\(root)/src/\(moduleName)"
            try makeDirectory(moduleDirectory)
            for package in 0..<(2 + random.below(4)) where written < budget {
                let directory = "\(moduleDirectory)/\(Self.words[random.below(Self.words.count)])\(package)"
                try makeDirectory(directory)
                for index in 0..<(10 + random.below(30)) where written < budget {
                    let size = min(1024 + random.below(29 * 1024), Int(budget - written))
                    let name = Self.identifier(&random) + "\(index)." + extensions[random.below(extensions.count)]
                    try writeFile("\(directory)/\(name)", bytes: codeLike(size: size))
                    written += Int64(size)
                    summary.sourceFiles += 1
                    summary.sourceBytes += Int64(size)
                }
            }
            module += 1
        }
    }

    /// Text that reads like code: indented lines built from a few dozen templates, identifiers and numbers.
    private mutating func codeLike(size: Int) -> [UInt8] {
        var text: [UInt8] = []
        text.reserveCapacity(size + 200)
        var depth = 0
        while text.count < size {
            let template = Self.templates[random.below(Self.templates.count)]
            text.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 4))
            for part in template.utf8 {
                switch part {
                case UInt8(ascii: "@"): text.append(contentsOf: Self.identifier(&random).utf8)
                case UInt8(ascii: "#"): text.append(contentsOf: String(random.below(10_000)).utf8)
                case UInt8(ascii: "{"):
                    text.append(part)
                    depth = min(depth + 1, 6)
                case UInt8(ascii: "}"):
                    text.append(part)
                    depth = max(depth - 1, 0)
                default: text.append(part)
                }
            }
            text.append(UInt8(ascii: "\n"))
        }
        return Array(text.prefix(size))
    }

    private static let templates = [
        "let @ = @(@, #)", "var @: @ = @.@", "func @(@: @, @: @) -> @ {", "}", "if @ == @ {", "} else {",
        "return @.@(@)", "// @ @ @ @ @", "/// @ the @ of @ when @ is @.", "for @ in @ {", "@.@ = @ + #",
        "guard let @ = @ else { return nil }", "import @", "case .@: return \"@\"", "throw @Error(\"@ @ @\")",
        "struct @: @, @ {", "@(@: @, @: \"@\")", "self.@ = @", "print(\"@ \\(@)\")", "",
        "export function @(@, @) {", "const @ = require('@');", "while @ < # {", "@[@] = @ * #",
    ]

    static let words = [
        "alpha", "buffer", "cache", "data", "event", "file", "graph", "handle", "index", "join", "key", "list",
        "map", "node", "option", "parse", "query", "read", "stream", "token", "update", "value", "write", "yield",
        "zone", "config", "server", "client", "request", "response", "error", "result", "state", "task", "queue",
        "worker", "pool", "socket", "header", "body", "route", "store", "model", "view", "render", "layout",
    ]

    /// A camelCase identifier of one to three words.
    static func identifier(_ random: inout SplitMix64) -> String {
        var name = words[random.below(words.count)]
        for _ in 0..<random.below(3) { name += words[random.below(words.count)].capitalized }
        return name
    }

    // MARK: node_modules

    private mutating func writePackages(root: String, budget: Int64) throws {
        let modules = root + "/node_modules"
        try makeDirectory(modules)
        var written: Int64 = 0
        var package = 0
        while written < budget {
            written += try writePackage(in: modules, number: package, depth: 0, budget: budget - written)
            package += 1
        }
    }

    /// One package with its files and, sometimes, its own `node_modules`; returns the bytes written.
    private mutating func writePackage(in modules: String, number: Int, depth: Int, budget: Int64) throws -> Int64 {
        var name = "\(Self.words[random.below(Self.words.count)])-\(Self.words[random.below(Self.words.count)])"
        name += "-\(number)"
        var parent = modules
        if random.below(6) == 0 {
            parent = "\(modules)/@\(Self.words[random.below(Self.words.count)])"
            if !FileManager.default.fileExists(atPath: parent) {
                try makeDirectory(parent)
            }
        }
        let directory = "\(parent)/\(name)"
        try makeDirectory(directory)
        var written: Int64 = 0
        func add(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644) throws {
            try writeFile(path, bytes: bytes, mode: mode)
            written += Int64(bytes.count)
            summary.packageFiles += 1
            summary.packageBytes += Int64(bytes.count)
        }
        let manifest =
            "{\n  \"name\": \"\(name)\",\n  \"version\": \"\(random.below(20)).\(random.below(50)).0\",\n"
            + "  \"main\": \"lib/index.js\",\n  \"license\": \"MIT\"\n}\n"
        try add(directory + "/package.json", Array(manifest.utf8))
        for subdirectory in ["lib", "dist", "lib/util"] {
            try makeDirectory("\(directory)/\(subdirectory)")
        }
        let folders = ["lib", "dist", "lib/util", ""]
        for index in 0..<(4 + random.below(20)) where written < budget {
            let size = min(smallFileSize(), Int(max(budget - written, 1)))
            let folder = folders[random.below(folders.count)]
            let path = folder.isEmpty ? directory : "\(directory)/\(folder)"
            let suffix = [".js", ".d.ts", ".js.map", ".json", ".md"][random.below(5)]
            try add("\(path)/\(Self.identifier(&random))\(index)\(suffix)", codeLike(size: size))
        }
        if random.below(10) == 0 {
            try makeDirectory(directory + "/bin")
            try add(directory + "/bin/cli.js", Array("#!/usr/bin/env node\nrequire('../lib');\n".utf8), mode: 0o755)
            let relative =
                parent == modules
                ? "../\(name)/bin/cli.js" : "../\((parent as NSString).lastPathComponent)/\(name)/bin/cli.js"
            try makeDirectory(modules + "/.bin")
            try makeLink(relative, at: "\(modules)/.bin/\(name)")
        }
        if random.below(15) == 0 {
            try makeLink("lib", at: directory + "/src")
        }
        if depth < 4 && random.below(4) == 0 && written < budget {
            let nested = directory + "/node_modules"
            try makeDirectory(nested)
            for index in 0..<(1 + random.below(3)) where written < budget {
                written += try writePackage(in: nested, number: index, depth: depth + 1, budget: budget - written)
            }
        }
        return written
    }

    /// 100 B to 8 KB, most of them small: 100 + 7900 · u^2.5 (a mean near 2.4 KB).
    private mutating func smallFileSize() -> Int {
        let u = random.unit()
        return 100 + Int(7900 * pow(u, 2.5))
    }

    // MARK: Large binaries

    private mutating func writeBinaries(root: String, budget: Int64) throws {
        let names = ["assets/model.bin", "build/app.bin", "vendor/libengine.so", "data/archive.dat"]
        var remaining = max(budget, 0)
        for (index, name) in names.enumerated() {
            let directory = root + "/" + (name as NSString).deletingLastPathComponent
            try makeDirectory(directory)
            let share = index == names.count - 1 ? remaining : budget / Int64(names.count)
            try writeBinary(root + "/" + name, size: share)
            remaining -= share
        }
    }

    /// Blocks of 64 KiB: random bytes half the time, and the other half bytes from a 16-letter alphabet in runs.
    private mutating func writeBinary(_ path: String, size: Int64) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw BenchError.io("create \(path)") }
        defer { close(descriptor) }
        var block = [UInt8](repeating: 0, count: 1 << 16)
        var remaining = size
        while remaining > 0 {
            let count = Int(min(remaining, Int64(block.count)))
            if random.below(2) == 0 {
                block.withUnsafeMutableBytes { bytes in
                    var index = 0
                    while index + 8 <= count {
                        bytes.storeBytes(of: random.next(), toByteOffset: index, as: UInt64.self)
                        index += 8
                    }
                    while index < count {
                        bytes[index] = UInt8(truncatingIfNeeded: random.next())
                        index += 1
                    }
                }
            } else {
                var index = 0
                while index < count {
                    let value = UInt8(truncatingIfNeeded: random.below(16))
                    let run = min(1 + random.below(8), count - index)
                    for offset in 0..<run { block[index + offset] = value }
                    index += run
                }
            }
            try block.withUnsafeBytes {
                try Self.writeAll(descriptor, UnsafeRawBufferPointer(rebasing: $0[0..<count]), path)
            }
            remaining -= Int64(count)
        }
        summary.files += 1
        summary.binaryFiles += 1
        summary.binaryBytes += size
        summary.bytes += size
    }

    // MARK: Files

    private mutating func writeFile(_ path: String, bytes: [UInt8], mode: mode_t = 0o644) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw BenchError.io("create \(path)") }
        defer { close(descriptor) }
        try bytes.withUnsafeBytes { try Self.writeAll(descriptor, $0, path) }
        summary.files += 1
        summary.bytes += Int64(bytes.count)
    }

    private mutating func makeLink(_ target: String, at path: String) throws {
        guard symlink(target, path) == 0 else { throw BenchError.io("link \(path) to \(target)") }
        summary.symbolicLinks += 1
    }

    /// Creates the directory `path` unless it exists, and counts it.
    private mutating func makeDirectory(_ path: String) throws {
        if try Self.createDirectory(path) { summary.directories += 1 }
    }

    /// Creates the directory `path`; returns false when it already exists.
    @discardableResult
    private static func createDirectory(_ path: String) throws -> Bool {
        if mkdir(path, 0o755) == 0 { return true }
        guard errno == EEXIST else { throw BenchError.io("create the directory \(path)") }
        return false
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, _ path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let count = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw BenchError.io("write \(path)")
            }
            offset += count
        }
    }
}

/// SplitMix64: a small, fast, seedable generator, so that a tree is the same on every machine.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (`bound` > 0).
    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    /// A number in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }
}
