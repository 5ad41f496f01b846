// The editor's language modes: which CodeMirror mode a file gets, by its name or extension, and loading a mode's
// script (and the modes it builds on) the first time a file needs it.
"use strict";

/** CodeMirror modes by file name extension: the mode's script (under mode/) and the mode or MIME type to use. */
IDE.modes = {
  byExtension: {
    js: ["javascript", "javascript"],
    mjs: ["javascript", "javascript"],
    cjs: ["javascript", "javascript"],
    jsx: ["jsx", "jsx"],
    ts: ["javascript", "text/typescript"],
    tsx: ["jsx", { name: "jsx", base: { name: "javascript", typescript: true } }],
    json: ["javascript", "application/json"],
    py: ["python", "python"],
    go: ["go", "go"],
    rs: ["rust", "rust"],
    c: ["clike", "text/x-csrc"],
    h: ["clike", "text/x-csrc"],
    cc: ["clike", "text/x-c++src"],
    cpp: ["clike", "text/x-c++src"],
    cxx: ["clike", "text/x-c++src"],
    hpp: ["clike", "text/x-c++src"],
    java: ["clike", "text/x-java"],
    kt: ["clike", "text/x-kotlin"],
    scala: ["clike", "text/x-scala"],
    cs: ["clike", "text/x-csharp"],
    swift: ["swift", "swift"],
    sh: ["shell", "shell"],
    bash: ["shell", "shell"],
    zsh: ["shell", "shell"],
    yaml: ["yaml", "yaml"],
    yml: ["yaml", "yaml"],
    md: ["markdown", "markdown"],
    markdown: ["markdown", "markdown"],
    html: ["htmlmixed", "htmlmixed"],
    htm: ["htmlmixed", "htmlmixed"],
    css: ["css", "css"],
    scss: ["css", "text/x-scss"],
    less: ["css", "text/x-less"],
    xml: ["xml", "xml"],
    svg: ["xml", "xml"],
    toml: ["toml", "toml"],
    sql: ["sql", "text/x-sql"],
    rb: ["ruby", "ruby"],
    php: ["php", "php"],
    lua: ["lua", "lua"],
    pl: ["perl", "perl"],
    r: ["r", "r"],
    diff: ["diff", "diff"],
    patch: ["diff", "diff"],
    ini: ["properties", "properties"],
    properties: ["properties", "properties"],
    proto: ["protobuf", "protobuf"],
    dockerfile: ["dockerfile", "dockerfile"],
    cmake: ["cmake", "cmake"],
    nginx: ["nginx", "nginx"],
    vue: ["vue", "vue"],
  },
  byName: {
    Dockerfile: ["dockerfile", "dockerfile"],
    Containerfile: ["dockerfile", "dockerfile"],
    "CMakeLists.txt": ["cmake", "cmake"],
    ".bashrc": ["shell", "shell"],
    ".profile": ["shell", "shell"],
    ".gitpod.yml": ["yaml", "yaml"],
    "Package.swift": ["swift", "swift"],
  },
  /** Modes that need other modes loaded first. */
  needs: {
    htmlmixed: ["xml", "javascript", "css"],
    markdown: ["xml"],
    jsx: ["xml", "javascript"],
    php: ["htmlmixed", "clike"],
    vue: ["htmlmixed", "css", "javascript", "xml"],
  },
  loaded: {},

  /** `[script, spec]` for a file name, or null for plain text. */
  forPath: function (path) {
    var name = IDE.baseName(path);
    if (this.byName[name]) {
      return this.byName[name];
    }
    if (/^Dockerfile\./.test(name)) {
      return this.byName.Dockerfile;
    }
    var dot = name.lastIndexOf(".");
    return dot > 0 ? this.byExtension[name.slice(dot + 1).toLowerCase()] || null : null;
  },

  /** Loads mode script `name` (and what it needs) once, by a script tag from the IDE's own files. */
  load: function (name) {
    if (!this.loaded[name]) {
      var modes = this;
      this.loaded[name] = Promise.all((this.needs[name] || []).map(function (need) {
        return modes.load(need);
      })).then(function () {
        return new Promise(function (resolve, reject) {
          var script = document.createElement("script");
          script.src = IDE.assets + "/lib/codemirror/mode/" + name + "/" + name + ".js";
          script.onload = resolve;
          script.onerror = function () {
            reject(new Error("the editor mode '" + name + "' could not be loaded"));
          };
          document.head.append(script);
        });
      });
    }
    return this.loaded[name];
  },
};
