import Foundation
import Store

/// The HTML of the settings pages: environment variables, access tokens, the timeout preference, and users.
enum SettingsPages {
    // MARK: Environment variables

    static func variables(_ variables: [EnvironmentVariable]) -> String {
        var html = """
            <form id="new-variable" class="card">
            <h2>Add a variable</h2>
            <p class="hint">Workspaces of repositories that match the pattern get the variable. Setting a name and
            pattern that exist replaces the value.</p>
            <div class="row">
            \(HTML.field(
                id: "variable-name", name: "name", label: "Name", required: true, pattern: "[A-Za-z_][A-Za-z0-9_]*",
                placeholder: "NPM_TOKEN", hint: "Letters, digits and _, not starting with a digit.",
                errorID: "new-variable-error"))
            \(HTML.field(id: "variable-value", name: "value", label: "Value", type: "password", required: true))
            \(HTML.field(
                id: "variable-pattern", name: "repositoryPattern", label: "Repository pattern", value: "*/*",
                required: true, pattern: "[^\\/\\s]+\\/[^\\/\\s]+",
                hint: "owner/repo, owner/*, */repo or */* for every repository."))
            </div>
            <button type="submit">Add variable</button>
            </form>

            """
        guard !variables.isEmpty else {
            return html + "<div class=\"card empty\" id=\"no-variables\"><h2>No variables yet</h2>"
                + "<p>Variables hold secrets and settings your workspaces need, such as tokens for a registry.</p>"
                + "</div>"
        }
        html += """
            <table id="variables"><thead><tr><th scope="col">Name</th><th scope="col">Repository pattern</th>\
            <th scope="col">Value</th><th scope="col">Actions</th></tr></thead><tbody>

            """
        for variable in variables.sorted(by: { ($0.name, $0.repositoryPattern) < ($1.name, $1.repositoryPattern) }) {
            let name = HTML.escape(variable.name)
            let pattern = HTML.escape(variable.repositoryPattern)
            html += """
                <tr data-variable="\(name)"><td data-label="Name" class="mono">\(name)</td>\
                <td data-label="Repository pattern" class="mono">\(pattern)</td>\
                <td data-label="Value"><span aria-label="hidden value">••••••••</span></td>\
                <td data-label="Actions"><button type="button" class="danger" data-action="delete-variable" \
                data-name="\(name)" data-pattern="\(pattern)">Delete</button></td></tr>

                """
        }
        return html + "</tbody></table>\n"
    }

    // MARK: Access tokens

    static func tokens(_ tokens: [AccessToken], now: Date) -> String {
        var html = """
            <form id="new-token" class="card">
            <h2>Create a token</h2>
            <p class="hint">A personal access token lets the <code>swiftpod</code> command and scripts use the API as
            you.</p>
            <div class="row">
            \(HTML.field(
                id: "token-name", name: "name", label: "Name", required: true, placeholder: "laptop",
                errorID: "new-token-error"))
            <div class="field"><label for="token-expires">Expires</label>
            <select id="token-expires" name="expires">
            <option value="7d">in 7 days</option><option value="30d" selected>in 30 days</option>
            <option value="90d">in 90 days</option><option value="365d">in a year</option>
            <option value="never">never</option></select></div>
            </div>
            <button type="submit">Create token</button>
            </form>
            <section id="token-created" class="card" hidden>
            <h2>Your new token</h2>
            <p>Copy it now: it is shown only once.</p>
            <div class="secret"><code id="token-secret"></code>
            <button type="button" id="copy-token" data-action="copy" data-target="token-secret">Copy</button></div>
            </section>

            """
        guard !tokens.isEmpty else {
            return html + "<div class=\"card empty\" id=\"no-tokens\"><h2>No tokens yet</h2>"
                + "<p>Create one for <code>swiftpod login --token-stdin</code> or for a script.</p></div>"
        }
        html += """
            <table id="tokens"><thead><tr><th scope="col">Name</th><th scope="col">Created</th>\
            <th scope="col">Expires</th><th scope="col">Last used</th><th scope="col">Actions</th></tr></thead><tbody>

            """
        for token in tokens.sorted(by: { $0.createdAt > $1.createdAt }) {
            let name = HTML.escape(token.name)
            let expires =
                token.expiresAt.map { $0 < now ? "expired" : day($0) } ?? "never"
            html += """
                <tr data-token-id="\(HTML.escape(token.id))"><td data-label="Name">\(name)</td>\
                <td data-label="Created">\(day(token.createdAt))</td><td data-label="Expires">\(expires)</td>\
                <td data-label="Last used">\(token.lastUsedAt.map(day) ?? "never")</td>\
                <td data-label="Actions"><button type="button" class="danger" data-action="revoke-token" \
                data-id="\(HTML.escape(token.id))" data-name="\(name)">Revoke</button></td></tr>

                """
        }
        return html + "</tbody></table>\n"
    }

    // MARK: Preferences

    /// The choices offered besides the server's default and a custom duration.
    static let timeoutChoices = ["30m", "1h", "3h"]

    static func preferences(_ settings: DashboardTimeoutSettings) -> String {
        let chosen = settings.chosen
        let isCustom = chosen.map { !timeoutChoices.contains($0) } ?? false
        func option(_ value: String, _ label: String, checked: Bool) -> String {
            let id = "timeout-" + (value.isEmpty ? "default" : value)
            return "<label class=\"check\" for=\"\(id)\"><input type=\"radio\" id=\"\(id)\" name=\"timeout\" "
                + "value=\"\(HTML.escape(value))\"\(checked ? " checked" : "")> \(HTML.escape(label))</label>"
        }
        var options = [option("", "The server's default (\(settings.serverDefault))", checked: chosen == nil)]
        for value in timeoutChoices {
            options.append(option(value, value, checked: chosen == value))
        }
        options.append(option("custom", "Another duration", checked: isCustom))
        return """
            <form id="settings-form" class="card">
            <h2>Inactivity timeout</h2>
            <fieldset><legend>New workspaces stop after this long without activity. <code>gp timeout set</code>
            still changes one workspace's.</legend>
            \(options.joined(separator: "\n"))
            </fieldset>
            \(HTML.field(
                id: "custom-timeout", name: "customTimeout", label: "Another duration",
                value: isCustom ? chosen ?? "" : "", pattern: "([0-9]+h)?([0-9]+m)?([0-9]+s)?", placeholder: "1h30m",
                hint: "Hours, minutes and seconds, such as 45m or 2h30m; from \(settings.minimum) to "
                    + "\(settings.maximum).", errorID: "settings-error"))
            <button type="submit">Save</button>
            </form>

            """
    }

    // MARK: Users

    static func users(_ users: [User], signedIn: User) -> String {
        var html = """
            <form id="new-user" class="card">
            <h2>Add a user</h2>
            <div class="row">
            \(HTML.field(
                id: "user-username", name: "username", label: "Username", required: true, errorID: "new-user-error"))
            \(HTML.field(id: "user-email", name: "email", label: "Email (optional)", type: "email"))
            \(HTML.field(
                id: "user-password", name: "password", label: "Password", type: "password", required: true,
                autocomplete: "new-password"))
            </div>
            <label class="check" for="user-admin"><input type="checkbox" id="user-admin" name="admin"> Administrator
            </label>
            <button type="submit">Add user</button>
            </form>
            <table id="users"><thead><tr><th scope="col">Username</th><th scope="col">Email</th>\
            <th scope="col">Role</th><th scope="col">Created</th><th scope="col">Actions</th></tr></thead><tbody>

            """
        for user in users {
            let id = HTML.escape(user.id)
            let name = HTML.escape(user.username)
            var actions = ""
            if user.id != signedIn.id {
                let other: User.Role = user.role == .admin ? .member : .admin
                actions = """
                    <div class="actions"><button type="button" class="secondary" data-action="set-role" \
                    data-id="\(id)" data-role="\(other.rawValue)">Make \(other.rawValue)</button>\
                    <button type="button" class="secondary" data-action="set-blocked" data-id="\(id)" \
                    data-blocked="\(!user.blocked)">\(user.blocked ? "Unblock" : "Block")</button>\
                    <button type="button" class="danger" data-action="delete-user" data-id="\(id)" \
                    data-name="\(name)">Delete</button></div>
                    """
            } else {
                actions = "<span class=\"hint\">you</span>"
            }
            html += """
                <tr data-user-id="\(id)"><td data-label="Username">\(name)\
                \(user.blocked ? " <span class=\"badge phase-failed\">blocked</span>" : "")</td>\
                <td data-label="Email">\(HTML.escape(user.email))</td>\
                <td data-label="Role">\(user.role.rawValue)</td><td data-label="Created">\(day(user.createdAt))</td>\
                <td data-label="Actions">\(actions)</td></tr>

                """
        }
        return html + "</tbody></table>\n"
    }

    /// `2026-12-05`, in UTC.
    static func day(_ date: Date) -> String {
        String(ISO8601DateFormatter().string(from: date).prefix(10))
    }
}
