// The ports panel: the ports .gitpod.yml names and those found listening, live, each with its URL, to open, copy
// and make public or private.
"use strict";

IDE.ports = {
  /** Ports by number: `{port, name, description, onOpen, visibility, url, listening, configured}`. */
  rows: new Map(),
  /** What the server says of each port: `{url, visibility}` by number, when it answered. */
  server: {},
  /** The configured entries, ports and ranges (`range: [from, to]`) alike. */
  configured: [],

  init: function (config) {
    var ports = this;
    this.configured = (config && config.ports) || [];
    this.configured.forEach(function (configured) {
      if (configured.onOpen === "ignore-completely" || typeof configured.port !== "number") {
        return;
      }
      ports.rows.set(configured.port, {
        port: configured.port,
        name: configured.name || "",
        description: configured.description || "",
        onOpen: configured.onOpen || "notify",
        visibility: configured.visibility || "private",
        configured: true,
        listening: false,
      });
    });
    this.render();
    this.loadServerPorts();
    // The event stream starts with the whole list too; the first answer is kept only until the stream's arrives.
    var live = false;
    IDE.getJSON("/ports").then(
      function (listening) {
        if (!live) {
          ports.setListening(listening);
        }
      },
      function (error) {
        console.warn("the listening ports could not be read: " + error.message);
      }
    );
    IDE.eventStream("/ports/events", {
      ports: function (listening) {
        live = true;
        ports.setListening(listening);
      },
    });
  },

  /** URLs and visibility from the server, through the supervisor; without them URLs are derived from this host. */
  loadServerPorts: async function () {
    try {
      var answer = await IDE.getJSON("/server/ports");
      var server = {};
      (answer.ports || []).forEach(function (port) {
        server[port.port] = port;
      });
      this.server = server;
    } catch (ignored) {
      this.server = {};
    }
    this.render();
  },

  /** The URL of port `port`: the server's, or `<protocol>//<port>-<this host>/`. */
  urlFor: function (port) {
    var known = this.server[port];
    if (known && known.url) {
      return known.url;
    }
    return location.protocol + "//" + port + "-" + location.host + "/";
  },

  visibilityOf: function (row) {
    var known = this.server[row.port];
    return (known && known.visibility) || row.visibility || "private";
  },

  /** The configured entry that names `port`, alone or in its range, or null. */
  configurationOf: function (port) {
    return (
      this.configured.find(function (entry) {
        return entry.port === port || (Array.isArray(entry.range) && entry.range[0] <= port && port <= entry.range[1]);
      }) || null
    );
  },

  /** Marks the ports in `listening` (`[{port, address, loopbackOnly}]`) as listening and the others as not. */
  setListening: function (listening) {
    var now = {};
    var ports = this;
    listening.forEach(function (entry) {
      now[entry.port] = entry;
    });
    this.rows.forEach(function (row, number) {
      row.listening = !!now[number];
      if (!row.configured && !row.listening) {
        ports.rows.delete(number);
      }
    });
    listening.forEach(function (entry) {
      var configured = ports.configurationOf(entry.port) || {};
      if (configured.onOpen === "ignore-completely") {
        return;
      }
      var row = ports.rows.get(entry.port);
      if (!row) {
        row = {
          port: entry.port,
          name: configured.name || "",
          description: configured.description || "",
          onOpen: entry.onOpen || configured.onOpen || "notify",
          visibility: configured.visibility || "private",
          configured: false,
        };
        ports.rows.set(entry.port, row);
      }
      row.listening = true;
      row.address = entry.address;
      row.loopbackOnly = entry.loopbackOnly;
    });
    this.render();
  },

  render: function () {
    var body = document.querySelector("#ports tbody");
    var ports = this;
    var numbers = Array.from(this.rows.keys()).sort(function (a, b) {
      return a - b;
    });
    if (numbers.length === 0) {
      body.replaceChildren(
        IDE.el("tr", { class: "empty" }, [
          IDE.el("td", { colspan: "6", text: "No ports yet: a server that listens in the workspace shows up here." }),
        ])
      );
      return;
    }
    body.replaceChildren.apply(
      body,
      numbers.map(function (number) {
        return ports.renderRow(ports.rows.get(number));
      })
    );
  },

  renderRow: function (row) {
    var ports = this;
    var url = this.urlFor(row.port);
    var visibility = this.visibilityOf(row);
    var state = row.listening ? "listening" : "not listening";
    var name = IDE.el("td", { class: "port-name", text: row.name, title: row.description || null });
    return IDE.el("tr", { "data-port": row.port, "data-state": row.listening ? "listening" : "closed" }, [
      IDE.el("td", { class: "port-number", text: String(row.port) }),
      name,
      IDE.el("td", { class: "port-state", text: state }),
      IDE.el("td", {}, [IDE.el("a", { class: "port-open", href: url, target: "_blank", rel: "noopener", text: url })]),
      IDE.el("td", { class: "port-visibility-state", text: visibility }),
      IDE.el("td", { class: "port-actions" }, [
        IDE.button("Copy URL", function () {
          ports.copy(url);
        }, { class: "port-copy", "aria-label": "Copy the URL of port " + row.port }),
        IDE.button(visibility === "public" ? "Make private" : "Make public", function () {
          ports.toggleVisibility(row);
        }, { class: "port-visibility", "aria-label": "Make port " + row.port + (visibility === "public" ? " private" : " public") }),
        IDE.button("Preview", function () {
          IDE.preview.open(url);
        }, { class: "port-preview", "aria-label": "Preview port " + row.port }),
      ]),
    ]);
  },

  copy: async function (url) {
    if (await IDE.copyText(url)) {
      IDE.notify("Copied " + url, [], { timeout: 3000 });
    } else {
      IDE.notify("Copy this URL: " + url, [], { timeout: 0 });
    }
  },

  /** Makes a private port public or a public one private, through the supervisor's relay to the server. */
  toggleVisibility: async function (row) {
    var wanted = this.visibilityOf(row) === "public" ? "private" : "public";
    var answer;
    try {
      answer = await IDE.sendJSON("PUT", "/server/ports/" + row.port, { visibility: wanted });
    } catch (error) {
      IDE.notifyError("Could not make port " + row.port + " " + wanted, error);
      return;
    }
    var visibility = (answer && answer.visibility) || wanted;
    row.visibility = visibility;
    this.server[row.port] = Object.assign({}, this.server[row.port] || {}, { visibility: visibility });
    if (answer && answer.url) {
      this.server[row.port].url = answer.url;
    }
    this.render();
    IDE.notify("Port " + row.port + " is now " + visibility + ".", [], { timeout: 4000 });
  },

  /** What to do when port `port` starts listening, as `onOpen` says (from the IDE's events). */
  opened: function (port, onOpen) {
    var url = this.urlFor(port);
    var row = this.rows.get(port);
    var notify = function () {
      IDE.notify("Port " + port + " is open" + (row && row.name ? ": " + row.name : ""), [
        {
          label: "Open",
          run: function () {
            if (!IDE.openTab(url)) {
              IDE.notify("The browser blocked the new tab. Open " + url + " yourself.", [], { timeout: 0 });
            }
          },
        },
        {
          label: "Preview",
          run: function () {
            IDE.preview.open(url);
          },
        },
      ]);
    };
    switch (onOpen) {
      case "ignore":
      case "ignore-completely":
        return;
      case "open-browser":
        if (!IDE.openTab(url)) {
          notify();
        }
        return;
      case "open-preview":
        IDE.preview.open(url);
        return;
      default:
        notify();
    }
  },
};
