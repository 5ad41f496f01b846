import Foundation

/// The HTML of the workspaces page and of one workspace's page. The script keeps the same markup up to date, so
/// both render phases, phase times and actions alike.
enum WorkspacePages {
    /// The form that creates a workspace: by script through the API, or posted to `/workspaces` without one.
    static func newWorkspaceForm(
        url: String = "", image: String = "", error: String? = nil, csrfToken: String
    )
        -> String
    {
        """
        <form id="new-workspace" class="card" method="post" action="/workspaces">
        <h2>New workspace</h2>
        <input type="hidden" name="csrf_token" value="\(HTML.escape(csrfToken))">
        <div class="row">
        \(HTML.field(
            id: "workspace-url", name: "url", label: "Repository URL", type: "text", value: url, required: true,
            placeholder: "https://github.com/owner/repo",
            hint: "A repository, branch, commit, issue or pull request URL.", errorID: "new-workspace-error",
            error: error, autocomplete: "url"))
        \(HTML.field(
            id: "workspace-image", name: "image", label: "Image (optional)", value: image,
            placeholder: "debian:bookworm", hint: "Instead of the repository's own configuration."))
        </div>
        <button type="submit">Create workspace</button>
        </form>
        """
    }

    static func list(_ workspaces: [DashboardWorkspace], unavailable: String?, now: Date) -> String {
        var html = ""
        if let unavailable {
            html += "<p class=\"notice\" role=\"status\">\(HTML.escape(unavailable))</p>\n"
        }
        guard !workspaces.isEmpty else {
            if unavailable == nil {
                html += """
                    <div class="card empty" id="no-workspaces"><h2>No workspaces yet</h2>
                    <p>Paste a repository URL above to create your first one, or open
                    <code>/#https://github.com/owner/repo</code> on this site.</p></div>
                    """
            }
            return html
        }
        html += """
            <h2>Your workspaces</h2>
            <table id="workspaces"><thead><tr><th scope="col">Repository</th><th scope="col">Phase</th>\
            <th scope="col">Created</th><th scope="col">Actions</th></tr></thead><tbody>

            """
        for workspace in workspaces {
            html += """
                <tr data-workspace-id="\(HTML.escape(workspace.id))" data-phase="\(HTML.escape(workspace.phase))">
                <td data-label="Repository"><a class="context" href="/workspaces/\(HTML.escape(workspace.id))">\
                \(HTML.escape(workspace.contextURL))</a>
                <div class="hint mono">\(HTML.escape(workspace.id))</div></td>
                <td data-label="Phase">\(phaseBadge(workspace))\(phaseTimes(workspace, now: now))
                <p class="failure">\(HTML.escape(workspace.failure ?? ""))</p></td>
                <td data-label="Created">\(time(workspace.createdAt, now: now))</td>
                <td data-label="Actions">\(actions(workspace))</td></tr>

                """
        }
        return html + "</tbody></table>\n"
    }

    static func detail(_ workspace: DashboardWorkspace, openIDE: Bool, now: Date) -> String {
        let repository = workspace.repository
        var facts = [
            ("Context URL", HTML.escape(workspace.contextURL)),
            ("Clone URL", "<span class=\"mono\">\(HTML.escape(repository.cloneURL))</span>"),
            ("Ref", HTML.escape(repository.ref ?? "—")),
            ("Commit", "<span class=\"mono\">\(HTML.escape(repository.commit))</span>"),
            ("Content from", HTML.escape(contentSourceName(workspace.contentSource))),
            ("Created", time(workspace.createdAt, now: now)),
        ]
        if let image = workspace.image { facts.append(("Image", "<span class=\"mono\">\(HTML.escape(image))</span>")) }
        let factsHTML = facts.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" }.joined(separator: "\n")
        var html = """
            <section id="workspace" class="card" data-workspace-id="\(HTML.escape(workspace.id))" \
            data-phase="\(HTML.escape(workspace.phase))" data-ide-url="\(HTML.escape(workspace.ideURL))" \
            data-open-ide="\(openIDE ? "1" : "0")">
            <p>Phase: \(phaseBadge(workspace, id: "phase"))</p>
            \(phaseTimes(workspace, now: now))
            <p class="failure" id="failure">\(HTML.escape(workspace.failure ?? ""))</p>
            \(actions(workspace))
            </section>
            <section class="card"><h2>Repository</h2><dl class="facts">
            \(factsHTML)
            </dl></section>
            <section class="card"><h2>Ports</h2><div id="ports-list">

            """
        if workspace.ports.isEmpty {
            html += "<p class=\"hint\">No ports yet: they appear here when a process listens or the configuration "
            html += "names them.</p>"
        } else {
            html += "<table id=\"ports\"><thead><tr><th scope=\"col\">Port</th><th scope=\"col\">URL</th>"
            html += "<th scope=\"col\">Visibility</th><th scope=\"col\">State</th></tr></thead><tbody>\n"
            for port in workspace.ports {
                html += """
                    <tr data-port="\(port.port)"><td data-label="Port">\(port.port)</td>\
                    <td data-label="URL"><a href="\(HTML.escape(port.url))" target="_blank" rel="noopener">\
                    \(HTML.escape(port.url))</a></td><td data-label="Visibility">\(HTML.escape(port.visibility))</td>\
                    <td data-label="State">\(HTML.escape(port.state))</td></tr>

                    """
            }
            html += "</tbody></table>"
        }
        html += """
            </div></section>
            <section class="card"><h2>Logs</h2>
            <p class="hint">The image build, then each task's output; it follows while the workspace runs.</p>
            <pre id="logs" tabindex="0" aria-label="Logs">No output yet.</pre></section>

            """
        return html
    }

    // MARK: Parts

    /// The phases in the order a workspace passes them.
    static let phaseOrder = [
        "preparing", "building", "pending", "creating", "initializing", "running", "stopping", "stopped", "failed",
    ]

    static func phaseBadge(_ workspace: DashboardWorkspace, id: String? = nil) -> String {
        let idAttribute = id.map { " id=\"\($0)\"" } ?? ""
        let phase = HTML.escape(workspace.phase)
        return "<span\(idAttribute) class=\"phase badge phase-\(phase)\">\(phase)</span>"
    }

    /// How long each passed phase took and how long the current one has lasted: `preparing 2s · running for 5m`.
    static func phaseTimes(_ workspace: DashboardWorkspace, now: Date) -> String {
        // Phases that began in the same millisecond keep their lifecycle order.
        let times = workspace.phaseTimes.sorted {
            ($0.value, phaseOrder.firstIndex(of: $0.key) ?? .max) < (
                $1.value, phaseOrder.firstIndex(of: $1.key) ?? .max
            )
        }
        var items: [String] = []
        for (index, entry) in times.enumerated() {
            let text: String
            if index + 1 < times.count {
                text = "\(entry.key) \(duration(times[index + 1].value.timeIntervalSince(entry.value)))"
            } else {
                text = "\(entry.key) for \(duration(now.timeIntervalSince(entry.value)))"
            }
            items.append("<li title=\"\(iso(entry.value))\">\(HTML.escape(text))</li>")
        }
        return "<ol class=\"phase-times\">\(items.joined())</ol>"
    }

    /// The same actions the script draws: Open and Stop while running, Start at rest, Delete always.
    static func actions(_ workspace: DashboardWorkspace) -> String {
        var html = "<div class=\"actions\">"
        if workspace.phase == "running" {
            html += "<a class=\"button open-ide\" href=\"\(HTML.escape(workspace.ideURL))\" target=\"_blank\" "
            html += "rel=\"noopener\">Open</a>"
            html += "<button type=\"button\" class=\"secondary\" data-action=\"stop\">Stop</button>"
        }
        if workspace.isAtRest {
            html += "<button type=\"button\" class=\"secondary\" data-action=\"start\">Start</button>"
        }
        html += "<button type=\"button\" class=\"danger\" data-action=\"delete\">Delete</button>"
        return html + "</div>"
    }

    /// `5s`, `3m 20s`, `2h 5m`, as the script writes them.
    static func duration(_ interval: TimeInterval) -> String {
        let seconds = Int(max(0, interval.rounded()))
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m \(seconds % 60)s" }
        return "\(seconds / 3600)h \(seconds % 3600 / 60)m"
    }

    static func time(_ date: Date, now: Date) -> String {
        "<time datetime=\"\(iso(date))\" title=\"\(iso(date))\">\(duration(now.timeIntervalSince(date))) ago</time>"
    }

    static func iso(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    static func contentSourceName(_ source: String?) -> String {
        switch source {
        case "backup": "its last backup"
        case "prebuild": "a prebuild"
        case "git": "a fresh clone"
        case let other?: other
        case nil: "—"
        }
    }
}
