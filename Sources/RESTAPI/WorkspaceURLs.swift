import Foundation
import HTTPServer

/// The URLs of a workspace on the server's public URL: the IDE at `<scheme>://<id>.<host>`, port N at
/// `<scheme>://N-<id>.<host>`.
struct WorkspaceURLs: Sendable {
    let scheme: String
    /// The host and, when not the default, the port: `localhost:8080`.
    let authority: String

    init(publicURL: String) throws {
        guard let components = URLComponents(string: publicURL), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else {
            throw HTTPError.badRequest("the public URL '\(publicURL)' is not an http(s)://host[:port] URL")
        }
        self.scheme = scheme
        self.authority = host.lowercased() + (components.port.map { ":\($0)" } ?? "")
    }

    func ide(workspaceID: String) -> String { "\(scheme)://\(workspaceID).\(authority)" }

    func port(_ port: Int, workspaceID: String) -> String { "\(scheme)://\(port)-\(workspaceID).\(authority)" }
}
