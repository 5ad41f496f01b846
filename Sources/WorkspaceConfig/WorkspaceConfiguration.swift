/// A repository's workspace configuration, read from `.gitpod.yml` or `devcontainer.json`.
///
/// Every property of Gitpod's schema has a place here; what a devcontainer.json says is mapped onto the same model.
public struct WorkspaceConfiguration: Sendable, Equatable {
    /// The image to run the workspace in; nil for the default image.
    public var image: WorkspaceImage?
    /// Build arguments for an `image.file` build (devcontainer.json's `build.args`).
    public var imageBuildArguments: [String: String] = [:]
    /// The tasks the supervisor runs, in order.
    public var tasks: [WorkspaceTask] = []
    /// The ports and what to do when they open.
    public var ports: [PortConfiguration] = []
    /// Environment variables for every task and terminal.
    public var env: [String: String] = [:]
    /// Other repositories cloned next to this one.
    public var additionalRepositories: [AdditionalRepository] = []
    /// The repository holding the configuration, when this one is part of a multi-repository setup.
    public var mainConfiguration: String?
    /// Where the repository is cloned, relative to `/workspace`.
    public var checkoutLocation: String?
    /// Where the IDE opens, relative to `/workspace` (a folder or a `.code-workspace` file).
    public var workspaceLocation: String?
    /// `git config` values set in the workspace, such as `core.autocrlf: input`.
    public var gitConfig: [String: String] = [:]
    /// VS Code settings.
    public var vscode: VSCodeConfiguration?
    /// JetBrains IDE settings.
    public var jetbrains: JetBrainsConfiguration?
    /// The deprecated GitHub app settings.
    public var github: GitHubConfiguration?
    /// Core dump limits (experimental in Gitpod).
    public var coreDump: CoreDumpConfiguration?
    /// The deprecated experimental network switch.
    public var experimentalNetwork: Bool?
    /// The user tasks and terminals run as (devcontainer.json's `remoteUser`); nil for the image's default.
    public var remoteUser: String?

    /// An empty configuration: the default image, no tasks, no ports.
    public init() {}
}

/// Where a workspace's image comes from.
public enum WorkspaceImage: Sendable, Equatable {
    /// A named image, such as `gitpod/workspace-full`.
    case name(String)
    /// A Dockerfile built for the workspace: its path and build context, relative to the repository.
    case file(String, context: String?)
}

/// One task: the commands the supervisor runs in a terminal.
public struct WorkspaceTask: Sendable, Equatable {
    /// Where the terminal opens (`openIn`).
    public enum OpenIn: String, Sendable, CaseIterable {
        case bottom, main, left, right
    }

    /// How the terminal opens (`openMode`).
    public enum OpenMode: String, Sendable, CaseIterable {
        case splitLeft = "split-left"
        case splitRight = "split-right"
        case tabBefore = "tab-before"
        case tabAfter = "tab-after"
    }

    /// The terminal's name.
    public var name: String?
    /// Runs before `init` and `command`, at every start.
    public var before: String?
    /// Runs once, on a fresh clone or in a prebuild.
    public var initialization: String?
    /// Runs last at every start; need not end.
    public var command: String?
    /// The deprecated `prebuild` command (runs in prebuilds after `init`).
    public var prebuild: String?
    /// Environment variables for this task.
    public var env: [String: String] = [:]
    /// Where the terminal opens.
    public var openIn: OpenIn?
    /// How the terminal opens.
    public var openMode: OpenMode?

    /// A task with nothing set.
    public init(
        name: String? = nil, before: String? = nil, initialization: String? = nil, command: String? = nil,
        env: [String: String] = [:]
    ) {
        self.name = name
        self.before = before
        self.initialization = initialization
        self.command = command
        self.env = env
    }
}

/// Another repository cloned into the workspace.
public struct AdditionalRepository: Sendable, Equatable {
    /// Its URL (any context URL).
    public var url: String
    /// Where it is cloned, relative to `/workspace`; nil for its name.
    public var checkoutLocation: String?

    /// A repository to clone.
    public init(url: String, checkoutLocation: String? = nil) {
        self.url = url
        self.checkoutLocation = checkoutLocation
    }
}

/// VS Code settings.
public struct VSCodeConfiguration: Sendable, Equatable {
    /// Extension IDs to install, such as `golang.go` or `publisher.name@1.2.3`.
    public var extensions: [String] = []

    /// Settings with the given extensions.
    public init(extensions: [String] = []) {
        self.extensions = extensions
    }
}

/// The deprecated GitHub app settings.
public struct GitHubConfiguration: Sendable, Equatable {
    /// Prebuilds on or off, or their detailed settings.
    public var prebuilds: GitHubPrebuilds?

    /// Settings with nothing set.
    public init(prebuilds: GitHubPrebuilds? = nil) {
        self.prebuilds = prebuilds
    }
}

/// When the GitHub app starts prebuilds and what it adds to pull requests (all deprecated in Gitpod).
public struct GitHubPrebuilds: Sendable, Equatable {
    /// `true` or `false` alone: prebuilds on or off.
    public var enabled: Bool?
    public var master: Bool?
    public var branches: Bool?
    public var pullRequests: Bool?
    public var pullRequestsFromForks: Bool?
    public var addBadge: Bool?
    public var addComment: Bool?
    /// `true`, `false` or `prevent-merge-on-error`.
    public var addCheck: String?
    /// `true`, `false` or the label's text.
    public var addLabel: String?

    /// Settings with nothing set.
    public init() {}
}

/// Core dump settings.
public struct CoreDumpConfiguration: Sendable, Equatable {
    public var enabled: Bool?
    public var softLimit: Double?
    public var hardLimit: Double?

    /// Settings with nothing set.
    public init() {}
}
