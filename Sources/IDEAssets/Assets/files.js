// The explorer: a tree of /workspace whose folders load their entries when they are first expanded, and the
// file operations (new file or folder, rename, delete) on the selected entry.
"use strict";

IDE.files = {
  /** The entries of a directory: `{path, entries: [{name, type, size, modified}], truncated}`. */
  list: function (path) {
    return IDE.getJSON(IDE.withQuery("/files/list", "path", path));
  },

  /** Creates an empty file; fails with status 412 when something is already there. */
  create: async function (path) {
    var response = await IDE.request("PUT", IDE.withQuery("/files/content", "path", path), {
      headers: { "If-None-Match": "*" },
      body: "",
    });
    if (!response.ok) {
      throw await IDE.errorOf(response);
    }
  },

  createDirectory: async function (path) {
    var response = await IDE.request("POST", IDE.withQuery("/files/directory", "path", path));
    if (!response.ok) {
      throw await IDE.errorOf(response);
    }
  },

  rename: function (from, to) {
    return IDE.sendJSON("POST", "/files/rename", { from: from, to: to });
  },

  remove: async function (path) {
    var response = await IDE.request("DELETE", IDE.withQuery("/files", "path", path));
    if (!response.ok) {
      throw await IDE.errorOf(response);
    }
  },
};

IDE.tree = {
  root: null,
  /** The selected row's path and type, or null for the top. */
  selected: null,

  init: function () {
    this.root = document.getElementById("file-tree");
    var tree = this;
    this.root.addEventListener("click", function (event) {
      var row = event.target.closest("[data-path]");
      if (row && tree.root.contains(row)) {
        tree.activate(row);
      }
    });
    this.root.addEventListener("keydown", function (event) {
      tree.onKey(event);
    });
    document.getElementById("new-file").addEventListener("click", function () {
      tree.createEntry("file");
    });
    document.getElementById("new-folder").addEventListener("click", function () {
      tree.createEntry("directory");
    });
    document.getElementById("rename-entry").addEventListener("click", function () {
      tree.renameSelected();
    });
    document.getElementById("delete-entry").addEventListener("click", function () {
      tree.deleteSelected();
    });
    document.getElementById("refresh-tree").addEventListener("click", function () {
      tree.refresh("");
    });
    return this.load("", this.root);
  },

  /** The row of `path`, or null when it is not shown. */
  row: function (path) {
    var rows = this.root.querySelectorAll("[data-path]");
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].getAttribute("data-path") === path) {
        return rows[i];
      }
    }
    return null;
  },

  /** The list holding the entries of directory `path` ("" for the top), or null when it is not shown. */
  group: function (path) {
    if (path === "") {
      return this.root;
    }
    var row = this.row(path);
    return row ? row.parentElement.querySelector(":scope > ul") : null;
  },

  /** Reads directory `path` and shows its entries in `list`, folders first. */
  load: async function (path, list) {
    var listing;
    try {
      listing = await IDE.files.list(path);
    } catch (error) {
      list.replaceChildren(IDE.el("li", { class: "tree-message", text: "Could not list this folder: " + error.message }));
      return;
    }
    var entries = listing.entries.slice().sort(function (a, b) {
      var aFolder = a.type === "directory" ? 0 : 1;
      var bFolder = b.type === "directory" ? 0 : 1;
      return aFolder - bFolder || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    });
    var depth = path === "" ? 0 : path.split("/").length;
    var tree = this;
    list.replaceChildren.apply(
      list,
      entries.map(function (entry) {
        return tree.item(IDE.joinPath(path, entry.name), entry, depth);
      })
    );
    var first = this.root.querySelector("[data-path]");
    if (first && !this.root.querySelector("[tabindex='0']")) {
      first.setAttribute("tabindex", "0");
    }
    if (listing.truncated) {
      list.append(IDE.el("li", { class: "tree-message", text: "Only the first " + entries.length + " entries are shown." }));
    }
    if (entries.length === 0 && path !== "") {
      list.append(IDE.el("li", { class: "tree-message", text: "(empty)" }));
    }
  },

  /** One entry: a focusable row with `data-path`, and for a folder an empty list for its entries. */
  item: function (path, entry, depth) {
    var isFolder = entry.type === "directory";
    var row = IDE.el(
      "div",
      {
        class: "tree-row " + entry.type,
        role: "treeitem",
        tabindex: "-1",
        "data-path": path,
        "data-type": entry.type,
        "aria-expanded": isFolder ? "false" : null,
        "aria-selected": "false",
        title: path,
        style: "padding-left: " + (6 + depth * 14) + "px",
      },
      [
        IDE.el("span", { class: "twisty", "aria-hidden": "true", text: isFolder ? "▸" : "" }),
        IDE.el("span", { class: "tree-name", text: entry.name }),
      ]
    );
    var item = IDE.el("li", { role: "none" }, [row]);
    if (isFolder) {
      item.append(IDE.el("ul", { role: "group", hidden: true }));
    }
    return item;
  },

  /** A click or Enter on a row: selects it, and opens a file or expands or collapses a folder. */
  activate: function (row) {
    this.select(row);
    var path = row.getAttribute("data-path");
    if (row.getAttribute("data-type") === "directory") {
      return row.getAttribute("aria-expanded") === "true" ? this.collapse(path) : this.expand(path);
    }
    return IDE.editor.open(path);
  },

  select: function (row) {
    this.root.querySelectorAll("[aria-selected='true']").forEach(function (other) {
      other.setAttribute("aria-selected", "false");
    });
    this.root.querySelectorAll("[tabindex='0']").forEach(function (other) {
      other.setAttribute("tabindex", "-1");
    });
    row.setAttribute("aria-selected", "true");
    row.setAttribute("tabindex", "0");
    this.selected = { path: row.getAttribute("data-path"), type: row.getAttribute("data-type") };
  },

  /** Shows the entries of folder `path`, reading them the first time. */
  expand: async function (path) {
    var row = this.row(path);
    if (!row) {
      return;
    }
    var list = this.group(path);
    row.setAttribute("aria-expanded", "true");
    row.querySelector(".twisty").textContent = "▾";
    list.hidden = false;
    if (!list.hasAttribute("data-loaded")) {
      list.setAttribute("data-loaded", "");
      list.replaceChildren(IDE.el("li", { class: "tree-message", text: "Loading…" }));
      await this.load(path, list);
    }
  },

  collapse: function (path) {
    var row = this.row(path);
    if (row) {
      row.setAttribute("aria-expanded", "false");
      row.querySelector(".twisty").textContent = "▸";
      this.group(path).hidden = true;
    }
  },

  /** Expands every folder above `path` (and `path` itself when it is a folder), and selects its row. */
  reveal: async function (path, expandItself) {
    var parts = path.split("/");
    for (var i = 1; i < parts.length; i++) {
      await this.expand(parts.slice(0, i).join("/"));
    }
    if (expandItself) {
      await this.expand(path);
    }
    var row = this.row(path);
    if (row) {
      this.select(row);
      row.scrollIntoView({ block: "nearest" });
    }
  },

  /** Reads folder `path` again ("" for the top), keeping which of its subfolders are expanded. */
  refresh: async function (path) {
    var list = this.group(path);
    if (!list || (path !== "" && !list.hasAttribute("data-loaded"))) {
      return;
    }
    var expanded = Array.prototype.map.call(list.querySelectorAll("[aria-expanded='true']"), function (row) {
      return row.getAttribute("data-path");
    });
    await this.load(path, list);
    for (var i = 0; i < expanded.length; i++) {
      await this.expand(expanded[i]);
    }
  },

  /** The folder new entries go in: the selected folder, or the folder of the selected file. */
  targetFolder: function () {
    if (!this.selected) {
      return "";
    }
    return this.selected.type === "directory" ? this.selected.path : IDE.parentPath(this.selected.path);
  },

  createEntry: async function (type) {
    var folder = this.targetFolder();
    var what = type === "directory" ? "folder" : "file";
    var name = window.prompt("Name of the new " + what + " in /workspace/" + folder, "");
    if (!name) {
      return;
    }
    var path = IDE.joinPath(folder, name.replace(/^\/+|\/+$/g, ""));
    try {
      if (type === "directory") {
        await IDE.files.createDirectory(path);
      } else {
        await IDE.files.create(path);
      }
    } catch (error) {
      var reason = error.status === 412 ? "it already exists" : error.message;
      IDE.notify("Could not create " + path + ": " + reason, [], { error: true });
      return;
    }
    if (folder !== "") {
      await this.expand(folder);
    }
    await this.refresh(folder);
    if (type === "directory") {
      await this.reveal(path, false);
    } else {
      await this.reveal(path, false);
      await IDE.editor.open(path);
    }
  },

  renameSelected: async function () {
    if (!this.selected) {
      IDE.notify("Select a file or folder to rename first.");
      return;
    }
    var from = this.selected.path;
    var to = window.prompt("Rename /workspace/" + from + " to", from);
    if (!to || to === from) {
      return;
    }
    to = IDE.workspaceRelative(to);
    try {
      await IDE.files.rename(from, to);
    } catch (error) {
      IDE.notifyError("Could not rename " + from, error);
      return;
    }
    IDE.editor.renamed(from, to);
    await this.refresh(IDE.parentPath(from));
    if (IDE.parentPath(to) !== IDE.parentPath(from)) {
      await this.refresh(IDE.parentPath(to));
    }
    this.selected = null;
    await this.reveal(to, false);
  },

  deleteSelected: async function () {
    if (!this.selected) {
      IDE.notify("Select a file or folder to delete first.");
      return;
    }
    var path = this.selected.path;
    var what = this.selected.type === "directory" ? "the folder /workspace/" + path + " and everything in it" : "/workspace/" + path;
    if (!window.confirm("Delete " + what + "? This cannot be undone.")) {
      return;
    }
    try {
      await IDE.files.remove(path);
    } catch (error) {
      IDE.notifyError("Could not delete " + path, error);
      return;
    }
    IDE.editor.deleted(path);
    this.selected = null;
    await this.refresh(IDE.parentPath(path));
  },

  /** Arrow keys move between visible rows, Right and Left expand and collapse, Enter opens, F2 renames. */
  onKey: function (event) {
    var row = event.target.closest("[data-path]");
    if (!row) {
      return;
    }
    var rows = Array.prototype.filter.call(this.root.querySelectorAll("[data-path]"), function (candidate) {
      return candidate.offsetParent !== null;
    });
    var index = rows.indexOf(row);
    var path = row.getAttribute("data-path");
    var isFolder = row.getAttribute("data-type") === "directory";
    var move = function (target) {
      if (target) {
        IDE.tree.select(target);
        target.focus();
      }
    };
    switch (event.key) {
      case "ArrowDown":
        move(rows[index + 1]);
        break;
      case "ArrowUp":
        move(rows[index - 1]);
        break;
      case "ArrowRight":
        if (isFolder) {
          this.expand(path);
        }
        break;
      case "ArrowLeft":
        if (isFolder && row.getAttribute("aria-expanded") === "true") {
          this.collapse(path);
        } else {
          move(this.row(IDE.parentPath(path)));
        }
        break;
      case "Enter":
      case " ":
        this.activate(row);
        break;
      case "F2":
        this.select(row);
        this.renameSelected();
        break;
      case "Delete":
        this.select(row);
        this.deleteSelected();
        break;
      default:
        return;
    }
    event.preventDefault();
  },
};
