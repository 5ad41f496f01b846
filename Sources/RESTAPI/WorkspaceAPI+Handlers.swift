import Auth
import ContextURL
import Foundation
import HTTP
import HTTPClient
import HTTPServer
import ImageBuilder
import Store
import Supervisor
import WorkspaceConfig
import WorkspaceManager

extension WorkspaceAPI {
    /// The longest a workspace-scoped environment variable name may be.
    static let maximumEnvironmentNameLength = 256

    // MARK: Create, list, get

    func create(_ request: HTTPRequest, _ context: RequestContext) async throws -> HTTPResponse {
        let principal = try context.requirePrincipal()
        let body = try await request.decodeJSON(CreateWorkspaceRequest.self)
        let contextURL = body.contextURL.trimmingCharacters(in: .whitespaces)
        guard !contextURL.isEmpty else { throw HTTPError.badRequest("'contextURL' must not be empty") }
        if let image = body.image {
            guard !image.isEmpty, image.count <= 512,
                !image.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 })
            else { throw HTTPError.badRequest("'image' must be an image name such as debian:bookworm") }
        }
        for name in (body.env ?? [:]).keys { try Self.checkEnvironmentName(name) }
        var workspace: Workspace
        do {
            workspace = try await dependencies.creator.create(contextURL: contextURL, ownerID: principal.user.id)
                .workspace
        } catch let error as ContextURLError {
            throw HTTPError.badRequest("cannot open '\(contextURL)': \(error)")
        } catch let error as WorkspaceConfigError {
            throw HTTPError(.unprocessableContent, message: "the repository's configuration is invalid: \(error)")
        } catch let error as HTTPError {
            throw error
        } catch let error as StoreError {
            throw error
        } catch {
            throw HTTPError(.unprocessableContent, message: "cannot open '\(contextURL)': \(error)")
        }
        if body.image != nil || !(body.env ?? [:]).isEmpty {
            workspace = try await customize(workspace, image: body.image, env: body.env ?? [:])
        }
        if let timeout = try await dependencies.defaultInactivityTimeout(principal.user.id) {
            try await dependencies.store.setInactivityTimeout(workspaceID: workspace.id, to: timeout)
            workspace.inactivityTimeout = timeout
        }
        startInBackground(workspace.id)
        return try .json(try await json(for: workspace, askSupervisor: false), status: .created)
    }

    func list(_ request: HTTPRequest, _ context: RequestContext) async throws -> HTTPResponse {
        let principal = try context.requirePrincipal()
        let query = request.queryParameters
        let phase = query["phase"].flatMap { $0.isEmpty ? nil : $0 }
        if let phase, InstancePhase(rawValue: phase) == nil, phase != "created" {
            let known = (["created"] + InstancePhase.allCases.map(\.rawValue)).joined(separator: ", ")
            throw HTTPError.badRequest("unknown phase '\(phase)': use one of \(known)")
        }
        let repository = query["repository"].flatMap { $0.isEmpty ? nil : $0.lowercased() }
        if let repository, repository.split(separator: "/", omittingEmptySubsequences: false).count != 2 {
            throw HTTPError.badRequest("'repository' must read owner/repo, not '\(repository)'")
        }
        var result: [WorkspaceJSON] = []
        for workspace in try await dependencies.store.workspaces(ownerID: principal.user.id, includeDeleted: false) {
            if let repository, Self.repositoryName(of: workspace.cloneURL) != repository { continue }
            let item = try await json(for: workspace, askSupervisor: false)
            if let phase, item.phase != phase { continue }
            result.append(item)
        }
        return try .json(result)
    }

    func get(_ request: HTTPRequest, _ context: RequestContext) async throws -> HTTPResponse {
        let workspace = try await ownedWorkspace(context)
        return try .json(try await json(for: workspace, askSupervisor: true))
    }

    // MARK: Start, stop, delete

    func start(_ request: HTTPRequest, _ context: RequestContext) async throws -> HTTPResponse {
        let workspace = try await ownedWorkspace(context)
        if let instance = try await dependencies.store.currentInstance(workspaceID: workspace.id),
            !instance.phase.isFinal
        {
            throw HTTPError(
                .conflict, message: "workspace \(workspace.id) is already \(instance.phase.rawValue): stop it first")
        }
        startInBackground(workspace.id)
        return try .json(try await json(for: workspace, askSupervisor: false), status: .accepted)
    }

    func stop(_ request: HTTPRequest, _ context: RequestContext) async throws -> HTTPResponse {
        let workspace = try await ownedWorkspace(context)
        guard let instance = try await dependencies.store.currentInstance(workspaceID: workspace.id),
            !instance.phase.isFinal
        else { throw HTTPError(.conflict, message: "workspace \(workspace.id) is not running") }
        stopInBackground(workspaceID: workspace.id)
        return try .json(try await json(for: workspace, askSupervisor: false), status: .accepted)
    }

    /// Stops the workspace (with its backup) in a task the API owns; a failure is logged and recorded on its
    /// instance by the manager. The caller answers at once.
    public func stopInBackground(workspaceID id: String) {
        let manager = dependencies.manager
        let logger = dependencies.logger
        background.run {
            do {
                try await manager.stop(workspaceID: id)
            } catch {
                logger.warning("stopping workspace \(id) failed: \(error)", ["workspace.id": id])
            }
        }
    }

    func delete(_ request: HTTPRequest, _ context: RequestContext) async throws -> HTTPResponse {
        let workspace = try await ownedWorkspace(context)
        do {
            try await dependencies.manager.delete(workspaceID: workspace.id)
        } catch let error as WorkspaceManagerError where error.code == .invalidState {
            throw HTTPError(.conflict, message: error.message)
        }
        return HTTPResponse(status: .noContent)
    }

    // MARK: Exec and ports

    func exec(_ request: HTTPRequest, _ context: RequestContext) async throws -> HTTPResponse {
        let workspace = try await ownedWorkspace(context)
        let body = try await request.decodeJSON(ExecRequest.self, maxBytes: 256 << 10)
        guard let program = body.command.first, !program.isEmpty else {
            throw HTTPError.badRequest("'command' must name a program: an array such as [\"ls\", \"-la\"]")
        }
        if let timeout = body.timeout, !(timeout > 0 && timeout <= 3600) {
            throw HTTPError.badRequest("'timeout' must be a number of seconds above 0 and at most 3600")
        }
        try await requireRunning(workspace)
        guard body.stream == true else { return try .json(try await supervisor(workspace.id).exec(body)) }
        let stream = try await supervisor(workspace.id).execStream(body)
        return HTTPResponse(
            status: .ok, headers: ["Content-Type": "application/x-ndjson", "Cache-Control": "no-store"],
            body: .stream { writer in
                // The command may be quiet for as long as its timeout allows.
                while let piece = try await stream.read(deadline: nil) { try await writer.write(piece) }
            })
    }

    func ports(_ request: HTTPRequest, _ context: RequestContext) async throws -> HTTPResponse {
        let workspace = try await ownedWorkspace(context)
        return try .json(try await ports(of: workspace, askSupervisor: true))
    }

    func setPortVisibility(_ request: HTTPRequest, _ context: RequestContext) async throws -> HTTPResponse {
        let workspace = try await ownedWorkspace(context)
        let text = try context.parameter("port")
        guard let port = Int(text), (1...65535).contains(port) else {
            throw HTTPError.badRequest("'\(text)' is not a port: use a number from 1 to 65535")
        }
        let body = try await request.decodeJSON(PortVisibilityRequest.self)
        return try .json(try await setPortVisibility(of: workspace, port: port, visibility: body.visibility))
    }

    /// Sets the visibility of `port` of `workspace`, which the caller has checked its user may change, and returns
    /// the port as the API lists it (`closed` when nothing listens on it).
    /// - Throws: `HTTPError` 400 for a visibility other than `public` or `private`; the store's errors.
    public func setPortVisibility(of workspace: Workspace, port: Int, visibility: String) async throws -> PortJSON {
        guard visibility == "public" || visibility == "private" else {
            throw HTTPError.badRequest("'\(visibility)' is not a visibility: use public or private")
        }
        try await dependencies.store.setPortVisibility(workspaceID: workspace.id, port: port, visibility: visibility)
        let all = try await ports(of: workspace, askSupervisor: true)
        return all.first { $0.port == port }
            ?? PortJSON(
                port: port, url: urls.port(port, workspaceID: workspace.id), visibility: visibility, state: "closed")
    }

    // MARK: Shared steps

    /// The workspace named by the `:id` parameter, when the caller owns it and it is not deleted.
    /// - Throws: `HTTPError` 401 without a caller, 404 otherwise (another user's workspace included).
    func ownedWorkspace(_ context: RequestContext) async throws -> Workspace {
        let principal = try context.requirePrincipal()
        let id = try context.parameter("id")
        let notFound = HTTPError.notFound("there is no workspace '\(id)'")
        let workspace: Workspace
        do {
            workspace = try await dependencies.store.workspace(id: id)
        } catch let error as StoreError where error.code == .notFound {
            throw notFound
        }
        guard workspace.ownerID == principal.user.id, workspace.deletedAt == nil else { throw notFound }
        return workspace
    }

    func requireRunning(_ workspace: Workspace) async throws {
        let phase = try await dependencies.store.currentInstance(workspaceID: workspace.id)?.phase
        guard phase == .running else {
            throw HTTPError(
                .conflict,
                message: "workspace \(workspace.id) is \(phase?.rawValue ?? "not started"); it must be running")
        }
    }

    func supervisor(_ workspaceID: String) -> WorkspaceSupervisor {
        WorkspaceSupervisor(endpoint: dependencies.supervisorEndpoint(workspaceID), client: .shared)
    }

    /// The workspace's JSON, with its ports' states from the supervisor when `askSupervisor` and it runs.
    func json(for workspace: Workspace, askSupervisor: Bool) async throws -> WorkspaceJSON {
        let instance = try await dependencies.store.currentInstance(workspaceID: workspace.id)
        let ports = try await ports(of: workspace, instance: instance, askSupervisor: askSupervisor)
        return WorkspaceJSON(
            workspace: workspace, instance: instance, ideURL: urls.ide(workspaceID: workspace.id), ports: ports)
    }

    /// The ports of `workspace` as the API lists them: configured (single ones; a range only for its open ports),
    /// open, or with a stored visibility, by number; with their states from the supervisor when `askSupervisor`.
    public func ports(of workspace: Workspace, askSupervisor: Bool) async throws -> [PortJSON] {
        let instance = try await dependencies.store.currentInstance(workspaceID: workspace.id)
        return try await ports(of: workspace, instance: instance, askSupervisor: askSupervisor)
    }

    /// The configured ports (single ones; a range only for its open ports), the open ones and those with a stored
    /// visibility, by number.
    private func ports(
        of workspace: Workspace, instance: WorkspaceInstance?, askSupervisor: Bool
    ) async throws -> [PortJSON] {
        let configuration = (try? WorkspaceConfiguration(jsonText: workspace.configuration)) ?? WorkspaceConfiguration()
        var open: Set<Int> = []
        // When the supervisor of a running workspace cannot be asked, a port's state is not known.
        var known = true
        if askSupervisor, instance?.phase == .running {
            do {
                open = Set(try await supervisor(workspace.id).openPorts().map(\.port))
            } catch {
                known = false
                dependencies.logger.warning(
                    "cannot ask the supervisor of \(workspace.id) for its ports: \(error)",
                    ["workspace.id": workspace.id])
            }
        }
        var configured: [Int: String] = [:]
        var numbers = open
        for port in configuration.ports {
            switch port.ports {
            case .single(let number):
                configured[number] = port.visibility.rawValue
                numbers.insert(number)
            case .range(let range):
                for number in open where range.contains(number) && configured[number] == nil {
                    configured[number] = port.visibility.rawValue
                }
            }
        }
        let storedVisibilities = try await dependencies.store.portVisibilities(workspaceID: workspace.id)
        numbers.formUnion(storedVisibilities.keys)
        var result: [PortJSON] = []
        for number in numbers.sorted() {
            let stored = storedVisibilities[number]
            result.append(
                PortJSON(
                    port: number, url: urls.port(number, workspaceID: workspace.id),
                    visibility: stored ?? configured[number] ?? "private",
                    state: known ? (open.contains(number) ? "open" : "closed") : "unknown"))
        }
        return result
    }

    /// Stores the caller's image and environment variables with the workspace.
    private func customize(_ workspace: Workspace, image: String?, env: [String: String]) async throws -> Workspace {
        var workspace = workspace
        if let image {
            var configuration = try WorkspaceConfiguration(jsonText: workspace.configuration)
            configuration.image = .name(image)
            workspace.configuration = configuration.jsonText()
        }
        if !env.isEmpty {
            let stored =
                (try? JSONSerialization.jsonObject(with: Data(workspace.environmentVariables.utf8))) as? [String: Any]
                ?? [:]
            let merged = stored.merging(env) { $1 }
            workspace.environmentVariables = String(
                decoding: try JSONSerialization.data(withJSONObject: merged, options: [.sortedKeys]), as: UTF8.self)
        }
        try await dependencies.store.updateWorkspace(workspace)
        return workspace
    }

    /// Starts the workspace in a task the API owns; a failure is recorded on its instance by the manager.
    func startInBackground(_ workspaceID: String) {
        let manager = dependencies.manager
        let logger = dependencies.logger
        background.run {
            do {
                try await manager.start(workspaceID: workspaceID)
            } catch {
                logger.warning("starting workspace \(workspaceID) failed: \(error)", ["workspace.id": workspaceID])
            }
        }
    }

    static func checkEnvironmentName(_ name: String) throws {
        let valid =
            !name.isEmpty && name.count <= maximumEnvironmentNameLength
            && name.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_")
            } && !("0"..."9").contains(name.unicodeScalars.first ?? "0")
        guard valid else {
            throw HTTPError.badRequest(
                "'\(name)' is not an environment variable name: use letters, digits and '_', not starting with a digit")
        }
    }

    /// `owner/repo` of a clone URL, lowercased: its last two path components without `.git`.
    static func repositoryName(of cloneURL: String) -> String? {
        var path = URLComponents(string: cloneURL)?.path ?? cloneURL
        if let colon = path.firstIndex(of: ":"), !cloneURL.contains("://") {
            path = String(path[path.index(after: colon)...])
        }
        if path.hasSuffix(".git") { path.removeLast(4) }
        let parts = path.split(separator: "/")
        guard parts.count >= 2 else { return nil }
        return parts.suffix(2).joined(separator: "/").lowercased()
    }
}
