// Starts the IDE: the layout (panel tabs, the preview pane), the explorer, editor, terminals and ports, and the
// IDE's events from the workspace (`gp open`, `gp preview`, ports that start listening).
"use strict";

/** Whether the IDE's event stream is up: the connection state shown in the title bar. */
IDE.connected = false;

IDE.layout = {
  init: function () {
    var layout = this;
    document.getElementById("panel-terminals-tab").addEventListener("click", function () {
      layout.showPanel("terminals");
      IDE.terminals.fitActive();
    });
    document.getElementById("panel-ports-tab").addEventListener("click", function () {
      layout.showPanel("ports");
    });
  },

  /** Shows the terminals or the ports in the bottom panel. */
  showPanel: function (name) {
    var terminals = name === "terminals";
    document.getElementById("terminals").hidden = !terminals;
    document.getElementById("terminal-tabs").hidden = !terminals;
    document.getElementById("new-terminal").hidden = !terminals;
    document.getElementById("ports-view").hidden = terminals;
    document.getElementById("panel-terminals-tab").setAttribute("aria-selected", terminals ? "true" : "false");
    document.getElementById("panel-ports-tab").setAttribute("aria-selected", terminals ? "false" : "true");
  },
};

IDE.preview = {
  init: function () {
    var preview = this;
    document.getElementById("toggle-preview").addEventListener("click", function () {
      var pane = document.getElementById("preview-pane");
      if (pane.hidden) {
        preview.open(document.getElementById("preview-url").value || "");
      } else {
        preview.close();
      }
    });
    document.getElementById("preview-close").addEventListener("click", function () {
      preview.close();
    });
    document.getElementById("preview-go").addEventListener("click", function () {
      preview.open(document.getElementById("preview-url").value);
    });
    document.getElementById("preview-url").addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        preview.open(event.target.value);
      }
    });
    document.getElementById("preview-external").addEventListener("click", function () {
      var url = document.getElementById("preview-url").value;
      if (url && !IDE.openTab(url)) {
        IDE.notify("The browser blocked the new tab. Open " + url + " yourself.", [], { timeout: 0 });
      }
    });
  },

  /** Shows `url` in the preview pane beside the editor (an empty URL just shows the pane). */
  open: function (url) {
    var pane = document.getElementById("preview-pane");
    pane.hidden = false;
    document.getElementById("toggle-preview").setAttribute("aria-pressed", "true");
    if (url) {
      document.getElementById("preview-url").value = url;
      document.getElementById("preview").src = url;
    }
    IDE.terminals.fitActive();
    if (IDE.editor.cm) {
      IDE.editor.cm.refresh();
    }
  },

  close: function () {
    document.getElementById("preview-pane").hidden = true;
    document.getElementById("preview").src = "about:blank";
    document.getElementById("toggle-preview").setAttribute("aria-pressed", "false");
    if (IDE.editor.cm) {
      IDE.editor.cm.refresh();
    }
  },
};

/** The IDE's events: files to open, URLs to preview, ports that started listening. */
IDE.listen = function () {
  IDE.eventStream(
    "/ide/events",
    {
      open: function (event) {
        var path = IDE.workspaceRelative(event.path);
        IDE.editor.open(path).then(function () {
          IDE.tree.reveal(path, false);
        });
      },
      preview: function (event) {
        if (event.external) {
          if (!IDE.openTab(event.url)) {
            IDE.notify("Open " + event.url, [
              {
                label: "Open",
                run: function () {
                  IDE.openTab(event.url);
                },
              },
            ]);
          }
        } else {
          IDE.preview.open(event.url);
        }
      },
      port: function (event) {
        IDE.ports.opened(event.port, event.onOpen);
      },
    },
    function (state) {
      IDE.connected = state === "open";
      IDE.setStatus(IDE.connected ? "connected" : "reconnecting…", IDE.connected ? "connected" : "reconnecting");
    }
  );
};

/** Opens the configured workspace location: a file in the editor, a folder expanded in the explorer. */
IDE.openWorkspaceLocation = async function (location) {
  location = IDE.workspaceRelative(location);
  if (!location) {
    return;
  }
  var parent = IDE.parentPath(location);
  try {
    var listing = await IDE.files.list(parent);
    var entry = listing.entries.find(function (candidate) {
      return candidate.name === IDE.baseName(location);
    });
    if (!entry) {
      return;
    }
    if (entry.type === "directory") {
      await IDE.tree.reveal(location, true);
    } else {
      await IDE.tree.reveal(location, false);
      await IDE.editor.open(location);
    }
  } catch (error) {
    console.warn("the workspace location " + location + " could not be opened: " + error.message);
  }
};

/** Ctrl+S or Cmd+S anywhere saves the active file, instead of saving the page. */
IDE.keyboard = function () {
  document.addEventListener(
    "keydown",
    function (event) {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && (event.key === "s" || event.key === "S")) {
        event.preventDefault();
        IDE.editor.save();
      }
    },
    true
  );
};

IDE.start = async function () {
  IDE.layout.init();
  IDE.preview.init();
  IDE.keyboard();
  IDE.editor.init();
  IDE.listen();
  var config = { workspaceLocation: "", ports: [] };
  try {
    config = await IDE.getJSON("/ide/config");
  } catch (error) {
    console.warn("the IDE configuration could not be read: " + error.message);
  }
  IDE.ports.init(config);
  await IDE.tree.init();
  IDE.terminals.init();
  await IDE.openWorkspaceLocation(config.workspaceLocation || "");
};

/** Hooks for browser tests. */
window.swiftpodIDE = {
  /** The CodeMirror instance. */
  editor: function () {
    return IDE.editor.cm;
  },
  /** Opens a file (relative to /workspace) in the editor; resolves when it is shown. */
  openFile: function (path) {
    return IDE.editor.open(path);
  },
  /** Saves the active file; resolves to whether it was saved. */
  save: function () {
    return IDE.editor.save();
  },
  /** The text of every terminal (or of terminal `id`), shown or not. */
  terminalText: function (id) {
    return Array.from(IDE.terminals.entries.values())
      .filter(function (entry) {
        return id === undefined || entry.id === id;
      })
      .map(function (entry) {
        return IDE.terminals.text(entry);
      })
      .join("\n");
  },
  /** Closes every terminal's connection the way a network drop does; each reconnects on its own. */
  dropConnections: function () {
    IDE.terminals.entries.forEach(function (entry) {
      if (entry.socket) {
        entry.socket.close();
      }
    });
  },
};

document.getElementById("workspace-name").textContent = location.hostname.split(".")[0];
IDE.start().catch(function (error) {
  IDE.setStatus("error: " + error.message, "error");
  console.error(error);
});
