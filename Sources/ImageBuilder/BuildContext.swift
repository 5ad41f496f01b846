import Crypto
import Foundation
import Glibc
import Subprocess

/// A Dockerfile and its build context inside a repository checkout: checked to stay inside the checkout, hashed by
/// content, and packed into the tar the engine builds from.
struct BuildContext: Sendable {
    /// The Dockerfile's real path.
    let dockerfile: String
    /// The context directory's real path, or nil for an empty context.
    let context: String?
    let arguments: [String: String]
    /// How the Dockerfile is named inside the context tar: a name no repository file has.
    static let dockerfileName = ".swiftpod-build.Dockerfile"

    /// Resolves `file` and `context` against `repository`, following symlinks, and refuses anything that ends up
    /// outside it: a repository's configuration must not make the build read the host's files.
    /// - Throws: `ImageBuilderError` with code `.invalidSource` naming the path at fault.
    init(repository: String, file: String, context: String?, arguments: [String: String]) throws {
        let root = try Self.realPath(repository, what: "the repository")
        dockerfile = try Self.inside(root, file, what: "the Dockerfile", directory: false)
        self.context = try context.map { try Self.inside(root, $0, what: "the build context", directory: true) }
        self.arguments = arguments
    }

    /// The SHA-256 of everything the build reads: the Dockerfile, each context entry's path, type, mode and
    /// content (a symlink's target, never what it points to), and the build arguments, in a stable order.
    func digest() throws -> String {
        let hasher = SHA256.Hasher()
        func field(_ text: String) { hasher.update(Array(text.utf8) + [0]) }
        field("dockerfile")
        try Self.hashFile(dockerfile, into: hasher)
        for (name, value) in arguments.sorted(by: { $0.key < $1.key }) {
            field("arg")
            field(name)
            field(value)
        }
        if let context {
            for entry in try Self.entries(of: context) {
                field(entry.relativePath)
                switch entry.kind {
                case .directory: field("dir \(entry.mode)")
                case .symlink(let target):
                    field("link")
                    field(target)
                case .file:
                    field("file \(entry.mode)")
                    try Self.hashFile(context + "/" + entry.relativePath, into: hasher)
                }
            }
        }
        return hasher.finalize().hexString
    }

    /// Packs the context and the Dockerfile (as `dockerfileName`) into `<work>/context.tar` with GNU tar, which
    /// stores symlinks as links; returns the tar's path.
    func pack(into work: String) async throws -> String {
        let dockerfileDirectory = work + "/dockerfile"
        let tarPath = work + "/context.tar"
        let logPath = work + "/tar.log"
        do {
            try FileManager.default.createDirectory(atPath: dockerfileDirectory, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                atPath: dockerfile, toPath: dockerfileDirectory + "/" + Self.dockerfileName)
        } catch {
            throw ImageBuilderError(
                code: .stepFailed, message: "cannot prepare the build context in \(work): \(error)", underlying: error)
        }
        var arguments = ["--numeric-owner", "-cf", tarPath]
        if let context { arguments += ["-C", context, "."] }
        arguments += ["-C", dockerfileDirectory, Self.dockerfileName]
        let tar: ChildProcess
        do {
            tar = try ChildProcess(executable: "/usr/bin/tar", arguments: arguments, outputPath: logPath)
        } catch {
            throw ImageBuilderError(
                code: .toolMissing, message: "packing the build context: \(error)", underlying: error)
        }
        guard await tar.waitForExit(timeout: .seconds(600)) else {
            await tar.terminate()
            throw ImageBuilderError(code: .timedOut, message: "packing the build context took longer than 10 minutes")
        }
        guard tar.exitStatus == 0 else {
            let output = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw ImageBuilderError(
                code: .stepFailed, message: "packing the build context: tar \(tar.exitDescription): \(output)")
        }
        return tarPath
    }

    /// One entry of the context, found without following symlinks.
    struct Entry {
        enum Kind {
            case file
            case directory
            case symlink(String)
        }
        var relativePath: String
        var kind: Kind
        var mode: UInt32
    }

    /// Every entry under `root`, sorted by path; other kinds (sockets, FIFOs) are left out, as the tar leaves them.
    static func entries(of root: String) throws -> [Entry] {
        var entries: [Entry] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let directory = relative.isEmpty ? root : root + "/" + relative
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: directory)
            } catch {
                throw ImageBuilderError(
                    code: .invalidSource, message: "cannot read \(directory) of the build context: \(error)",
                    underlying: error)
            }
            for name in names {
                let path = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard lstat(root + "/" + path, &info) == 0 else { continue }
                let mode = UInt32(info.st_mode) & 0o7777
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    entries.append(Entry(relativePath: path, kind: .directory, mode: mode))
                    pending.append(path)
                case S_IFLNK:
                    let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: root + "/" + path)) ?? ""
                    entries.append(Entry(relativePath: path, kind: .symlink(target), mode: mode))
                case S_IFREG:
                    entries.append(Entry(relativePath: path, kind: .file, mode: mode))
                default:
                    continue
                }
            }
        }
        return entries.sorted { Array($0.relativePath.utf8).lexicographicallyPrecedes(Array($1.relativePath.utf8)) }
    }

    private static func hashFile(_ path: String, into hasher: SHA256.Hasher) throws {
        guard let file = FileHandle(forReadingAtPath: path) else {
            throw ImageBuilderError(code: .invalidSource, message: "cannot read \(path)")
        }
        defer { try? file.close() }
        while let data = try file.read(upToCount: 1 << 20), !data.isEmpty { hasher.update(data) }
    }

    private static func realPath(_ path: String, what: String) throws -> String {
        guard let resolved = realpath(path, nil) else {
            throw ImageBuilderError(
                code: .invalidSource, message: "\(what) \(path) does not exist: \(String(cString: strerror(errno)))")
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func inside(_ root: String, _ relative: String, what: String, directory: Bool) throws -> String {
        guard !relative.hasPrefix("/") else {
            throw ImageBuilderError(
                code: .invalidSource, message: "\(what) '\(relative)' must be a path relative to the repository")
        }
        let resolved = try realPath(root + "/" + relative, what: "\(what) '\(relative)'")
        guard resolved == root || resolved.hasPrefix(root + "/") else {
            throw ImageBuilderError(
                code: .invalidSource, message: "\(what) '\(relative)' lies outside the repository")
        }
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory)
        guard isDirectory.boolValue == directory else {
            throw ImageBuilderError(
                code: .invalidSource,
                message: "\(what) '\(relative)' is \(directory ? "not a directory" : "a directory, not a file")")
        }
        return resolved
    }
}
