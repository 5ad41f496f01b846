#!/usr/bin/env python3
"""The dashboard and the browser IDE in a real Chromium, driven through chromedriver (Selenium).

Run by Tests/IntegrationTests/BrowserTests.swift against a real `swiftpod server` with Podman behind it:

  SWIFTPOD_URL       the server's public URL (http://localhost:PORT)
  SWIFTPOD_USER      a user to sign in as, SWIFTPOD_PASSWORD their password
  SWIFTPOD_TOKEN     a token of theirs, to check through the API what the browser did
  REPOSITORY_URL     the context URL of a repository whose .gitpod.yml has a task printing TASK_MARKER and
                     a dev server on port 3000 serving a page that contains PAGE_MARKER
  SCREENSHOTS        the folder for a screenshot of every step (emptied first)

Each step prints one line; a failed step prints what it waited for, saves a screenshot, the page's HTML and the
browser's console, and exits 1.
"""

import json
import os
import shutil
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

BASE = os.environ["SWIFTPOD_URL"].rstrip("/")
USER = os.environ["SWIFTPOD_USER"]
PASSWORD = os.environ["SWIFTPOD_PASSWORD"]
TOKEN = os.environ["SWIFTPOD_TOKEN"]
REPOSITORY = os.environ["REPOSITORY_URL"]
TASK_MARKER = os.environ["TASK_MARKER"]
PAGE_MARKER = os.environ["PAGE_MARKER"]
SHOTS = os.environ["SCREENSHOTS"]

# A workspace start includes a clone and a container start on a busy 2-core machine.
START_TIMEOUT = 240
STEP_TIMEOUT = 30


class StepFailed(Exception):
    pass


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in (
        "--headless=new",
        "--no-sandbox",  # tests run as root, where Chromium's sandbox cannot start
        "--disable-dev-shm-usage",
        "--window-size=1400,900",
        "--disable-gpu",
        "--no-first-run",
        "--disable-features=Translate,MediaRouter",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # Navigations return once the document is parsed; every step then waits for what it needs to see.
    options.page_load_strategy = "eager"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


class Flow:
    def __init__(self, driver):
        self.driver = driver
        self.step_number = 0
        self.started = time.monotonic()
        self.step_name = "start"

    # -- reporting --------------------------------------------------------------------------------------------

    def step(self, name):
        now = time.monotonic()
        if self.step_number:
            print(f"  ({now - self.started:.1f} s)", flush=True)
        self.step_number += 1
        self.step_name = name
        self.started = now
        print(f"step {self.step_number}: {name}", flush=True)

    def shot(self, label):
        path = os.path.join(SHOTS, f"{self.step_number:02d}-{label}.png")
        self.driver.save_screenshot(path)

    def fail(self, what):
        label = f"{self.step_number:02d}-FAILED"
        try:
            self.driver.save_screenshot(os.path.join(SHOTS, label + ".png"))
            with open(os.path.join(SHOTS, label + ".html"), "w") as page:
                page.write(self.driver.page_source)
            with open(os.path.join(SHOTS, label + "-console.txt"), "w") as console:
                for entry in self.driver.get_log("browser"):
                    console.write(f"{entry['level']} {entry['message']}\n")
        except WebDriverException:
            pass
        raise StepFailed(f"step {self.step_number} ({self.step_name}) failed: {what} (url {self.driver.current_url})")

    def wait(self, what, condition, timeout=STEP_TIMEOUT):
        deadline = time.monotonic() + timeout
        last_error = None
        while time.monotonic() < deadline:
            try:
                self.reload_after_network_change()
                value = condition()
                if value:
                    return value
            except WebDriverException as error:
                last_error = error
            time.sleep(0.2)
        self.fail(f"waited {timeout}s for {what}" + (f"; last error: {last_error.msg}" if last_error else ""))

    def reload_after_network_change(self):
        """Chromium drops a page that is loading when the machine's network changes, and every container that
        Podman starts adds an interface on this machine; a user would press Reload, and so does the test. (The
        reload then waits about 50 s inside Chromium for a connection to the server, before it sends anything.)"""
        if "ERR_NETWORK_CHANGED" in self.driver.page_source:
            print(f"  (Chromium saw the network change as a container started: reloading {self.driver.current_url})", flush=True)
            self.driver.refresh()

    def element(self, css, timeout=STEP_TIMEOUT):
        def visible():
            found = self.driver.find_elements(By.CSS_SELECTOR, css)
            return next((e for e in found if e.is_displayed()), None)

        return self.wait(f"a visible '{css}'", visible, timeout)

    # -- the API, to check what the browser did -------------------------------------------------------------

    def api(self, method, path, body=None):
        request = urllib.request.Request(
            BASE + "/api/v1" + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=STEP_TIMEOUT) as answer:
            return json.loads(answer.read() or b"null")

    def exec(self, workspace, command):
        return self.api("POST", f"/workspaces/{workspace}/exec", {"command": command})

    # -- the flow -----------------------------------------------------------------------------------------------

    def run(self):
        d = self.driver

        self.step("sign in")
        d.get(BASE + "/")
        self.element("input[name=username]").send_keys(USER)
        self.element("input[name=password]").send_keys(PASSWORD)
        self.shot("sign-in")
        self.element("input[name=password]").send_keys(Keys.ENTER)
        self.element("#new-workspace")
        self.shot("workspaces-empty")

        self.step("create a workspace from the repository")
        field = self.element("#new-workspace input[name=url]")
        field.send_keys(REPOSITORY)
        self.element("#new-workspace button[type=submit]").click()
        # The dashboard goes to the workspace's own page, which follows its phase live.
        self.wait("the workspace's page", lambda: "/workspaces/" in d.current_url)
        workspace = self.element("section#workspace").get_attribute("data-workspace-id")
        self.shot("created")

        self.step("watch it reach running, live")
        self.wait(
            "the phase 'running' on the workspace's page without a reload",
            lambda: self.element("#phase").text.strip().lower() == "running",
            timeout=START_TIMEOUT,
        )
        self.wait(f"'{TASK_MARKER}' in the workspace's logs", lambda: TASK_MARKER in self.element("#logs").text)
        self.shot("running-page")
        d.get(BASE + "/")
        row = f"[data-workspace-id='{workspace}']"
        self.wait("the phase 'running' in the list", lambda: self.element(row + " .phase").text.strip() == "running")
        self.shot("running")

        self.step("see the list on a phone")
        d.set_window_size(390, 844)
        self.element(row + " a.open-ide")
        self.shot("phone")
        d.set_window_size(1400, 900)

        self.step("open the IDE")
        ide = self.element(row + " a.open-ide").get_attribute("href")
        d.get(ide)
        self.element("#file-tree [data-path]", timeout=60)
        self.shot("ide")

        self.step("see the task's output in its terminal")
        self.wait(
            f"'{TASK_MARKER}' in a terminal",
            lambda: TASK_MARKER in self.terminal_text(),
            timeout=90,
        )
        self.shot("task-output")

        self.step("type a command in a new terminal and see its output")
        self.element("#new-terminal").click()
        self.wait("a second terminal tab", lambda: len(d.find_elements(By.CSS_SELECTOR, "#terminal-tabs [data-terminal-id]")) >= 2)
        time.sleep(1)  # the shell prints its prompt
        self.type_in_terminal("echo the answer is $((6 * 7))\n")
        self.wait("'the answer is 42' in the terminal", lambda: "the answer is 42" in self.terminal_text())
        self.shot("command-output")

        self.step("the terminals reconnect after a drop, with their scrollback once")
        d.execute_script("window.swiftpodIDE.dropConnections()")
        self.wait("the connection back", lambda: self.element("#status").text.strip() == "connected")
        self.wait(
            "'the answer is 42' exactly once after the reconnection",
            lambda: self.terminal_text().count("the answer is 42") == 1 and TASK_MARKER in self.terminal_text(),
        )
        self.type_in_terminal("echo still $((40 + 2)) here\n")
        self.wait("'still 42 here' in the terminal", lambda: "still 42 here" in self.terminal_text())
        self.shot("reconnected")

        self.step("open a file, edit it and save")
        # The repository is checked out in /workspace/project, which the IDE opens at start.
        self.element("#file-tree [data-path='project/README.md']").click()
        self.wait("README.md in the editor", lambda: "# The project" in self.editor_text())
        editor = self.element("#editor .CodeMirror")
        editor.click()
        area = d.find_element(By.CSS_SELECTOR, "#editor .CodeMirror textarea")
        area.send_keys(Keys.CONTROL, Keys.END)
        area.send_keys("\nEdited in the browser.\n")
        self.shot("edited")
        self.element("#save").click()
        self.wait(
            "the edit in the workspace's README.md",
            lambda: "Edited in the browser." in self.exec(workspace, ["sh", "-c", "cat /workspace/*/README.md"])["output"],
        )
        self.shot("saved")

        self.step("gp open in a terminal opens the file in the editor")
        self.type_in_terminal("gp open index.html\n")
        self.wait("index.html in the editor", lambda: PAGE_MARKER in self.editor_text())
        self.shot("gp-open")

        self.step("open port 3000 from the ports panel")
        self.element("#panel-ports-tab").click()
        port_row = self.element("#ports [data-port='3000']", timeout=60)
        link = self.wait("the port's Open link", lambda: port_row.find_element(By.CSS_SELECTOR, "a.port-open"))
        before = set(d.window_handles)
        link.click()
        new = self.wait("a new tab", lambda: set(d.window_handles) - before)
        d.switch_to.window(new.pop())
        self.wait(f"'{PAGE_MARKER}' on the port's page", lambda: PAGE_MARKER in d.page_source, timeout=60)
        self.shot("port-page")

        self.step("open a workspace with Gitpod's prefix form, /#<repository URL>")
        d.switch_to.window(d.window_handles[0])
        d.get(BASE + "/#" + REPOSITORY)
        self.wait("the second workspace's page", lambda: "/workspaces/" in d.current_url and workspace not in d.current_url)
        # Once running, the page opens the IDE by itself.
        self.wait("the IDE of the second workspace", lambda: ".localhost" in d.current_url.split("//", 1)[1].split("/", 1)[0]
                  and workspace not in d.current_url, timeout=START_TIMEOUT)
        self.element("#file-tree [data-path]", timeout=60)
        self.shot("prefix-form-ide")

        print(f"  ({time.monotonic() - self.started:.1f} s)", flush=True)
        print(f"browser flow passed; screenshots in {SHOTS}", flush=True)

    # -- reading the pages --------------------------------------------------------------------------------------

    def terminal_text(self):
        """The text of every terminal, read through the IDE's test hook (xterm draws on canvas or in rows)."""
        return self.driver.execute_script(
            "return window.swiftpodIDE && window.swiftpodIDE.terminalText ? window.swiftpodIDE.terminalText() : "
            "Array.from(document.querySelectorAll('#terminals .xterm-rows')).map(e => e.innerText).join('\\n')"
        ) or ""

    def editor_text(self):
        return self.driver.execute_script("return window.swiftpodIDE.editor().getValue()") or ""

    def type_in_terminal(self, text):
        """Types into the terminal that is showing, as a user would."""
        areas = [
            a
            for a in self.driver.find_elements(By.CSS_SELECTOR, "#terminals .xterm-helper-textarea")
            if a.find_element(By.XPATH, "./ancestor::*[@data-terminal-id][1]").is_displayed()
        ]
        if not areas:
            self.fail("no visible terminal to type into")
        areas[-1].send_keys(text)


def main():
    shutil.rmtree(SHOTS, ignore_errors=True)
    os.makedirs(SHOTS)
    driver = browser()
    flow = Flow(driver)
    try:
        flow.run()
    except StepFailed as failure:
        print(failure, file=sys.stderr, flush=True)
        sys.exit(1)
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
