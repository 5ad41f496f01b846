import Foundation

/// A throwaway certificate authority in a temporary directory, and server certificates it signs, made with the
/// `openssl` command (P-256 keys, so making them takes milliseconds).
public final class TestCertificateAuthority: Sendable {
    /// A server's certificate and private key, as PEM files.
    public struct Issued: Sendable {
        public let certificatePath: String
        public let keyPath: String
    }

    public let directory: TemporaryDirectory
    /// The CA's certificate, as a PEM file: what a client adds to its trust roots.
    public let certificatePath: String
    private let keyPath: String

    private init(directory: TemporaryDirectory) {
        self.directory = directory
        certificatePath = directory.path + "/ca.pem"
        keyPath = directory.path + "/ca.key"
    }

    /// Makes a new CA whose certificate carries `commonName`.
    public static func make(commonName: String = "Swiftpod Test CA") async throws -> TestCertificateAuthority {
        let authority = TestCertificateAuthority(directory: try TemporaryDirectory(prefix: "swiftpod-ca"))
        let config = authority.directory.path + "/ca.cnf"
        try """
        [req]
        distinguished_name = dn
        prompt = no
        x509_extensions = ca_ext
        [dn]
        CN = \(commonName)
        [ca_ext]
        basicConstraints = critical, CA:TRUE
        keyUsage = critical, keyCertSign, cRLSign
        subjectKeyIdentifier = hash
        """.write(toFile: config, atomically: false, encoding: .utf8)
        try await openssl([
            "req", "-x509", "-config", config, "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", authority.keyPath, "-out", authority.certificatePath, "-days", "2",
        ])
        return authority
    }

    /// Signs a server certificate for `dnsNames` and `ipAddresses`, valid from now for `days` (a negative number
    /// gives a certificate that has already expired).
    public func issue(
        _ label: String, dnsNames: [String] = ["localhost"], ipAddresses: [String] = ["127.0.0.1"], days: Int = 1
    ) async throws -> Issued {
        let base = directory.path + "/" + label
        let names = dnsNames.map { "DNS:\($0)" } + ipAddresses.map { "IP:\($0)" }
        try """
        [req]
        distinguished_name = dn
        prompt = no
        [dn]
        CN = \(dnsNames.first ?? ipAddresses.first ?? label)
        [leaf_ext]
        basicConstraints = CA:FALSE
        keyUsage = critical, digitalSignature
        extendedKeyUsage = serverAuth
        subjectAltName = \(names.joined(separator: ", "))
        authorityKeyIdentifier = keyid
        """.write(toFile: base + ".cnf", atomically: false, encoding: .utf8)
        try await TestCertificateAuthority.openssl([
            "req", "-new", "-config", base + ".cnf", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-keyout", base + ".key", "-out", base + ".csr",
        ])
        try await TestCertificateAuthority.openssl([
            "x509", "-req", "-in", base + ".csr", "-CA", certificatePath, "-CAkey", keyPath, "-set_serial",
            String(UInt32.random(in: 1...UInt32.max)), "-days", String(days), "-extfile", base + ".cnf", "-extensions",
            "leaf_ext", "-out", base + ".pem",
        ])
        return Issued(certificatePath: base + ".pem", keyPath: base + ".key")
    }

    private static func openssl(_ arguments: [String]) async throws {
        let result = try await runProcess("openssl", arguments)
        guard result.status == 0 else {
            throw OpenSSLCommandError(arguments: arguments, status: result.status, output: result.standardError)
        }
    }
}

/// An `openssl` command that failed while making test certificates.
public struct OpenSSLCommandError: Error, CustomStringConvertible {
    public let arguments: [String]
    public let status: Int32
    public let output: String

    public var description: String { "openssl \(arguments.joined(separator: " ")) exited with \(status): \(output)" }
}
