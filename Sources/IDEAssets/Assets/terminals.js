// The terminal panel: one tab per task (named after it) and per shell opened with "+", each an xterm.js terminal
// attached to the supervisor's terminal over a WebSocket that comes back after a drop.
"use strict";

IDE.terminals = {
  /** Open terminals by ID: `{id, name, term, socket, container, tab, attempt, closed, ended, fitted}`. */
  entries: new Map(),
  active: null,
  available: false,

  init: async function () {
    var terminals = this;
    this.available = typeof window.Terminal === "function";
    document.getElementById("new-terminal").addEventListener("click", function () {
      terminals.openShell();
    });
    if (!this.available) {
      document.getElementById("terminals").append(
        IDE.el("p", {
          class: "missing",
          text: "Terminals could not load: xterm.js is missing on the server (apt-get install libjs-xterm node-xterm).",
        })
      );
      return;
    }
    if (window.fit) {
      window.Terminal.applyAddon(window.fit);
    }
    window.addEventListener("resize", function () {
      terminals.fitActive();
    });
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        terminals.fitActive();
      }).observe(document.getElementById("terminals"));
    }
    await this.refresh();
  },

  /** Adds a tab for each task's terminal and each other open terminal not shown yet. */
  refresh: async function () {
    var tasks = [];
    var open = [];
    try {
      tasks = await IDE.getJSON("/tasks");
      open = await IDE.getJSON("/terminals");
    } catch (error) {
      IDE.notifyError("Could not list the terminals", error);
      return;
    }
    var taskTerminals = {};
    var terminals = this;
    tasks.forEach(function (task, index) {
      if (task.terminal) {
        taskTerminals[task.terminal] = true;
        terminals.add(task.terminal, task.name || "Task " + (index + 1), { task: true });
      }
    });
    var shells = 0;
    open.forEach(function (terminal) {
      if (!taskTerminals[terminal.id] && !terminal.ended) {
        shells += 1;
        terminals.add(terminal.id, "Terminal " + shells, { task: false });
      }
    });
    if (!this.active && this.entries.size > 0) {
      this.activate(this.entries.keys().next().value);
    }
    // A task that has not started has no terminal yet: look again soon.
    var waiting = tasks.some(function (task) {
      return !task.terminal && task.state === "pending";
    });
    if (waiting) {
      clearTimeout(this.refreshTimer);
      this.refreshTimer = setTimeout(function () {
        terminals.refresh();
      }, 2000);
    }
  },

  /** Opens a new shell ("+"). */
  openShell: async function () {
    if (!this.available) {
      return;
    }
    var created;
    try {
      created = await IDE.sendJSON("POST", "/terminals", {});
    } catch (error) {
      IDE.notifyError("Could not open a terminal", error);
      return;
    }
    var count = 0;
    this.entries.forEach(function (entry) {
      if (!entry.task) {
        count += 1;
      }
    });
    this.add(created.id, "Terminal " + (count + 1), { task: false });
    this.activate(created.id);
  },

  /** Shows terminal `id` in a tab and attaches to it, unless it is shown already. */
  add: function (id, name, options) {
    if (this.entries.has(id)) {
      return this.entries.get(id);
    }
    var terminals = this;
    // Inactive terminals are invisible but keep their size: xterm.js measures its characters when it opens, and
    // cannot in an element that is not displayed.
    var container = IDE.el("div", { class: "terminal-view inactive", "data-terminal-id": id, role: "tabpanel" });
    var status = IDE.el("div", { class: "terminal-status", hidden: true });
    container.append(status);
    document.getElementById("terminals").append(container);
    var label = IDE.button(name, function () {
      terminals.activate(id);
    }, { role: "tab", class: "terminal-tab", "data-terminal-id": id, "aria-selected": "false", title: name });
    var group = IDE.el("span", { class: "tab" }, [label]);
    if (!options.task) {
      group.append(
        IDE.button("×", function () {
          terminals.close(id);
        }, { class: "tab-close", "aria-label": "Close " + name, title: "Close this terminal" })
      );
    }
    document.getElementById("terminal-tabs").append(group);
    IDE.layout.showPanel("terminals");

    var term = new window.Terminal({
      // The DOM renderer keeps the screen's text in the page, for browser tests and screen readers.
      rendererType: "dom",
      cursorBlink: true,
      fontSize: 13,
      fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace",
      scrollback: 5000,
      theme: { background: "#1e1e1e", foreground: "#d4d4d4" },
    });
    term.open(container);
    var entry = {
      id: id,
      name: name,
      task: options.task,
      term: term,
      container: container,
      status: status,
      tab: group,
      label: label,
      socket: null,
      attempt: 0,
      closed: false,
      ended: false,
    };
    term.on("data", function (data) {
      if (entry.socket && entry.socket.readyState === WebSocket.OPEN) {
        entry.socket.send(data);
      }
    });
    term.on("resize", function (size) {
      terminals.sendSize(entry, size.cols, size.rows);
    });
    this.entries.set(id, entry);
    this.connect(entry);
    return entry;
  },

  /** Attaches to the terminal: the server sends its scrollback, then live output. */
  connect: function (entry) {
    var terminals = this;
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/terminals/" + encodeURIComponent(entry.id) + "/attach");
    var decoder = new TextDecoder("utf-8");
    var opened = false;
    socket.binaryType = "arraybuffer";
    entry.socket = socket;
    socket.onopen = function () {
      opened = true;
      entry.attempt = 0;
      // The scrollback comes again on every attach: start from a clean screen so nothing shows twice.
      entry.term.reset();
      terminals.showStatus(entry, null);
      terminals.sendSize(entry, entry.term.cols, entry.term.rows);
      if (entry === terminals.active) {
        terminals.fit(entry);
      }
    };
    socket.onmessage = function (event) {
      if (typeof event.data === "string") {
        entry.term.write(event.data);
      } else {
        entry.term.write(decoder.decode(new Uint8Array(event.data), { stream: true }));
      }
    };
    socket.onclose = function () {
      if (entry.socket !== socket || entry.closed) {
        return;
      }
      entry.socket = null;
      terminals.reconnectLater(entry, opened);
    };
  },

  /** After a drop: "reconnecting…", then another attach after a backoff, unless the terminal has ended. */
  reconnectLater: async function (entry, wasOpen) {
    if (!wasOpen) {
      try {
        var open = await IDE.getJSON("/terminals");
        var still = open.some(function (terminal) {
          return terminal.id === entry.id && !terminal.ended;
        });
        if (!still) {
          entry.ended = true;
          this.showStatus(entry, "This terminal has ended.");
          return;
        }
      } catch (ignored) {
        // the workspace is unreachable for now: keep trying
      }
    }
    this.showStatus(entry, "reconnecting…");
    var terminals = this;
    setTimeout(function () {
      if (!entry.closed) {
        terminals.connect(entry);
      }
    }, IDE.backoff(entry.attempt++));
  },

  showStatus: function (entry, text) {
    entry.status.textContent = text || "";
    entry.status.hidden = !text;
    entry.label.classList.toggle("reconnecting", text === "reconnecting…");
    var reconnecting = Array.from(this.entries.values()).some(function (other) {
      return other.socket === null && !other.ended && !other.closed;
    });
    if (reconnecting) {
      IDE.setStatus("reconnecting…", "reconnecting");
    } else if (IDE.connected) {
      IDE.setStatus("connected", "connected");
    }
  },

  sendSize: function (entry, cols, rows) {
    if (entry.socket && entry.socket.readyState === WebSocket.OPEN && cols > 0 && rows > 0) {
      entry.socket.send(JSON.stringify({ resize: { cols: cols, rows: rows } }));
    }
  },

  activate: function (id) {
    var entry = this.entries.get(id);
    if (!entry) {
      return;
    }
    this.active = entry;
    this.entries.forEach(function (other) {
      other.container.classList.toggle("inactive", other !== entry);
      other.container.setAttribute("aria-hidden", other === entry ? "false" : "true");
      other.label.setAttribute("aria-selected", other === entry ? "true" : "false");
      other.tab.classList.toggle("active", other === entry);
    });
    IDE.layout.showPanel("terminals");
    this.fit(entry);
    entry.term.focus();
  },

  /** Fits the terminal to its container, when the container is shown and has a size to fit. */
  fit: function (entry) {
    if (!entry || !window.fit || entry.container.offsetParent === null) {
      return;
    }
    var size = window.fit.proposeGeometry(entry.term);
    if (
      size &&
      isFinite(size.cols) &&
      isFinite(size.rows) &&
      size.cols > 1 &&
      size.rows > 1 &&
      (size.cols !== entry.term.cols || size.rows !== entry.term.rows)
    ) {
      entry.term.resize(size.cols, size.rows);
    }
  },

  fitActive: function () {
    this.fit(this.active);
  },

  /** The text of terminal `entry`: its scrollback and screen, lines trimmed on the right. */
  text: function (entry) {
    var buffer = entry.term._core && entry.term._core.buffer;
    if (!buffer || !buffer.lines) {
      return entry.container.textContent;
    }
    var lines = [];
    for (var i = 0; i < buffer.lines.length; i++) {
      lines.push(buffer.translateBufferLineToString(i, true));
    }
    return lines.join("\n").replace(/\n+$/, "");
  },

  /** Closes a shell's tab and ends the shell. */
  close: async function (id) {
    var entry = this.entries.get(id);
    if (!entry) {
      return;
    }
    entry.closed = true;
    if (entry.socket) {
      entry.socket.close();
    }
    entry.term.dispose();
    entry.container.remove();
    entry.tab.remove();
    this.entries.delete(id);
    if (this.active === entry) {
      this.active = null;
      var next = this.entries.keys().next();
      if (!next.done) {
        this.activate(next.value);
      }
    }
    var response = await IDE.request("DELETE", "/terminals/" + encodeURIComponent(id));
    if (!response.ok && response.status !== 404) {
      IDE.notifyError("Could not end the terminal", await IDE.errorOf(response));
    }
  },
};
