"""An HTTP server inside a test workspace, for Swiftpod's proxy tests.

Usage: proxy_upstream.py PORT
GET /headers answers the request headers it received as JSON ([[name, value], ...]); GET /set-cookie answers two
Set-Cookie headers, one host-only and one with a Domain attribute; GET /events streams three Server-Sent Events;
anything else answers "hello from PORT". Binds 127.0.0.1 only, as a dev server would.
"""
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path == "/headers":
            self.answer(json.dumps([[name, value] for name, value in self.headers.items()]), "application/json")
        elif self.path == "/set-cookie":
            self.answer("cookies set", "text/plain", [
                ("Set-Cookie", "app=1; Path=/; HttpOnly"),
                ("Set-Cookie", "leak=1; Path=/; Domain=localhost"),
            ])
        elif self.path == "/events":
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            for index in range(3):
                self.wfile.write(f"data: event {index}\n\n".encode())
                self.wfile.flush()
                time.sleep(0.05)
            self.close_connection = True
        else:
            self.answer(f"hello from {sys.argv[1]}", "text/plain")

    def answer(self, text, content_type, extra=()):
        body = text.encode()
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
