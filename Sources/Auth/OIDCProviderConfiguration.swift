import Foundation

/// How Swiftpod signs users in through one OpenID Connect provider.
public struct OIDCProviderConfiguration: Sendable, Equatable {
    /// How the client authenticates itself at the token endpoint (OIDC Core §9).
    public enum ClientAuthentication: String, Sendable, Equatable {
        /// The client ID and secret in an HTTP Basic `Authorization` header.
        case clientSecretBasic = "client_secret_basic"
        /// The client ID and secret as form fields of the token request.
        case clientSecretPost = "client_secret_post"
    }

    /// The issuer identifier: discovery reads `<issuer>/.well-known/openid-configuration`, and the document's own
    /// `issuer` and every ID token's `iss` must equal it exactly.
    public var issuer: String
    public var clientID: String
    public var clientSecret: String
    /// Where the provider sends the browser back: our callback URL, registered at the provider.
    public var redirectURL: String
    /// The scopes asked for; `openid` is added when missing.
    public var scopes: [String]
    /// Email domains allowed to sign in (the part after `@`, compared exactly but regardless of case); empty
    /// allows any.
    public var allowedEmailDomains: [String]
    /// How to authenticate at the token endpoint; nil picks what the provider's discovery document supports,
    /// preferring `client_secret_basic`.
    public var clientAuthentication: ClientAuthentication?
    /// How long a discovery document and a key set are used before they are fetched again.
    public var cacheLifetime: TimeInterval
    /// How long a started sign-in may take before its state expires.
    public var pendingLoginLifetime: TimeInterval
    /// The clock skew tolerated when checking `exp`, `iat` and `nbf`.
    public var clockLeeway: TimeInterval
    /// The deadline of each request to the provider.
    public var requestTimeout: Duration

    public init(
        issuer: String, clientID: String, clientSecret: String, redirectURL: String,
        scopes: [String] = ["openid", "email", "profile"], allowedEmailDomains: [String] = [],
        clientAuthentication: ClientAuthentication? = nil, cacheLifetime: TimeInterval = 3600,
        pendingLoginLifetime: TimeInterval = 600, clockLeeway: TimeInterval = 60,
        requestTimeout: Duration = .seconds(10)
    ) {
        self.issuer = issuer
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.redirectURL = redirectURL
        self.scopes = scopes
        self.allowedEmailDomains = allowedEmailDomains
        self.clientAuthentication = clientAuthentication
        self.cacheLifetime = cacheLifetime
        self.pendingLoginLifetime = pendingLoginLifetime
        self.clockLeeway = clockLeeway
        self.requestTimeout = requestTimeout
    }

    /// Checks the configuration before it is used.
    /// - Throws: `AuthError` `.invalidArgument` naming the field at fault.
    public func validate() throws(AuthError) {
        for (name, url) in [("issuer", issuer), ("redirect URL", redirectURL)] {
            guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
                scheme == "http" || scheme == "https", components.host?.isEmpty == false, components.query == nil,
                components.fragment == nil
            else {
                throw .invalidArgument(
                    "invalid OIDC \(name) '\(url)': it must be an http or https URL without query or fragment")
            }
        }
        guard !clientID.isEmpty else { throw .invalidArgument("the OIDC client ID is empty") }
        guard clientID.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .invalidArgument("the OIDC client ID has spaces, control or non-ASCII characters")
        }
        for domain in allowedEmailDomains where domain.isEmpty || domain.contains("@") || domain.contains(" ") {
            throw .invalidArgument(
                "invalid allowed email domain '\(domain)': give the part after '@', like example.com")
        }
        guard cacheLifetime > 0, pendingLoginLifetime > 0, clockLeeway >= 0, clockLeeway <= 600 else {
            throw .invalidArgument("the OIDC cache and sign-in lifetimes must be positive, the leeway 0 to 600 s")
        }
    }

    /// The scopes sent, with `openid` first.
    var effectiveScopes: [String] {
        ["openid"] + scopes.filter { $0 != "openid" && !$0.isEmpty }
    }

    /// Whether an email address's domain is allowed: the part after the last `@`, compared exactly without regard
    /// to case; any address when the list is empty.
    public func allowsEmail(_ email: String) -> Bool {
        guard !allowedEmailDomains.isEmpty else { return true }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, let domain = parts.last, !domain.isEmpty else { return false }
        return allowedEmailDomains.contains { $0.lowercased() == domain.lowercased() }
    }
}
