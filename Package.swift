// swift-tools-version: 6.0
// Swiftpod: a self-hostable cloud development environment platform.
import PackageDescription

let swift6: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Swiftpod",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "swiftpod", targets: ["swiftpod"]),
        .executable(name: "swiftpod-supervisor", targets: ["swiftpod-supervisor"]),
        .executable(name: "gp", targets: ["gp"]),
        .executable(name: "swiftpod-bench", targets: ["swiftpod-bench"]),
    ],
    targets: [
        // MARK: C shims and system libraries

        /// epoll, eventfd, socket options and other Linux calls that Glibc does not export to Swift.
        .target(name: "CSystem"),
        /// OpenSSL's libcrypto: hashes, HMAC and random bytes.
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        /// OpenSSL's libssl: TLS client connections for `https://` in the HTTP client.
        .systemLibrary(name: "CTLS", pkgConfig: "libssl", providers: [.apt(["libssl-dev"])]),
        /// libyaml: the YAML 1.1 parser behind `.gitpod.yml`.
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        /// SQLite: the embedded database behind the default `Store`.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        /// libarchive: pax tar archives compressed with zstd, written from and extracted to disk.
        .systemLibrary(
            name: "CArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev", "libzstd-dev"])]
        ),

        // MARK: Basics

        /// Logging, metrics, byte buffers and the error type every layer shares.
        .target(name: "Basics", swiftSettings: swift6),
        /// Subcommands, options, flags and help text for the executables.
        .target(name: "CommandLineKit", dependencies: ["Basics"], swiftSettings: swift6),
        /// Child processes started with `posix_spawn` and a clean signal state, stopped gracefully.
        .target(name: "Subprocess", dependencies: ["CSystem"], swiftSettings: swift6),
        /// SHA-1, SHA-256, HMAC and secure random bytes over libcrypto.
        .target(name: "Crypto", dependencies: ["CCrypto"], swiftSettings: swift6),
        /// YAML documents as node trees with line and column, over libyaml.
        .target(name: "YAML", dependencies: ["CYAML", "Basics"], swiftSettings: swift6),

        // MARK: Pure protocol cores (no I/O)

        /// HTTP/1.1 messages, the strict request and response parsers, chunked coding and serialization.
        .target(name: "HTTP", dependencies: ["Basics"], swiftSettings: swift6),
        /// Context URLs: what a user pastes to open a workspace, parsed and checked, then resolved against the
        /// remote's refs (`git ls-remote`, the one file here that does I/O).
        .target(name: "ContextURL", dependencies: ["Subprocess", "Basics"], swiftSettings: swift6),

        // MARK: I/O

        /// Non-blocking sockets on an epoll event loop, awaited from Swift concurrency.
        .target(name: "NetIO", dependencies: ["CSystem", "Basics"], swiftSettings: swift6),
        /// The HTTP/1.1 server: connections, router, middleware and graceful shutdown.
        .target(name: "HTTPServer", dependencies: ["HTTP", "NetIO", "Basics"], swiftSettings: swift6),
        /// The HTTP/1.1 client: TCP, TLS (OpenSSL over memory BIOs) and unix sockets, a keep-alive pool, deadlines and
        /// upgrades.
        .target(name: "HTTPClient", dependencies: ["HTTP", "NetIO", "CTLS", "Basics"], swiftSettings: swift6),
        /// WebSocket (RFC 6455) framing, handshake and connections, and their glue to the HTTP server and client.
        .target(
            name: "WebSocket", dependencies: ["HTTP", "HTTPServer", "HTTPClient", "NetIO", "Crypto", "Basics"],
            swiftSettings: swift6
        ),
        /// Streams requests to an upstream over TCP, a unix socket or a CONNECT tunnel.
        .target(
            name: "ReverseProxy",
            dependencies: ["HTTP", "HTTPServer", "HTTPClient", "NetIO", "Basics"],
            swiftSettings: swift6
        ),
        /// A client of the Docker Engine API (JSON over a unix socket), served by Podman or Docker.
        .target(
            name: "ContainerEngine", dependencies: ["HTTPClient", "HTTP", "NetIO", "Subprocess", "Basics"],
            swiftSettings: swift6),

        /// The one thin wrapper over SQLite's C API: connections, statements, typed values and transactions.
        .target(name: "SQLite", dependencies: ["CSQLite"], swiftSettings: swift6),

        // MARK: Domain

        /// Wire types that both ends of a conversation use: the bodies of a workspace's channel to the server,
        /// spoken by the server and by `gp` (Foundation only: `gp` is linked statically).
        .target(name: "SwiftpodAPI", swiftSettings: swift6),

        /// Everything the server remembers, behind the `Store` protocol, and `SQLiteStore`, its embedded default.
        .target(name: "Store", dependencies: ["SQLite"], swiftSettings: swift6),
        /// Passwords, OIDC sign-in, sessions, personal access tokens, CSRF, sign-in rate limits and the first administrator.
        .target(
            name: "Auth", dependencies: ["Store", "Crypto", "HTTP", "HTTPServer", "HTTPClient", "NetIO", "Basics"],
            swiftSettings: swift6),

        /// The browser IDE's page and static files (ours, and Debian's xterm and CodeMirror), served with immutable
        /// caching under a content-hash URL (Gitpod's blobserve).
        .target(
            name: "IDEAssets", dependencies: ["HTTPServer", "HTTP", "Crypto", "Basics"],
            resources: [.copy("Assets")], swiftSettings: swift6),
        /// The workspace proxy: `<wsid>.<host>` and `<port>-<wsid>.<host>` to the supervisor, private to the owner.
        .target(
            name: "WorkspaceProxy",
            dependencies: [
                "Auth", "Store", "IDEAssets", "ReverseProxy", "HTTPServer", "HTTPClient", "HTTP", "Crypto", "Basics",
            ],
            swiftSettings: swift6),

        /// `.gitpod.yml` and `devcontainer.json`, validated into one typed workspace configuration.
        .target(name: "WorkspaceConfig", dependencies: ["YAML", "Basics"], swiftSettings: swift6),
        /// Workspace content: git mirrors and checkouts, backups as pax tar + zstd, their restore, and their store.
        .target(name: "Content", dependencies: ["CArchive", "Crypto", "Subprocess"], swiftSettings: swift6),
        /// Builds workspace images: the base image from debootstrap, and later images from a config's Dockerfile.
        .target(
            name: "ImageBuilder", dependencies: ["ContainerEngine", "Subprocess", "Crypto", "Basics"],
            swiftSettings: swift6),

        /// The workspace lifecycle: starts, stops and deletes workspaces through a runtime, backs up and restores
        /// their content, enforces timeouts, and reconciles the store with the engine.
        .target(
            name: "WorkspaceManager",
            dependencies: [
                "Store", "Content", "ContextURL", "ContainerEngine", "ImageBuilder", "Supervisor", "WorkspaceConfig",
                "HTTPClient", "HTTP", "Crypto", "Basics",
            ],
            swiftSettings: swift6
        ),

        /// The public API's workspace routes under `/api/v1/workspaces`, and its OpenAPI document.
        .target(
            name: "RESTAPI",
            dependencies: [
                "WorkspaceManager", "Supervisor", "Store", "Auth", "WorkspaceConfig", "ImageBuilder", "HTTPServer",
                "HTTPClient", "HTTP", "Basics",
            ],
            swiftSettings: swift6
        ),

        /// The dashboard: server-rendered pages for workspaces, variables, tokens, settings and users, with a little
        /// script of our own that calls the public API.
        .target(
            name: "Dashboard",
            dependencies: ["Auth", "Store", "HTTPServer", "HTTP", "Crypto", "SwiftpodClient", "Basics"],
            swiftSettings: swift6),

        // MARK: In the workspace

        /// The workspace supervisor: tasks in PTYs, terminals, port detection, tunnels and its API on a unix socket.
        .target(
            name: "Supervisor",
            dependencies: [
                "NetIO", "HTTPServer", "HTTPClient", "HTTP", "WebSocket", "Subprocess", "Basics", "CSystem",
            ],
            swiftSettings: swift6
        ),
        /// The `swiftpod-supervisor` executable: PID 1 of every workspace container.
        .executableTarget(name: "swiftpod-supervisor", dependencies: ["Supervisor"], swiftSettings: swift6),
        /// The `gp` commands, Gitpod's workspace CLI, as clients of the supervisor's API on its unix socket.
        .target(
            name: "GPCommands",
            dependencies: [
                "CommandLineKit", "HTTPClient", "HTTP", "NetIO", "WebSocket", "WorkspaceConfig", "CSystem", "Basics",
                "SwiftpodAPI",
            ],
            swiftSettings: swift6
        ),
        /// The `gp` executable, mounted into every workspace.
        .executableTarget(name: "gp", dependencies: ["GPCommands", "CommandLineKit"], swiftSettings: swift6),

        // MARK: Client of the public API

        /// The client of the public API `/api/v1` that the `swiftpod` client commands use: workspaces, ports, tokens
        /// and environment variables, bearer-token auth, Server-Sent Events and the error envelope.
        .target(name: "SwiftpodClient", dependencies: ["HTTPClient", "HTTP", "Basics"], swiftSettings: swift6),

        // MARK: Composition root and executables

        /// Wires the components into `swiftpod server`.
        .target(
            name: "SwiftpodServer",
            dependencies: [
                "HTTP", "HTTPServer", "HTTPClient", "ReverseProxy", "NetIO", "Basics", "Auth", "Store", "YAML",
                "WorkspaceManager", "ContainerEngine", "ImageBuilder", "Content", "ContextURL", "Crypto", "RESTAPI",
                "WorkspaceProxy", "IDEAssets", "WorkspaceConfig", "Dashboard", "SwiftpodAPI",
            ],
            swiftSettings: swift6
        ),
        /// The `swiftpod` command line: every subcommand.
        .target(
            name: "SwiftpodCLI",
            dependencies: [
                "CommandLineKit", "SwiftpodServer", "ReverseProxy", "ImageBuilder", "ContainerEngine", "HTTPClient",
                "HTTPServer", "NetIO", "Basics", "WorkspaceConfig", "ContextURL", "Auth", "Store", "SwiftpodClient",
                "Subprocess",
            ],
            swiftSettings: swift6
        ),
        /// The `swiftpod` executable.
        .executableTarget(name: "swiftpod", dependencies: ["SwiftpodCLI", "CommandLineKit"], swiftSettings: swift6),
        /// `swiftpod-bench`: benchmark trees, and backups, restores and workspace starts timed against their floors.
        .executableTarget(
            name: "swiftpod-bench",
            dependencies: [
                "WorkspaceManager", "Content", "Store", "ContainerEngine", "ImageBuilder", "WorkspaceConfig",
                "CommandLineKit", "Subprocess", "Basics",
            ],
            swiftSettings: swift6
        ),

        // MARK: Tests

        /// Helpers shared by the test targets: temporary directories, process runners, a private container engine.
        .target(
            name: "TestSupport",
            dependencies: ["Basics", "HTTP", "HTTPServer", "HTTPClient", "NetIO", "ContainerEngine", "Subprocess"],
            path: "Tests/TestSupport",
            swiftSettings: swift6),
        .testTarget(name: "BasicsTests", dependencies: ["Basics"], swiftSettings: swift6),
        .testTarget(name: "CommandLineKitTests", dependencies: ["CommandLineKit"], swiftSettings: swift6),
        .testTarget(name: "SubprocessTests", dependencies: ["Subprocess"], swiftSettings: swift6),
        .testTarget(name: "CryptoTests", dependencies: ["Crypto"], swiftSettings: swift6),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP"], swiftSettings: swift6),
        .testTarget(name: "YAMLTests", dependencies: ["YAML"], swiftSettings: swift6),
        .testTarget(name: "WorkspaceConfigTests", dependencies: ["WorkspaceConfig"], swiftSettings: swift6),
        .testTarget(name: "SQLiteTests", dependencies: ["SQLite", "TestSupport"], swiftSettings: swift6),
        .testTarget(name: "StoreTests", dependencies: ["Store", "SQLite", "TestSupport"], swiftSettings: swift6),
        .testTarget(
            name: "AuthTests",
            dependencies: [
                "Auth", "Store", "SQLite", "Crypto", "HTTP", "HTTPServer", "HTTPClient", "NetIO", "Basics",
                "Subprocess",
                "TestSupport",
            ],
            swiftSettings: swift6),
        /// Backs up a directory in a process of its own, for the test that kills a backup with SIGKILL.
        .executableTarget(
            name: "content-backup-fixture", dependencies: ["Content"], path: "Tests/ContentBackupFixture",
            swiftSettings: swift6),
        .testTarget(
            name: "ContentTests", dependencies: ["Content", "CArchive", "Subprocess", "TestSupport"],
            swiftSettings: swift6),
        .testTarget(
            name: "ContextURLTests", dependencies: ["ContextURL", "Subprocess", "TestSupport"], swiftSettings: swift6),
        .testTarget(
            name: "SwiftpodServerTests",
            dependencies: [
                "SwiftpodServer", "Auth", "Store", "HTTP", "HTTPServer", "HTTPClient", "NetIO", "Basics", "TestSupport",
                "RESTAPI", "WorkspaceManager", "WorkspaceConfig", "Content", "ContextURL",
            ],
            swiftSettings: swift6),
        .testTarget(
            name: "DashboardTests",
            dependencies: ["Dashboard", "Auth", "Store", "HTTPServer", "HTTP", "SwiftpodClient", "Basics"],
            swiftSettings: swift6),
        .testTarget(
            name: "SwiftpodCLITests",
            dependencies: [
                "SwiftpodCLI", "SwiftpodServer", "CommandLineKit", "Auth", "Store", "HTTP", "HTTPServer", "NetIO",
                "SwiftpodClient", "TestSupport",
            ],
            swiftSettings: swift6),
        .testTarget(
            name: "SwiftpodClientTests",
            dependencies: [
                "SwiftpodClient", "SwiftpodServer", "Auth", "Store", "HTTP", "HTTPClient", "HTTPServer", "TestSupport",
            ],
            swiftSettings: swift6),
        .testTarget(name: "NetIOTests", dependencies: ["NetIO", "TestSupport"], swiftSettings: swift6),
        .testTarget(
            name: "HTTPServerTests",
            dependencies: ["HTTPServer", "HTTPClient", "TestSupport"],
            swiftSettings: swift6
        ),
        .testTarget(
            name: "HTTPClientTests",
            dependencies: ["HTTPClient", "HTTP", "HTTPServer", "NetIO", "Basics", "Subprocess", "TestSupport"],
            swiftSettings: swift6
        ),
        .testTarget(
            name: "ReverseProxyTests",
            dependencies: ["ReverseProxy", "HTTPServer", "HTTPClient", "TestSupport"],
            swiftSettings: swift6
        ),
        .testTarget(
            name: "ContainerEngineTests", dependencies: ["ContainerEngine", "Subprocess", "TestSupport"],
            swiftSettings: swift6),
        .testTarget(
            name: "ImageBuilderTests", dependencies: ["ImageBuilder", "ContainerEngine", "TestSupport"],
            swiftSettings: swift6),
        .testTarget(name: "WebSocketTests", dependencies: ["WebSocket", "TestSupport"], swiftSettings: swift6),
        .testTarget(
            name: "IDEAssetsTests", dependencies: ["IDEAssets", "HTTPServer", "HTTP", "TestSupport"],
            swiftSettings: swift6),
        .testTarget(
            name: "SupervisorTests",
            dependencies: [
                "Supervisor", "Subprocess", "HTTPClient", "WebSocket", "NetIO", "ContainerEngine", "ImageBuilder",
                "Content", "HTTPServer", "HTTP",
                "WorkspaceManager", "TestSupport",
            ],
            swiftSettings: swift6
        ),
        .testTarget(
            name: "GPCommandsTests",
            dependencies: [
                "GPCommands", "CommandLineKit", "Supervisor", "NetIO", "WebSocket", "HTTPServer", "HTTP", "TestSupport",
                "SwiftpodAPI",
            ],
            swiftSettings: swift6
        ),
        .testTarget(
            name: "WorkspaceManagerTests",
            dependencies: [
                "WorkspaceManager", "Store", "Content", "ContextURL", "ContainerEngine", "ImageBuilder",
                "WorkspaceConfig",
                "HTTPClient", "HTTP", "Basics", "TestSupport",
            ],
            swiftSettings: swift6
        ),
        .testTarget(
            name: "WorkspaceProxyTests",
            dependencies: [
                "WorkspaceProxy", "IDEAssets", "Auth", "Store", "Supervisor", "HTTPClient", "HTTPServer", "HTTP",
                "WebSocket",
                "NetIO", "Basics", "TestSupport",
            ],
            swiftSettings: swift6
        ),
        .testTarget(
            name: "RESTAPITests",
            dependencies: [
                "RESTAPI", "WorkspaceManager", "Store", "Auth", "Content", "ContextURL", "ContainerEngine",
                "ImageBuilder", "HTTPServer", "HTTPClient", "HTTP", "Basics", "TestSupport",
            ],
            swiftSettings: swift6
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "SwiftpodServer", "SwiftpodCLI", "HTTPClient", "HTTPServer", "WebSocket", "ReverseProxy",
                "ContainerEngine", "WorkspaceManager", "Store",
                "TestSupport",
            ],
            swiftSettings: swift6
        ),
    ]
)
