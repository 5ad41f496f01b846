/// Where a workspace's image comes from, with paths still relative to the repository.
public enum ImageSource: Sendable, Hashable {
    /// Swiftpod's base workspace image (`swiftpod/workspace-base`), built by bootstrap when missing.
    case `default`
    /// A named image, such as `gitpod/workspace-full` or `python:3.12`.
    case name(String)
    /// A Dockerfile built for the workspace.
    /// - Parameters:
    ///   - repository: the checkout's root directory on this machine; nothing outside it is read.
    ///   - file: the Dockerfile's path, relative to `repository`.
    ///   - context: the build context's path, relative to `repository`; nil for an empty context.
    ///   - arguments: build arguments (devcontainer.json's `build.args`).
    case dockerfile(repository: String, file: String, context: String?, arguments: [String: String])
}
