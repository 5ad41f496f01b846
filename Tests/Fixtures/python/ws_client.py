"""A WebSocket client built on the `websockets` library, driven by Swiftpod's integration tests.

Usage: ws_client.py URL ORIGIN
Sends text, binary, a fragmented message, a ping and a large message to an echo server, printing one line per
answer, then closes with code 1000. A refused handshake prints "refused STATUS".
"""
import sys

from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect


def main() -> int:
    url, origin = sys.argv[1], sys.argv[2]
    try:
        with connect(url, origin=origin, max_size=1 << 22, open_timeout=10) as ws:
            ws.send("hello")
            print("text", ws.recv(timeout=10))
            ws.send(bytes([0, 1, 2, 255]))
            print("binary", ws.recv(timeout=10).hex())
            ws.send(["frag", "mented ", "message"])
            print("fragmented", ws.recv(timeout=10))
            ws.ping(b"are you there").wait(timeout=10)
            print("pong")
            big = "x" * 300_000
            ws.send(big)
            print("large", len(ws.recv(timeout=10)))
            ws.close(code=1000, reason="done")
        print("closed", ws.close_code)
    except InvalidStatus as error:
        print("refused", error.response.status_code)
    return 0


if __name__ == "__main__":
    sys.exit(main())
