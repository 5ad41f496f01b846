// The dashboard's script, served at `/_dashboard/<hash>/app.js`: forms that call the public API with the session's
// CSRF token, live phases from the workspaces' event streams, the logs, and the `/#<context URL>` way to open a
// workspace. Kept in the binary for the same reason as the style sheet.
extension DashboardAssets {
    static let javaScript = #"""
        "use strict";
        (function () {
          const csrfToken = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
          const finalPhases = ["stopped", "failed", "created"];
          const phaseOrder = ["preparing", "building", "pending", "creating", "initializing", "running", "stopping",
            "stopped", "failed"];
          const watched = new Map();
          // The URL of each stream in `watched`, to open it again after a pause.
          const watchedURLs = new Map();
          let lastPhases = new Map();
          // Streams are closed while the page is hidden or kept in the back/forward cache: a browser opens at most
          // six connections to one host, and the streams of every page it keeps count against them.
          let streamsPaused = false;

          // MARK: The API

          async function api(method, path, body) {
            const options = { method: method, credentials: "same-origin", headers: { "X-CSRF-Token": csrfToken } };
            if (body !== undefined) {
              options.headers["Content-Type"] = "application/json";
              options.body = JSON.stringify(body);
            }
            const response = await fetch(path, options);
            const text = await response.text();
            let data = null;
            try { data = text ? JSON.parse(text) : null; } catch (error) { data = null; }
            if (response.status === 401) {
              location.href = "/login?returnTo=" + encodeURIComponent(location.pathname + location.search);
            }
            if (!response.ok) {
              const message = data && data.error && data.error.message;
              throw new Error(message || "The server answered " + response.status + ".");
            }
            return data;
          }

          function announce(text) {
            const live = document.getElementById("live");
            if (live) live.textContent = text;
          }

          function showError(text) {
            const region = document.getElementById("errors");
            if (region) region.textContent = text;
          }

          function showFormError(form, text) {
            const target = form.querySelector(".field-error");
            if (target) target.textContent = text;
            const field = form.querySelector("[aria-describedby]");
            if (field) field.setAttribute("aria-invalid", text ? "true" : "false");
            if (text && field) field.focus();
          }

          async function submitting(form, work) {
            const button = form.querySelector("button[type=submit]");
            showFormError(form, "");
            if (button) button.disabled = true;
            try {
              await work();
            } catch (error) {
              showFormError(form, error.message);
            } finally {
              if (button) button.disabled = false;
            }
          }

          // MARK: Workspaces

          function formatDuration(milliseconds) {
            const seconds = Math.max(0, Math.round(milliseconds / 1000));
            if (seconds < 60) return seconds + "s";
            if (seconds < 3600) return Math.floor(seconds / 60) + "m " + (seconds % 60) + "s";
            return Math.floor(seconds / 3600) + "h " + Math.floor((seconds % 3600) / 60) + "m";
          }

          function renderPhaseTimes(list, workspace) {
            const times = Object.entries(workspace.phaseTimes || {})
              .map(function (entry) { return [entry[0], new Date(entry[1])]; })
              .sort(function (a, b) { return a[1] - b[1] || phaseOrder.indexOf(a[0]) - phaseOrder.indexOf(b[0]); });
            list.replaceChildren();
            times.forEach(function (entry, index) {
              const item = document.createElement("li");
              const next = times[index + 1];
              item.textContent = entry[0] + " " + (next ? formatDuration(next[1] - entry[1])
                : "for " + formatDuration(Date.now() - entry[1]));
              item.title = entry[1].toLocaleString();
              list.append(item);
            });
          }

          function actionButton(action, label, style) {
            const button = document.createElement("button");
            button.type = "button";
            button.className = style;
            button.dataset.action = action;
            button.textContent = label;
            return button;
          }

          function renderActions(container, workspace) {
            container.replaceChildren();
            if (workspace.phase === "running") {
              const open = document.createElement("a");
              open.className = "button open-ide";
              open.href = workspace.ideURL;
              open.target = "_blank";
              open.rel = "noopener";
              open.textContent = "Open";
              container.append(open, actionButton("stop", "Stop", "secondary"));
            }
            if (finalPhases.includes(workspace.phase)) container.append(actionButton("start", "Start", "secondary"));
            container.append(actionButton("delete", "Delete", "danger"));
          }

          function updateWorkspace(workspace) {
            const selector = '[data-workspace-id="' + CSS.escape(workspace.id) + '"]';
            document.querySelectorAll(selector).forEach(function (element) {
              element.dataset.phase = workspace.phase;
              element.querySelectorAll(".phase").forEach(function (badge) {
                badge.textContent = workspace.phase;
                badge.className = "phase badge phase-" + workspace.phase;
              });
              element.querySelectorAll(".phase-times").forEach(function (list) { renderPhaseTimes(list, workspace); });
              element.querySelectorAll(".failure").forEach(function (failure) {
                failure.textContent = workspace.failure || "";
              });
              element.querySelectorAll(".actions").forEach(function (actions) { renderActions(actions, workspace); });
              if (workspace.phase === "running" && element.dataset.openIde === "1" && workspace.ideURL) {
                location.href = workspace.ideURL;
              }
            });
            if (lastPhases.has(workspace.id) && lastPhases.get(workspace.id) !== workspace.phase) {
              announce("Workspace " + workspace.id + " is " + workspace.phase + ".");
              if (workspace.phase === "running") { startLogs(); refreshPorts(); }
            }
            lastPhases.set(workspace.id, workspace.phase);
          }

          // Follows a stream of phase changes (`key` names it among the streams the page follows).
          function watchEvents(key, url) {
            if (watched.has(key)) return;
            watchedURLs.set(key, url);
            if (streamsPaused) return;
            let delay = 1000;
            function connect() {
              const source = new EventSource(url);
              watched.set(key, source);
              source.addEventListener("phase", function (event) {
                delay = 1000;
                try { workspaceChanged(JSON.parse(event.data)); } catch (error) { showError(error.message); }
              });
              source.addEventListener("deleted", function (event) {
                try { workspaceDeleted(JSON.parse(event.data).id); } catch (error) { showError(error.message); }
              });
              source.onerror = function () {
                if (source.readyState !== EventSource.CLOSED || !watched.has(key)) return;
                setTimeout(function () { if (watched.get(key) === source) connect(); }, delay);
                delay = Math.min(delay * 2, 30000);
              };
            }
            connect();
          }

          function watchWorkspace(id) {
            watchEvents(id, "/api/v1/workspaces/" + encodeURIComponent(id) + "/events");
          }

          // A workspace the list does not show yet was created elsewhere: the list is shown again, unless the user
          // is filling in the form.
          function workspaceChanged(workspace) {
            updateWorkspace(workspace);
            const list = document.getElementById("new-workspace") && !document.getElementById("workspace");
            const shown = document.querySelector('tr[data-workspace-id="' + CSS.escape(workspace.id) + '"]');
            if (list && !shown) reloadUnlessBusy();
          }

          function workspaceDeleted(id) {
            if (document.getElementById("workspace")) { location.href = "/"; return; }
            document.querySelectorAll('[data-workspace-id="' + CSS.escape(id) + '"]').forEach(function (row) {
              row.remove();
            });
          }

          function reloadUnlessBusy() {
            const form = document.getElementById("new-workspace");
            const busy = form && (form.contains(document.activeElement) || form.elements.url.value !== "");
            if (!busy) location.reload();
          }

          function unwatchWorkspace(id) {
            const source = watched.get(id);
            if (source) source.close();
            watched.delete(id);
            watchedURLs.delete(id);
          }

          function pauseStreams() {
            if (streamsPaused) return;
            streamsPaused = true;
            watched.forEach(function (source) { source.close(); });
            watched.clear();
            if (logsAbort) logsAbort.abort();
          }

          function resumeStreams() {
            if (!streamsPaused) return;
            streamsPaused = false;
            watchedURLs.forEach(function (url, key) { watchEvents(key, url); });
            startLogs();
          }

          async function workspaceAction(id, action) {
            const path = "/api/v1/workspaces/" + encodeURIComponent(id);
            if (action === "delete") {
              if (!confirm("Delete workspace " + id + "? Its files and backups are removed for good.")) return;
              await api("DELETE", path);
              unwatchWorkspace(id);
              announce("Workspace " + id + " was deleted.");
              workspaceDeleted(id);
              return;
            }
            updateWorkspace(await api("POST", path + "/" + action));
          }

          async function createWorkspace(form, body, openWhenRunning) {
            const workspace = await api("POST", "/api/v1/workspaces", body);
            location.href = "/workspaces/" + encodeURIComponent(workspace.id) + (openWhenRunning ? "?open=1" : "");
          }

          // Gitpod's way in: `https://swiftpod.example/#https://github.com/owner/repo`, optionally with variables
          // before the URL (`NAME=value,OTHER=1/https://…`), which the API's context parser reads.
          function openFromFragment(form) {
            if (location.hash.length < 2) return;
            let text;
            try {
              text = decodeURIComponent(location.hash.slice(1)).trim();
            } catch (error) {
              text = location.hash.slice(1);
            }
            history.replaceState(null, "", location.pathname + location.search);
            form.elements.url.value = text;
            const variables = "([A-Za-z_][A-Za-z0-9_]*=[^/\\s]*/)*";
            const host = "[\\w.-]+\\.[A-Za-z]{2,}(:\\d+)?/";
            const looksLikeURL = new RegExp("^" + variables + "([a-z][a-z0-9+.-]*://|" + host + ")\\S+$");
            if (!looksLikeURL.test(text)) {
              showFormError(form, "'" + text + "' is not a repository URL: open " + location.origin
                + "/#https://github.com/owner/repo");
              return;
            }
            announce("Creating a workspace for " + text + "…");
            submitting(form, function () { return createWorkspace(form, { contextURL: text }, true); });
          }

          // MARK: Ports

          function renderPorts(workspace) {
            const container = document.getElementById("ports-list");
            if (!container) return;
            container.replaceChildren();
            if (!workspace.ports || workspace.ports.length === 0) {
              const hint = document.createElement("p");
              hint.className = "hint";
              hint.textContent = "No ports yet: they appear here when a process listens or the configuration "
                + "names them.";
              container.append(hint);
              return;
            }
            const table = document.createElement("table");
            table.id = "ports";
            const head = table.createTHead().insertRow();
            ["Port", "URL", "Visibility", "State"].forEach(function (title) {
              const cell = document.createElement("th");
              cell.scope = "col";
              cell.textContent = title;
              head.append(cell);
            });
            const body = table.createTBody();
            workspace.ports.forEach(function (port) {
              const row = body.insertRow();
              row.dataset.port = port.port;
              [["Port", String(port.port)], ["URL", port.url], ["Visibility", port.visibility], ["State", port.state]]
                .forEach(function (entry) {
                  const cell = row.insertCell();
                  cell.dataset.label = entry[0];
                  if (entry[0] === "URL") {
                    const link = document.createElement("a");
                    link.href = entry[1];
                    link.target = "_blank";
                    link.rel = "noopener";
                    link.textContent = entry[1];
                    cell.append(link);
                  } else {
                    cell.textContent = entry[1];
                  }
                });
            });
            container.append(table);
          }

          // While the workspace runs, its ports come and go as processes listen.
          async function refreshPorts() {
            const page = document.getElementById("workspace");
            if (!page || page.dataset.phase !== "running") return;
            try {
              renderPorts(await api("GET", "/api/v1/workspaces/" + encodeURIComponent(page.dataset.workspaceId)));
            } catch (error) {
              // The next refresh tries again.
            }
          }

          // MARK: Logs

          const escapes = /\x1b\[[0-9;?]*[ -\/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][A-Za-z0-9]|\r/g;
          let logsRunning = false;
          let logsAbort = null;

          async function followLogs(id, output) {
            logsAbort = new AbortController();
            try {
              const response = await fetch("/api/v1/workspaces/" + encodeURIComponent(id) + "/logs?follow=1",
                { credentials: "same-origin", signal: logsAbort.signal });
              if (response.ok && response.body) {
                const reader = response.body.getReader();
                const decoder = new TextDecoder();
                let first = true;
                for (;;) {
                  const part = await reader.read();
                  if (part.done) break;
                  const text = decoder.decode(part.value, { stream: true }).replace(escapes, "");
                  const atEnd = output.scrollTop + output.clientHeight >= output.scrollHeight - 8;
                  if (first) { output.textContent = ""; first = false; }
                  output.append(text);
                  if (atEnd) output.scrollTop = output.scrollHeight;
                }
              }
            } catch (error) {
              // Tried again below while the workspace is not stopped.
            }
            const page = document.getElementById("workspace");
            if (page && !streamsPaused && !finalPhases.includes(page.dataset.phase)) {
              setTimeout(function () { if (!streamsPaused) { followLogs(id, output); } else { logsRunning = false; } },
                2000);
            } else {
              logsRunning = false;
            }
          }

          function startLogs() {
            const page = document.getElementById("workspace");
            const output = document.getElementById("logs");
            if (!page || !output || logsRunning || streamsPaused) return;
            logsRunning = true;
            followLogs(page.dataset.workspaceId, output);
          }

          // MARK: Settings

          async function saveVariable(form) {
            const name = form.elements.name.value.trim();
            await api("PUT", "/api/v1/env/" + encodeURIComponent(name), {
              value: form.elements.value.value,
              repositoryPattern: form.elements.repositoryPattern.value.trim() || "*/*",
            });
            location.reload();
          }

          async function createToken(form) {
            const created = await api("POST", "/api/v1/tokens", {
              name: form.elements.name.value.trim(),
              expires: form.elements.expires.value,
            });
            const panel = document.getElementById("token-created");
            document.getElementById("token-secret").textContent = created.token;
            panel.hidden = false;
            form.reset();
            announce("Token " + created.accessToken.name + " was created. Copy it now: it is shown only once.");
            document.getElementById("copy-token").focus();
          }

          async function saveSettings(form) {
            const choice = form.elements.timeout.value;
            const value = choice === "custom" ? form.elements.customTimeout.value.trim() : choice;
            const saved = await api("PUT", "/api/v1/user/settings", { defaultInactivityTimeout: value || null });
            announce("Saved: new workspaces stop after " + (saved.defaultInactivityTimeout
              || saved.serverDefaultInactivityTimeout) + " without activity.");
          }

          async function createUser(form) {
            const body = {
              username: form.elements.username.value.trim(),
              password: form.elements.password.value,
              role: form.elements.admin.checked ? "admin" : "member",
            };
            if (form.elements.email.value.trim()) body.email = form.elements.email.value.trim();
            await api("POST", "/api/v1/users", body);
            location.reload();
          }

          async function buttonAction(button) {
            const data = button.dataset;
            const scope = button.closest("[data-workspace-id]");
            switch (data.action) {
              case "start": case "stop": case "delete":
                return workspaceAction(scope.dataset.workspaceId, data.action);
              case "delete-variable":
                if (!confirm("Delete variable " + data.name + " for " + data.pattern + "?")) return;
                await api("DELETE", "/api/v1/env/" + encodeURIComponent(data.name)
                  + "?repositoryPattern=" + encodeURIComponent(data.pattern));
                button.closest("tr").remove();
                return announce("Variable " + data.name + " was deleted.");
              case "revoke-token":
                if (!confirm("Revoke token " + data.name + "? Programs that use it lose access.")) return;
                await api("DELETE", "/api/v1/tokens/" + encodeURIComponent(data.id));
                button.closest("tr").remove();
                return announce("Token " + data.name + " was revoked.");
              case "copy": {
                const text = document.getElementById(data.target).textContent;
                try { await navigator.clipboard.writeText(text); announce("Copied."); } catch (error) {
                  const range = document.createRange();
                  range.selectNodeContents(document.getElementById(data.target));
                  getSelection().removeAllRanges();
                  getSelection().addRange(range);
                  announce("Press Ctrl+C to copy the selected token.");
                }
                return;
              }
              case "set-role":
                await api("PATCH", "/api/v1/users/" + encodeURIComponent(data.id), { role: data.role });
                return location.reload();
              case "set-blocked":
                await api("PATCH", "/api/v1/users/" + encodeURIComponent(data.id),
                  { blocked: data.blocked === "true" });
                return location.reload();
              case "delete-user":
                if (!confirm("Delete user " + data.name + "? Their tokens and variables are removed.")) return;
                await api("DELETE", "/api/v1/users/" + encodeURIComponent(data.id));
                button.closest("tr").remove();
                return announce("User " + data.name + " was deleted.");
            }
          }

          // MARK: Start

          const formHandlers = {
            "new-workspace": function (form) {
              const body = { contextURL: form.elements.url.value.trim() };
              const image = form.elements.image ? form.elements.image.value.trim() : "";
              if (image) body.image = image;
              return createWorkspace(form, body, false);
            },
            "new-variable": saveVariable,
            "new-token": createToken,
            "settings-form": saveSettings,
            "new-user": createUser,
          };

          document.addEventListener("submit", function (event) {
            const handler = formHandlers[event.target.id];
            if (!handler) return;
            event.preventDefault();
            submitting(event.target, function () { return handler(event.target); });
          });

          document.addEventListener("click", function (event) {
            const button = event.target.closest("button[data-action]");
            if (!button) return;
            showError("");
            button.disabled = true;
            buttonAction(button).catch(function (error) { showError(error.message); })
              .finally(function () { button.disabled = false; });
          });

          // Typing another duration chooses it.
          document.addEventListener("input", function (event) {
            if (event.target.id !== "custom-timeout") return;
            const choice = document.getElementById("timeout-custom");
            if (choice) choice.checked = true;
          });

          const newWorkspace = document.getElementById("new-workspace");
          if (newWorkspace) {
            openFromFragment(newWorkspace);
            window.addEventListener("hashchange", function () { openFromFragment(newWorkspace); });
          }

          window.addEventListener("pagehide", pauseStreams);
          window.addEventListener("pageshow", function (event) { if (event.persisted) resumeStreams(); });
          document.addEventListener("visibilitychange", function () {
            if (document.visibilityState === "hidden") { pauseStreams(); } else { resumeStreams(); }
          });

          const rows = Array.from(document.querySelectorAll("[data-workspace-id]"));
          rows.forEach(function (row) { lastPhases.set(row.dataset.workspaceId, row.dataset.phase); });
          const page = document.getElementById("workspace");
          if (page) {
            watchWorkspace(page.dataset.workspaceId);
            startLogs();
            setInterval(refreshPorts, 5000);
            if (page.dataset.phase === "running" && page.dataset.openIde === "1" && page.dataset.ideUrl) {
              location.href = page.dataset.ideUrl;
            }
          } else if (newWorkspace) {
            // One stream carries every workspace's changes, each one's current state first.
            watchEvents("all", "/api/v1/workspaces/events");
          }
        })();
        """#
}
