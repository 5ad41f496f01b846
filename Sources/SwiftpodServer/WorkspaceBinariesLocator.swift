import Foundation

/// Finds the static `swiftpod-supervisor` and `gp` that go into workspaces, when `--workspace-binaries` is not given.
public enum WorkspaceBinariesLocator {
    /// The programs the directory must hold.
    public static let programs = ["swiftpod-supervisor", "gp"]

    /// When run from a checkout (the executable under a `.build` directory of a package), the package's
    /// `.build/static/release` or `.build/static/debug`, never the dynamically linked programs beside it; otherwise
    /// the directory beside the executable. The checkout is found from the executable's path both as given and with
    /// symlinks resolved, so a `.build/debug` symlink does not hide it.
    /// - Parameter executablePath: the running executable.
    /// - Returns: nil when no such directory holds both programs.
    public static func find(executablePath: String) -> String? {
        let given = URL(fileURLWithPath: executablePath).standardizedFileURL
        let resolved = given.resolvingSymlinksInPath()
        var checkoutCandidates: [String] = []
        for url in [given, resolved] {
            guard let package = packageRoot(above: url) else { continue }
            for configuration in ["release", "debug"] {
                let candidate = package + "/.build/static/" + configuration
                if !checkoutCandidates.contains(candidate) { checkoutCandidates.append(candidate) }
            }
        }
        if !checkoutCandidates.isEmpty { return checkoutCandidates.first(where: holdsPrograms) }
        let beside = given.deletingLastPathComponent().path
        return holdsPrograms(beside) ? beside : nil
    }

    /// The package directory whose `.build` holds `url`, if any.
    static func packageRoot(above url: URL) -> String? {
        let components = url.pathComponents
        guard let build = components.lastIndex(of: ".build"), build > 0 else { return nil }
        let root = NSString.path(withComponents: Array(components[..<build]))
        return FileManager.default.fileExists(atPath: root + "/Package.swift") ? root : nil
    }

    /// Whether `directory` has every program, executable.
    public static func holdsPrograms(_ directory: String) -> Bool {
        programs.allSatisfy { FileManager.default.isExecutableFile(atPath: directory + "/" + $0) }
    }
}
