// The editor: one CodeMirror 5 instance in #editor, one document per open file (a tab), saved with the version the
// file had when it was read, so that a change made on disk in the meantime is never overwritten unasked.
"use strict";

IDE.editor = {
  /** The CodeMirror instance, or null when CodeMirror did not load. */
  cm: null,
  /** Open files by path: `{path, doc, etag, cleanGeneration, tab, mode}`. */
  tabs: new Map(),
  active: null,

  init: function () {
    var host = document.getElementById("editor");
    if (typeof window.CodeMirror !== "function") {
      host.append(
        IDE.el("p", {
          class: "missing",
          text: "The editor could not load: CodeMirror is missing on the server (apt-get install libjs-codemirror).",
        })
      );
      return;
    }
    var editor = this;
    this.cm = window.CodeMirror(host, {
      lineNumbers: true,
      theme: "material-darker",
      indentUnit: 4,
      matchBrackets: true,
      autoCloseBrackets: true,
      readOnly: "nocursor",
      extraKeys: {
        "Ctrl-S": function () {
          editor.save();
        },
        "Cmd-S": function () {
          editor.save();
        },
        Tab: function (cm) {
          if (cm.somethingSelected()) {
            cm.indentSelection("add");
          } else {
            cm.replaceSelection(cm.getOption("indentWithTabs") ? "\t" : " ".repeat(cm.getOption("indentUnit")), "end");
          }
        },
        // Leaves the editor for the rest of the page, so Tab never traps keyboard users.
        Esc: function (cm) {
          cm.getInputField().blur();
          document.getElementById("save").focus();
        },
      },
    });
    this.cm.on("changes", function () {
      editor.showState();
    });
    document.getElementById("save").addEventListener("click", function () {
      editor.save();
    });
    document.getElementById("conflict-overwrite").addEventListener("click", function () {
      editor.save({ overwrite: true });
    });
    document.getElementById("conflict-reload").addEventListener("click", function () {
      editor.reload();
    });
    window.addEventListener("beforeunload", function (event) {
      if (editor.dirtyPaths().length > 0) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    this.showState();
  },

  isDirty: function (entry) {
    return !entry.doc.isClean(entry.cleanGeneration);
  },

  dirtyPaths: function () {
    var editor = this;
    return Array.from(this.tabs.values())
      .filter(function (entry) {
        return editor.isDirty(entry);
      })
      .map(function (entry) {
        return entry.path;
      });
  },

  /** Opens `path` (relative to /workspace, or absolute under it) in a tab, reading it the first time. */
  open: async function (path) {
    path = IDE.workspaceRelative(path);
    if (!this.cm || !path) {
      return;
    }
    if (this.tabs.has(path)) {
      this.activate(path);
      return;
    }
    var response;
    try {
      response = await IDE.request("GET", IDE.withQuery("/files/content", "path", path));
    } catch (error) {
      IDE.notifyError("Could not open " + path, error);
      return;
    }
    if (response.status === 413) {
      this.message(path + " is too large to open in the editor. Open it in a terminal instead.");
      return;
    }
    if (!response.ok) {
      IDE.notifyError("Could not open " + path, await IDE.errorOf(response));
      return;
    }
    var bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.subarray(0, 8000).indexOf(0) >= 0) {
      this.message(path + " looks like a binary file, which the editor does not open.");
      return;
    }
    if (this.tabs.has(path)) {
      this.activate(path);
      return;
    }
    var text = new TextDecoder("utf-8").decode(bytes);
    var mode = IDE.modes.forPath(path);
    var doc = window.CodeMirror.Doc(text, null);
    var entry = { path: path, doc: doc, etag: response.headers.get("ETag"), cleanGeneration: doc.changeGeneration() };
    entry.tab = this.makeTab(entry);
    this.tabs.set(path, entry);
    this.activate(path);
    if (mode) {
      IDE.modes.load(mode[0]).then(
        function () {
          entry.mode = mode[1];
          if (IDE.editor.cm.getDoc() === doc) {
            IDE.editor.cm.setOption("mode", mode[1]);
          }
        },
        function (error) {
          console.warn(error.message);
        }
      );
    }
  },

  /** A tab: a button with the file's name that shows it, and a close button beside it. */
  makeTab: function (entry) {
    var editor = this;
    var label = IDE.button(IDE.baseName(entry.path), function () {
      editor.activate(entry.path);
    }, { role: "tab", class: "tab-label", title: entry.path, "aria-selected": "false" });
    var close = IDE.button("×", function () {
      editor.close(entry.path);
    }, { class: "tab-close", "aria-label": "Close " + entry.path, title: "Close" });
    var tab = IDE.el("span", { class: "tab", "data-file": entry.path }, [label, close]);
    label.addEventListener("auxclick", function (event) {
      if (event.button === 1) {
        editor.close(entry.path);
      }
    });
    document.getElementById("editor-tabs").append(tab);
    return tab;
  },

  activate: function (path) {
    var entry = this.tabs.get(path);
    if (!entry) {
      return;
    }
    this.active = entry;
    this.cm.swapDoc(entry.doc);
    this.cm.setOption("mode", entry.mode || null);
    this.cm.setOption("readOnly", false);
    this.tabs.forEach(function (other) {
      other.tab.querySelector(".tab-label").setAttribute("aria-selected", other === entry ? "true" : "false");
      other.tab.classList.toggle("active", other === entry);
    });
    this.hideConflict();
    this.showState();
    this.cm.refresh();
    this.cm.focus();
  },

  /** Closes the tab of `path`, asking first when it has unsaved changes. */
  close: function (path) {
    var entry = this.tabs.get(path);
    if (!entry) {
      return;
    }
    if (this.isDirty(entry) && !window.confirm(path + " has unsaved changes. Close it and lose them?")) {
      return;
    }
    this.forget(entry);
  },

  forget: function (entry) {
    entry.tab.remove();
    this.tabs.delete(entry.path);
    if (this.active === entry) {
      this.active = null;
      var next = Array.from(this.tabs.keys()).pop();
      if (next) {
        this.activate(next);
      } else {
        this.cm.swapDoc(window.CodeMirror.Doc("", null));
        this.cm.setOption("readOnly", "nocursor");
        this.hideConflict();
      }
    }
    this.showState();
  },

  /**
   * Saves the active file with the version it was read at (`If-Match`); a new file is created only if nothing is
   * there (`If-None-Match: *`). `{overwrite: true}` saves without a condition, after a conflict.
   */
  save: async function (options) {
    var entry = this.active;
    if (!entry) {
      return false;
    }
    options = options || {};
    var headers = { "Content-Type": "application/octet-stream" };
    if (!options.overwrite) {
      if (entry.etag) {
        headers["If-Match"] = entry.etag;
      } else {
        headers["If-None-Match"] = "*";
      }
    }
    var generation = entry.doc.changeGeneration();
    var text = entry.doc.getValue();
    var response;
    try {
      response = await IDE.request("PUT", IDE.withQuery("/files/content", "path", entry.path), {
        headers: headers,
        body: text,
      });
    } catch (error) {
      IDE.notifyError("Could not save " + entry.path, error);
      return false;
    }
    if (response.status === 412) {
      this.showConflict(entry);
      return false;
    }
    if (!response.ok) {
      IDE.notifyError("Could not save " + entry.path, await IDE.errorOf(response));
      return false;
    }
    var etag = response.headers.get("ETag");
    if (!etag) {
      try {
        var body = await response.json();
        etag = body && body.version ? '"' + body.version + '"' : null;
      } catch (ignored) {
        etag = null;
      }
    }
    entry.etag = etag;
    entry.cleanGeneration = generation;
    this.hideConflict();
    this.showState();
    return true;
  },

  /** Reads the active file again from disk, dropping the changes made here. */
  reload: async function () {
    var entry = this.active;
    if (!entry) {
      return;
    }
    var response = await IDE.request("GET", IDE.withQuery("/files/content", "path", entry.path));
    if (!response.ok) {
      IDE.notifyError("Could not reload " + entry.path, await IDE.errorOf(response));
      return;
    }
    entry.doc.setValue(await response.text());
    entry.etag = response.headers.get("ETag");
    entry.cleanGeneration = entry.doc.changeGeneration();
    this.hideConflict();
    this.showState();
  },

  showConflict: function (entry) {
    document.getElementById("conflict-message").textContent =
      entry.path + " was changed on disk since you opened it. Overwrite it with your version, or reload it and " +
      "lose your changes?";
    document.getElementById("conflict-bar").hidden = false;
    document.getElementById("conflict-overwrite").focus();
  },

  hideConflict: function () {
    document.getElementById("conflict-bar").hidden = true;
  },

  /** Shows a message above the editor for a few seconds. */
  message: function (text) {
    var bar = document.getElementById("editor-message");
    bar.textContent = text;
    bar.hidden = false;
    clearTimeout(this.messageTimer);
    this.messageTimer = setTimeout(function () {
      bar.hidden = true;
    }, 8000);
  },

  /** Updates the dirty markers on tabs, the save button and the empty-editor hint. */
  showState: function () {
    var editor = this;
    this.tabs.forEach(function (entry) {
      var dirty = editor.isDirty(entry);
      entry.tab.classList.toggle("dirty", dirty);
      entry.tab.querySelector(".tab-label").setAttribute("title", entry.path + (dirty ? " (unsaved changes)" : ""));
    });
    var save = document.getElementById("save");
    save.disabled = !this.active;
    save.classList.toggle("dirty", !!this.active && this.isDirty(this.active));
    document.getElementById("editor-empty").hidden = this.tabs.size > 0;
  },

  /** After a rename in the explorer: open tabs under `from` move to `to`. */
  renamed: function (from, to) {
    var editor = this;
    Array.from(this.tabs.values()).forEach(function (entry) {
      if (entry.path === from || entry.path.indexOf(from + "/") === 0) {
        var path = to + entry.path.slice(from.length);
        editor.tabs.delete(entry.path);
        entry.path = path;
        editor.tabs.set(path, entry);
        entry.tab.setAttribute("data-file", path);
        entry.tab.querySelector(".tab-label").textContent = IDE.baseName(path);
      }
    });
    this.showState();
  },

  /** After a delete in the explorer: tabs of deleted files close; unsaved changes stay, marked as unsaved. */
  deleted: function (path) {
    var editor = this;
    Array.from(this.tabs.values()).forEach(function (entry) {
      if (entry.path === path || entry.path.indexOf(path + "/") === 0) {
        if (editor.isDirty(entry)) {
          entry.etag = null;
        } else {
          editor.forget(entry);
        }
      }
    });
  },
};
