#!/usr/bin/env python3
"""A small but real OpenID Connect provider for Swiftpod's OIDC tests, built on Authlib's JOSE implementation.

    oidc_provider.py --alg RS256|ES256 --client-id ID --client-secret SECRET --redirect-uri URL \
        --user SUB:EMAIL:USERNAME [--user ...] [--tls-cert CERT.pem --tls-key KEY.pem]

It listens on a free loopback port and prints "PORT <n>" on stdout once it is ready; with --tls-cert and --tls-key
it serves HTTPS instead of HTTP. It serves:
  /.well-known/openid-configuration   discovery (issuer http://127.0.0.1:<port>, or https://)
  /jwks                               the public signing key
  /rotate (POST)                      replaces the signing key with a new one under a new kid
  /authorize                          auto-approves: redirects to the redirect URI with a code and the state; the
                                      user is the one whose email or username is the login_hint, else the first
  /token                              checks the code (single use), client credentials (Basic or post), the
                                      redirect URI and the PKCE S256 verifier; returns a signed ID token
"""

import argparse
import base64
import hashlib
import json
import secrets
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import warnings

warnings.simplefilter("ignore", DeprecationWarning)
from authlib.jose import JsonWebKey, jwt  # noqa: E402 (after the filter: newer Authlib warns on import)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--alg", choices=["RS256", "ES256"], required=True)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    parser.add_argument("--redirect-uri", required=True)
    parser.add_argument("--user", action="append", required=True, help="SUB:EMAIL:USERNAME")
    parser.add_argument("--tls-cert", help="PEM: serve HTTPS with this certificate chain")
    parser.add_argument("--tls-key", help="PEM: the private key of --tls-cert")
    args = parser.parse_args()

    def new_signing_key():
        if args.alg == "RS256":
            key = JsonWebKey.generate_key("RSA", 2048, is_private=True)
        else:
            key = JsonWebKey.generate_key("EC", "P-256", is_private=True)
        kid = "test-" + secrets.token_hex(4)
        return {"key": key, "kid": kid, "jwk": dict(key.as_dict(is_private=False), kid=kid, use="sig", alg=args.alg)}

    signing = new_signing_key()
    users = []
    for spec in args.user:
        sub, email, username = spec.split(":", 2)
        users.append({"sub": sub, "email": email, "preferred_username": username})

    codes = {}
    lock = threading.Lock()
    server = ThreadingHTTPServer(("127.0.0.1", 0), None)
    scheme = "http"
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        # The handshake runs in each connection's thread, at its first read.
        server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
        scheme = "https"
    issuer = "%s://127.0.0.1:%d" % (scheme, server.server_address[1])

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *arguments):
            sys.stderr.write("oidc_provider: " + (format % arguments) + "\n")

        def send_json(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(url.query))
            if url.path == "/.well-known/openid-configuration":
                self.send_json(200, {
                    "issuer": issuer,
                    "authorization_endpoint": issuer + "/authorize",
                    "token_endpoint": issuer + "/token",
                    "jwks_uri": issuer + "/jwks",
                    "response_types_supported": ["code"],
                    "subject_types_supported": ["public"],
                    "id_token_signing_alg_values_supported": [args.alg],
                    "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                    "code_challenge_methods_supported": ["S256"],
                })
            elif url.path == "/jwks":
                with lock:
                    jwk = signing["jwk"]
                self.send_json(200, {"keys": [jwk]})
            elif url.path == "/authorize":
                self.authorize(query)
            else:
                self.send_json(404, {"error": "not_found"})

        def authorize(self, query):
            problems = []
            if query.get("response_type") != "code":
                problems.append("response_type must be code")
            if query.get("client_id") != args.client_id:
                problems.append("unknown client_id")
            if query.get("redirect_uri") != args.redirect_uri:
                problems.append("redirect_uri is not registered")
            if "openid" not in query.get("scope", "").split():
                problems.append("scope lacks openid")
            if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
                problems.append("PKCE S256 is required")
            if problems:
                self.send_json(400, {"error": "invalid_request", "error_description": "; ".join(problems)})
                return
            hint = query.get("login_hint")
            user = next((u for u in users if hint in (u["email"], u["preferred_username"])), users[0])
            code = secrets.token_urlsafe(24)
            with lock:
                codes[code] = {
                    "user": user,
                    "challenge": query["code_challenge"],
                    "nonce": query.get("nonce"),
                    "redirect_uri": query["redirect_uri"],
                }
            location = args.redirect_uri + "?" + urllib.parse.urlencode({"code": code, "state": query.get("state", "")})
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_POST(self):
            url = urllib.parse.urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
            if url.path == "/rotate":
                replacement = new_signing_key()
                with lock:
                    signing.update(replacement)
                self.send_json(200, {"kid": replacement["kid"]})
                return
            if url.path != "/token":
                self.send_json(404, {"error": "not_found"})
                return
            client_id, client_secret = form.get("client_id"), form.get("client_secret")
            authorization = self.headers.get("Authorization", "")
            if authorization.startswith("Basic "):
                decoded = base64.b64decode(authorization[6:]).decode()
                client_id, _, client_secret = decoded.partition(":")
                client_id, client_secret = urllib.parse.unquote_plus(client_id), urllib.parse.unquote_plus(client_secret)
            if client_id != args.client_id or client_secret != args.client_secret:
                self.send_json(401, {"error": "invalid_client", "error_description": "wrong client credentials"})
                return
            if form.get("grant_type") != "authorization_code":
                self.send_json(400, {"error": "unsupported_grant_type"})
                return
            with lock:
                grant = codes.pop(form.get("code", ""), None)
            if grant is None:
                self.send_json(400, {"error": "invalid_grant", "error_description": "unknown or used code"})
                return
            if form.get("redirect_uri") != grant["redirect_uri"]:
                self.send_json(400, {"error": "invalid_grant", "error_description": "redirect_uri differs"})
                return
            verifier = form.get("code_verifier", "")
            computed = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if computed != grant["challenge"]:
                self.send_json(400, {"error": "invalid_grant", "error_description": "PKCE verification failed"})
                return
            now = int(time.time())
            claims = {
                "iss": issuer,
                "sub": grant["user"]["sub"],
                "aud": args.client_id,
                "iat": now,
                "exp": now + 300,
                "email": grant["user"]["email"],
                "email_verified": True,
                "preferred_username": grant["user"]["preferred_username"],
            }
            if grant["nonce"] is not None:
                claims["nonce"] = grant["nonce"]
            with lock:
                key, kid = signing["key"], signing["kid"]
            token = jwt.encode({"alg": args.alg, "kid": kid, "typ": "JWT"}, claims, key)
            if isinstance(token, bytes):
                token = token.decode()
            self.send_json(200, {"access_token": secrets.token_urlsafe(24), "token_type": "Bearer",
                                 "expires_in": 300, "id_token": token})

    server.RequestHandlerClass = Handler
    print("PORT %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
