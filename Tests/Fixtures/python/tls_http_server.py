#!/usr/bin/env python3
"""An HTTPS server for the HTTP client's TLS tests, on Python's http.server and ssl modules.

    tls_http_server.py --cert CHAIN.pem --key KEY.pem [--idle-timeout SECONDS] [--tls12-only]

It listens on a free loopback port of 127.0.0.1, speaks HTTP/1.1 with keep-alive, and prints "PORT <n>" on stdout
once it is ready. With --idle-timeout it closes a connection idle that long (TCP only, without close_notify, as
Python does); with --tls12-only it speaks TLS 1.2 and no later version. It serves:
  GET  /hello                 "hello", with X-Connection: the number of the connection (1, 2, ...), and what the
                              client negotiated: X-TLS-Version, X-ALPN and X-SNI ("-" when absent)
  POST /echo                  the request body back (sent with Content-Length or chunked)
  GET  /chunked?count=N       N chunks "chunk <i>\\n" in a chunked response
  GET  /bytes?size=N          N bytes (byte i is i % 251) with Content-Length, written in 64 KiB pieces
  GET  /until-close?notify=1  a body delimited by the end of the connection; with notify=1 the server sends TLS
                              close_notify before closing, otherwise it closes TCP without it
"""

import argparse
import socket
import ssl
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert", required=True, help="PEM: the server certificate, then its intermediates")
    parser.add_argument("--key", required=True, help="PEM: the server's private key")
    parser.add_argument("--idle-timeout", type=float, help="seconds before an idle connection is closed")
    parser.add_argument("--tls12-only", action="store_true", help="refuse TLS 1.3")
    args = parser.parse_args()

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    context.set_alpn_protocols(["http/1.1"])
    if args.tls12_only:
        context.maximum_version = ssl.TLSVersion.TLSv1_2

    def remember_server_name(connection, name, _context):
        connection.server_name_sent = name

    context.sni_callback = remember_server_name

    counter = {"connections": 0}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = args.idle_timeout

        def setup(self):
            super().setup()
            with lock:
                counter["connections"] += 1
                self.number = counter["connections"]

        def log_message(self, format, *args):
            sys.stderr.write("%s\n" % (format % args))

        def send_body(self, status, body, content_type="text/plain", negotiated=None):
            self.send_response(status)
            for name, value in (negotiated or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Connection", str(self.number))
            self.end_headers()
            self.wfile.write(body)

        def read_body(self):
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                body = bytearray()
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                    if size == 0:
                        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                            pass
                        return bytes(body)
                    body += self.rfile.read(size)
                    self.rfile.readline()
            return self.rfile.read(int(self.headers.get("Content-Length", "0")))

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(url.query))
            if url.path == "/hello":
                self.send_body(200, b"hello", negotiated={
                    "X-TLS-Version": self.connection.version(),
                    "X-ALPN": self.connection.selected_alpn_protocol() or "-",
                    "X-SNI": getattr(self.connection, "server_name_sent", None) or "-",
                })
            elif url.path == "/chunked":
                self.send_response(200)
                self.send_header("Transfer-Encoding", "chunked")
                self.send_header("X-Connection", str(self.number))
                self.end_headers()
                for index in range(int(query.get("count", "3"))):
                    piece = b"chunk %d\n" % index
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.write(b"0\r\n\r\n")
            elif url.path == "/bytes":
                size = int(query["size"])
                pattern = bytes(i % 251 for i in range(251 * 261))  # 65511 bytes, a whole number of periods
                self.send_response(200)
                self.send_header("Content-Length", str(size))
                self.end_headers()
                sent = 0
                while sent < size:
                    piece = pattern[: min(len(pattern), size - sent)]
                    self.wfile.write(piece)
                    sent += len(piece)
            elif url.path == "/until-close":
                self.close_connection = True
                self.send_response(200)
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(b"all of the body")
                self.wfile.flush()
                if query.get("notify") == "1":
                    self.connection.settimeout(2)
                    try:
                        self.connection.unwrap()
                    except (OSError, ssl.SSLError):
                        pass
                else:
                    # Close TCP under TLS, as an attacker cutting the stream would.
                    raw = socket.socket(fileno=self.connection.detach())
                    raw.shutdown(socket.SHUT_RDWR)
                    raw.close()
            else:
                self.send_body(404, b"not found")

        def do_POST(self):
            if urllib.parse.urlsplit(self.path).path == "/echo":
                self.send_body(200, self.read_body(), "application/octet-stream")
            else:
                self.send_body(404, b"not found")

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def get_request(self):
            connection, address = self.socket.accept()
            # The handshake runs in the connection's thread, at its first read, so one stuck client stalls no other.
            return context.wrap_socket(connection, server_side=True, do_handshake_on_connect=False), address

        def handle_error(self, request, client_address):
            sys.stderr.write("connection from %s failed: %s\n" % (client_address, sys.exc_info()[1]))

    server = Server(("127.0.0.1", 0), Handler)
    print("PORT %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
