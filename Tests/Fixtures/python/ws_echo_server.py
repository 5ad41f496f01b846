"""A WebSocket echo server built on the `websockets` library, for Swiftpod's client tests.

Usage: ws_echo_server.py PORT
Echoes every message; prints "ready" once it listens.
"""
import sys

from websockets.sync.server import serve


def echo(ws):
    for message in ws:
        ws.send(message)


def main() -> None:
    with serve(echo, "127.0.0.1", int(sys.argv[1]), max_size=1 << 22) as server:
        print("ready", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
