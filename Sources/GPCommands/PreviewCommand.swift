import CommandLineKit
import Foundation

/// `gp preview URL [--external]`: shows a URL in the browser IDE's preview, or in a new browser tab.
struct PreviewCommand: GPCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Opens a URL in the IDE's preview.",
        discussion: """
            A URL on localhost, such as http://localhost:3000/docs, is shown at the port's own URL \
            ($(gp url 3000)/docs), which the browser can reach.
            """,
        parameters: [
            .flag("external", help: "Opens the URL in a new browser tab."),
            .argument("url", help: "An http:// or https:// URL, such as $(gp url 3000)."),
        ]
    )

    let url: URLComponents
    let external: Bool

    init(parsed: ParsedArguments) throws {
        let text = try parsed.required("url")
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", url.host?.isEmpty == false
        else { throw ValidationError("'\(text)' is not an http:// or https:// URL") }
        self.url = url
        external = parsed.flag("external")
    }

    func execute(context: GPContext, supervisor: SupervisorClient) async throws {
        var target = url.string ?? ""
        if let port = url.port, (1...65535).contains(port), ["localhost", "127.0.0.1", "0.0.0.0"].contains(url.host),
            let workspaceURL = try? await WorkspaceURL.resolve(context: context, supervisor: supervisor),
            let portURL = WorkspaceURL.url(ofPort: UInt16(port), workspaceURL: workspaceURL)
        {
            var rest = url
            rest.scheme = nil
            rest.host = nil
            rest.port = nil
            target = portURL + (rest.string ?? "")
        }
        try await supervisor.preview(url: target, external: external)
    }
}
