/// How the client verifies the servers it reaches over `https://`.
///
/// Verification is always on: the server's certificate must chain to a trusted root, be valid now, and name the host
/// of the URL (or its IP address). There is deliberately no switch to turn that off; a server with a private CA is
/// reached by adding that CA's certificate to `additionalTrustRoots`.
public struct TLSConfiguration: Sendable, Hashable {
    /// PEM files of CA certificates trusted besides the system's store (`/etc/ssl/certs`): the CA of a self-hosted
    /// identity provider, say.
    public var additionalTrustRoots: [String]
    /// Whether the system's CA store is trusted. Off only for a client that must trust its additional roots alone.
    public var trustsSystemRoots: Bool

    /// - Parameters:
    ///   - additionalTrustRoots: paths of PEM files with CA certificates to trust besides the system's.
    ///   - trustsSystemRoots: whether the system's CA store is trusted too.
    public init(additionalTrustRoots: [String] = [], trustsSystemRoots: Bool = true) {
        self.additionalTrustRoots = additionalTrustRoots
        self.trustsSystemRoots = trustsSystemRoots
    }
}
