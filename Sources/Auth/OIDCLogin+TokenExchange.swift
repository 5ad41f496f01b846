import Basics
import Crypto
import Foundation
import HTTP
import HTTPClient

extension OIDCLogin {
    /// Exchanges an authorization code for tokens at the provider's token endpoint (RFC 6749 §4.1.3, with the PKCE
    /// verifier of RFC 7636 §4.5) and returns the ID token.
    /// - Throws: `AuthError` `.oidcProviderFailed` with the provider's `error` and `error_description` when it
    ///   refuses the code (a wrong verifier, say), or when its answer has no ID token.
    func exchange(code: String, verifier: String) async throws -> String {
        let metadata = try await provider.discover()
        var form = [
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", configuration.redirectURL),
            ("code_verifier", verifier),
        ]
        var headers: HTTPHeaders = [
            "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json",
        ]
        switch clientAuthentication(metadata) {
        case .clientSecretBasic:
            // RFC 6749 §2.3.1: both parts are form-encoded before they are joined and base64-encoded.
            let credentials =
                URLEncodedForm.percentEncode(configuration.clientID) + ":"
                + URLEncodedForm.percentEncode(configuration.clientSecret)
            headers.add(name: "Authorization", value: "Basic " + Base64.encode(Array(credentials.utf8)))
        case .clientSecretPost:
            form += [("client_id", configuration.clientID), ("client_secret", configuration.clientSecret)]
        }
        let request: HTTPClientRequest
        do {
            request = try HTTPClientRequest(
                url: metadata.tokenEndpoint, method: .post, headers: headers,
                body: .bytes(ByteBuffer(string: URLEncodedForm.encode(form))))
        } catch let error as HTTPClientError {
            throw AuthError.oidcProviderFailed("the provider's token endpoint is not usable: \(error.message)")
        }
        let (status, body) = try await provider.send(request, what: "token endpoint")
        let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        guard status.code == 200 else {
            let error = object?["error"] as? String ?? "HTTP \(status.code)"
            let description = (object?["error_description"] as? String).map { ": \($0)" } ?? ""
            throw AuthError.oidcProviderFailed("the provider refused the authorization code: \(error)\(description)")
        }
        guard let idToken = object?["id_token"] as? String, !idToken.isEmpty else {
            throw AuthError.oidcProviderFailed("the provider's token response has no ID token")
        }
        return idToken
    }

    /// The configured method, or the one the provider supports: Basic unless it lists only `client_secret_post`.
    private func clientAuthentication(
        _ metadata: OIDCProviderMetadata
    ) -> OIDCProviderConfiguration.ClientAuthentication {
        if let method = configuration.clientAuthentication { return method }
        let supported = metadata.tokenEndpointAuthMethods
        if !supported.contains("client_secret_basic") && supported.contains("client_secret_post") {
            return .clientSecretPost
        }
        return .clientSecretBasic
    }
}
