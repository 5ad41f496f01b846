import RESTAPI
import Store

// The bodies of the workspace server channel's routes.

/// `GET /workspace`.
struct ChannelWorkspaceJSON: Encodable {
    var workspaceID: String
    var instanceID: String?
    var phase: String?
    /// The owner's username.
    var owner: String
    var contextURL: String
    var cloneURL: String
    /// `owner/repo`, when the clone URL names them.
    var repository: String?
    var commit: String
    var timeout: ChannelTimeoutJSON
}

/// A variable as `gp env` prints it.
struct ChannelVariableJSON: Codable {
    var name: String
    var value: String
    var repositoryPattern: String

    init(_ variable: EnvironmentVariable) {
        name = variable.name
        value = variable.value
        repositoryPattern = variable.repositoryPattern
    }
}

/// `GET /env` and the answer to `PUT /env`.
struct ChannelVariablesJSON: Encodable {
    /// The repository's `owner/repo`; nil when its URL names none.
    var repositoryPattern: String?
    var variables: [ChannelVariableJSON]
}

/// `PUT /env`.
struct ChannelSetVariablesRequest: Decodable {
    struct Variable: Decodable {
        var name: String
        var value: String
    }
    var variables: [Variable]
}

/// The answer to `DELETE /env/:name`.
struct ChannelUnsetJSON: Encodable {
    var name: String
    var repositoryPattern: String
    /// False when no variable of that name was set for the repository.
    var deleted: Bool
}

/// `GET /timeout` and the answer to changing it.
struct ChannelTimeoutJSON: Encodable {
    /// `30m`, `2h`.
    var timeout: String
    var seconds: Int64
    /// `2 hours`.
    var humanReadable: String
    /// Whether it is the server's default, not the workspace's own.
    var isDefault: Bool
}

/// `PUT /timeout`.
struct ChannelTimeoutRequest: Decodable {
    var timeout: String
}

/// `PUT /ports/:port`.
struct ChannelPortVisibilityRequest: Decodable {
    var visibility: String
}

/// The answer to `POST /stop`.
struct ChannelStopJSON: Encodable {
    var workspaceID: String
    var phase: String
}

/// `GET /ports`: the workspace's ports with their URLs and visibilities.
struct ChannelPortsJSON: Encodable {
    var ports: [PortJSON]
}
