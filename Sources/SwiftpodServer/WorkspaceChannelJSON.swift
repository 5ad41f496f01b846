import RESTAPI
import Store
import SwiftpodAPI

// The server's side of the workspace channel's bodies (`SwiftpodAPI.WorkspaceChannel`).

extension WorkspaceChannel.Variable {
    /// A stored variable as `gp env` prints it, with the pattern it is set for.
    init(_ variable: EnvironmentVariable) {
        self.init(name: variable.name, value: variable.value, repositoryPattern: variable.repositoryPattern)
    }
}

/// `GET /ports`: the workspace's ports with their URLs and visibilities, as the public API lists them.
struct ChannelPortsJSON: Encodable {
    var ports: [PortJSON]
}
