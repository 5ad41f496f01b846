// The IDE's shared pieces: requests to the supervisor's API (same origin), small DOM helpers, the connection
// status and notifications. Every other script adds its part to the one global `IDE`.
"use strict";

var IDE = (window.IDE = {});

/** The base URL of the IDE's static files, such as `/_ide/0123abcd`. */
IDE.assets = document.body.getAttribute("data-assets") || "";

/** A failed request: the HTTP status, the API's error code when it sent one, and its message. */
IDE.APIError = function (status, code, message) {
  this.status = status;
  this.code = code;
  this.message = message;
};
IDE.APIError.prototype.toString = function () {
  return this.message;
};

/**
 * Sends a request to the supervisor's API on this host. Resolves with the Response for any status; rejects only
 * when the server could not be reached.
 */
IDE.request = function (method, path, options) {
  options = options || {};
  return fetch(path, {
    method: method,
    headers: options.headers || {},
    body: options.body,
    credentials: "same-origin",
    cache: "no-store",
  });
};

/** The message of a failed response: the API's error envelope, or its text, or its status. */
IDE.errorOf = async function (response) {
  var text = "";
  try {
    text = await response.text();
  } catch (ignored) {
    text = "";
  }
  try {
    var body = JSON.parse(text);
    if (body && body.error) {
      return new IDE.APIError(response.status, body.error.code || "", body.error.message || text);
    }
  } catch (ignored) {
    // not JSON: the text itself
  }
  return new IDE.APIError(response.status, "", text.trim() || response.status + " " + response.statusText);
};

/** GETs `path` and parses its JSON, or throws an `IDE.APIError`. */
IDE.getJSON = async function (path) {
  var response = await IDE.request("GET", path);
  if (!response.ok) {
    throw await IDE.errorOf(response);
  }
  return response.json();
};

/** Sends JSON and parses the JSON answer (or returns null for an empty one), or throws an `IDE.APIError`. */
IDE.sendJSON = async function (method, path, value) {
  var response = await IDE.request(method, path, {
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(value),
  });
  if (!response.ok) {
    throw await IDE.errorOf(response);
  }
  var text = await response.text();
  return text ? JSON.parse(text) : null;
};

/** `path?name=value` with the value encoded. */
IDE.withQuery = function (path, name, value) {
  return path + "?" + encodeURIComponent(name) + "=" + encodeURIComponent(value);
};

/** A path relative to /workspace: an absolute path under /workspace/ loses that prefix, a relative one stays. */
IDE.workspaceRelative = function (path) {
  path = String(path || "");
  if (path === "/workspace") {
    return "";
  }
  if (path.indexOf("/workspace/") === 0) {
    path = path.slice("/workspace/".length);
  }
  return path.replace(/^\.\//, "").replace(/\/+$/, "");
};

/** The last component of a path. */
IDE.baseName = function (path) {
  var parts = path.split("/");
  return parts[parts.length - 1];
};

/** The parent of a relative path ("" for the top). */
IDE.parentPath = function (path) {
  var slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
};

/** `parent/name`, or `name` at the top. */
IDE.joinPath = function (parent, name) {
  return parent ? parent + "/" + name : name;
};

/**
 * Makes an element: `attributes` are set as attributes (`text` sets its text, `on<event>` adds a listener), and
 * `children` (elements or strings) are appended. Text never becomes HTML.
 */
IDE.el = function (tag, attributes, children) {
  var element = document.createElement(tag);
  Object.keys(attributes || {}).forEach(function (name) {
    var value = attributes[name];
    if (value === undefined || value === null || value === false) {
      return;
    }
    if (name === "text") {
      element.textContent = value;
    } else if (name.indexOf("on") === 0 && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  });
  (children || []).forEach(function (child) {
    element.append(child);
  });
  return element;
};

/** A button with text, a click handler and optional attributes. */
IDE.button = function (text, onClick, attributes) {
  var button = IDE.el("button", Object.assign({ type: "button", text: text }, attributes || {}));
  button.addEventListener("click", onClick);
  return button;
};

/** Sets the connection state shown in the title bar: `connected`, `reconnecting…` or an error. */
IDE.setStatus = function (text, state) {
  var status = document.getElementById("status");
  status.textContent = text;
  status.setAttribute("data-state", state || "");
};

/**
 * Shows a notification: `message`, then one button per action (`{label, run}`), and a close button. It goes away
 * after `timeout` milliseconds (20 s by default; 0 keeps it).
 */
IDE.notify = function (message, actions, options) {
  options = options || {};
  var container = document.getElementById("notifications");
  var toast = IDE.el("div", { class: "toast" + (options.error ? " error" : ""), role: options.error ? "alert" : "status" });
  var close = function () {
    toast.remove();
  };
  toast.append(IDE.el("span", { class: "toast-message", text: message }));
  (actions || []).forEach(function (action) {
    toast.append(
      IDE.button(action.label, function () {
        close();
        action.run();
      })
    );
  });
  toast.append(IDE.button("×", close, { class: "toast-close", "aria-label": "Dismiss", title: "Dismiss" }));
  container.append(toast);
  var timeout = options.timeout === undefined ? 20000 : options.timeout;
  if (timeout > 0) {
    setTimeout(close, timeout);
  }
  return toast;
};

/** Shows an error from a failed action. */
IDE.notifyError = function (what, error) {
  IDE.notify(what + ": " + (error && error.message ? error.message : String(error)), [], { error: true });
};

/** Copies `text` to the clipboard, with the older selection-based copy where the Clipboard API is not allowed. */
IDE.copyText = async function (text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (ignored) {
      // fall back below
    }
  }
  var area = IDE.el("textarea", { class: "offscreen", readonly: true });
  area.value = text;
  document.body.append(area);
  area.select();
  var copied = false;
  try {
    copied = document.execCommand("copy");
  } catch (ignored) {
    copied = false;
  }
  area.remove();
  return copied;
};

/** Opens `url` in a new browser tab; false when the browser's popup blocker refused it. */
IDE.openTab = function (url) {
  var opened = window.open(url, "_blank");
  if (!opened) {
    return false;
  }
  try {
    opened.opener = null;
  } catch (ignored) {
    // a cross-origin window may refuse; it has no access to this page anyway
  }
  return true;
};

/** The delay before reconnection attempt `attempt` (0, 1, 2…): doubling from half a second to 15 s, jittered. */
IDE.backoff = function (attempt) {
  var base = Math.min(15000, 500 * Math.pow(2, attempt));
  return base / 2 + Math.random() * (base / 2);
};

/**
 * A Server-Sent Events stream that comes back after it drops, with backoff. `handlers` maps event names to
 * functions of the parsed JSON data; `onState` hears `open` and `error`. The stream is closed while the page is kept
 * in the back/forward cache (a browser opens at most six connections to one host, and kept pages count) and opened
 * again when the page is shown.
 */
IDE.eventStream = function (path, handlers, onState) {
  var attempt = 0;
  var current = null;
  window.addEventListener("pagehide", function () {
    if (current) {
      current.close();
      current = null;
    }
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && !current) {
      connect();
    }
  });
  function connect() {
    var source = new EventSource(path);
    current = source;
    source.onopen = function () {
      attempt = 0;
      if (onState) {
        onState("open");
      }
    };
    source.onerror = function () {
      if (onState) {
        onState("error");
      }
      if (source.readyState === EventSource.CLOSED && current === source) {
        setTimeout(function () {
          if (current === source) {
            connect();
          }
        }, IDE.backoff(attempt++));
      }
    };
    Object.keys(handlers).forEach(function (name) {
      source.addEventListener(name, function (event) {
        if (event.data === undefined) {
          return; // EventSource's own "open" (connected), not the server's event of that name
        }
        var data;
        try {
          data = JSON.parse(event.data);
        } catch (error) {
          console.warn("ignoring an event '" + name + "' that is not JSON", event.data);
          return;
        }
        handlers[name](data);
      });
    });
  }
  connect();
};
