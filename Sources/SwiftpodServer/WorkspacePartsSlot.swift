import HTTPServer
import Synchronization

/// Where the workspace parts appear once the engine is up. The server answers sign-in and the other engine-free
/// routes from the moment it binds; workspace routes ask `require()`, which answers 503 while the engine starts
/// (or after it failed to).
public final class WorkspacePartsSlot: Sendable {
    /// The slot's state.
    public enum State: Sendable {
        case starting
        case ready(WorkspaceParts)
        case failed(String)
    }

    private let state: Mutex<State>

    /// A slot in `state`: `.ready(parts)` for parts built up front, as tests do.
    public init(_ state: State = .starting) {
        self.state = Mutex(state)
    }

    public var current: State { state.withLock { $0 } }

    /// The parts, when ready.
    public var parts: WorkspaceParts? {
        if case .ready(let parts) = current { return parts }
        return nil
    }

    func set(_ newState: State) {
        state.withLock { $0 = newState }
    }

    /// The parts.
    /// - Throws: `HTTPError` 503 while the engine starts or after it failed, saying which.
    public func require() throws -> WorkspaceParts {
        switch current {
        case .ready(let parts): return parts
        case .starting:
            throw HTTPError(
                .serviceUnavailable,
                message: "the container engine is starting (a first start builds the base image); try again soon",
                headers: ["Retry-After": "10"])
        case .failed(let reason):
            throw HTTPError(.serviceUnavailable, message: "workspaces are unavailable: \(reason)")
        }
    }
}
