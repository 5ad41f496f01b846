import Basics
import Foundation
import HTTP
import HTTPClient

/// One OIDC provider as Swiftpod talks to it: its discovery document and key set, fetched over HTTP with a
/// deadline and cached for `cacheLifetime`; the key set is fetched again, at most once per token, when a token
/// names a key it does not have (the provider rotated its keys).
public actor OIDCProvider {
    public let configuration: OIDCProviderConfiguration
    private let client: HTTPClient
    private let clock: WallClock
    private var metadata: (value: OIDCProviderMetadata, fetchedAt: Date)?
    private var keySet: (value: OIDCKeySet, fetchedAt: Date)?

    /// The largest discovery document, key set or token response read.
    static let maximumResponseBytes = 1 << 20

    public init(configuration: OIDCProviderConfiguration, client: HTTPClient = .shared, clock: WallClock = .system) {
        self.configuration = configuration
        self.client = client
        self.clock = clock
    }

    /// The provider's discovery document, fetched when not cached or older than the cache lifetime.
    /// - Throws: `AuthError` `.oidcProviderFailed` when it cannot be fetched or is not the configured issuer's.
    public func discover() async throws -> OIDCProviderMetadata {
        if let metadata, clock.now().timeIntervalSince(metadata.fetchedAt) < configuration.cacheLifetime {
            return metadata.value
        }
        let url = OIDCProviderMetadata.discoveryURL(issuer: configuration.issuer)
        let body = try await fetch(url, what: "discovery document")
        let value = try OIDCProviderMetadata(json: body, expectedIssuer: configuration.issuer)
        metadata = (value, clock.now())
        return value
    }

    /// The keys that may check a token signed under `keyID`: from the cache, or fetched again once when the cache
    /// is stale or has no key with that `kid`.
    func keys(forKeyID keyID: String?) async throws -> OIDCKeySet {
        if let keySet, clock.now().timeIntervalSince(keySet.fetchedAt) < configuration.cacheLifetime,
            keyID.map({ keySet.value.contains(keyID: $0) }) ?? true
        {
            return keySet.value
        }
        let metadata = try await discover()
        let value = try OIDCKeySet.parse(try await fetch(metadata.jwksURI, what: "key set (JWKS)"))
        keySet = (value, clock.now())
        return value
    }

    /// Forgets the cached discovery document and key set.
    public func clearCache() {
        metadata = nil
        keySet = nil
    }

    /// Sends `request` with the configured deadline and reads the whole response.
    func send(_ request: HTTPClientRequest, what: String) async throws -> (status: HTTPStatus, body: [UInt8]) {
        do {
            let response = try await client.send(
                request, maxBytes: Self.maximumResponseBytes, deadline: .now + configuration.requestTimeout)
            return (response.head.status, response.body.readableArray)
        } catch let error as HTTPClientError {
            throw AuthError.oidcProviderFailed("the provider's \(what) could not be fetched: \(error.message)")
        }
    }

    private func fetch(_ url: String, what: String) async throws -> [UInt8] {
        let request: HTTPClientRequest
        do {
            request = try HTTPClientRequest(url: url, headers: ["Accept": "application/json"])
        } catch let error as HTTPClientError {
            throw AuthError.oidcProviderFailed("the provider's \(what) URL is not usable: \(error.message)")
        }
        let (status, body) = try await send(request, what: what)
        guard status.code == 200 else {
            throw AuthError.oidcProviderFailed("the provider's \(what) at \(url) answered \(status)")
        }
        return body
    }
}
