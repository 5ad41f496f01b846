import Foundation

/// The parts of a provider's discovery document (OpenID Connect Discovery 1.0 §3) that Swiftpod uses.
public struct OIDCProviderMetadata: Sendable, Equatable {
    public let issuer: String
    public let authorizationEndpoint: String
    public let tokenEndpoint: String
    public let jwksURI: String
    /// `token_endpoint_auth_methods_supported`; empty when the document omits it (then Basic is the default).
    public let tokenEndpointAuthMethods: [String]
    /// `code_challenge_methods_supported`; empty when the document omits it.
    public let codeChallengeMethods: [String]

    /// Reads a discovery document and checks that it belongs to `expectedIssuer`.
    /// - Throws: `AuthError` `.oidcProviderFailed` naming the missing field, or the issuer that differs.
    public init(json: [UInt8], expectedIssuer: String) throws(AuthError) {
        guard let document = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any] else {
            throw .oidcProviderFailed("the provider's discovery document is not a JSON object")
        }
        func field(_ name: String) throws(AuthError) -> String {
            guard let value = document[name] as? String, !value.isEmpty else {
                throw .oidcProviderFailed("the provider's discovery document has no '\(name)'")
            }
            return value
        }
        let issuer = try field("issuer")
        guard issuer == expectedIssuer else {
            throw .oidcProviderFailed(
                "the discovery document's issuer '\(issuer)' is not the configured issuer '\(expectedIssuer)'")
        }
        self.issuer = issuer
        authorizationEndpoint = try field("authorization_endpoint")
        tokenEndpoint = try field("token_endpoint")
        jwksURI = try field("jwks_uri")
        tokenEndpointAuthMethods = document["token_endpoint_auth_methods_supported"] as? [String] ?? []
        codeChallengeMethods = document["code_challenge_methods_supported"] as? [String] ?? []
        if !codeChallengeMethods.isEmpty && !codeChallengeMethods.contains("S256") {
            throw .oidcProviderFailed("the provider does not support PKCE with S256")
        }
    }

    /// The discovery URL of an issuer: `/.well-known/openid-configuration` appended to its path.
    public static func discoveryURL(issuer: String) -> String {
        (issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer) + "/.well-known/openid-configuration"
    }
}
