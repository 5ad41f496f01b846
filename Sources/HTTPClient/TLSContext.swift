import CTLS
import Foundation

/// OpenSSL's `SSL_CTX` for one `TLSConfiguration`: the trusted roots, TLS 1.2 or later, peer verification and ALPN
/// `http/1.1`. Created once per client and shared by all its TLS connections.
///
/// This type and `TLSSession` are the only code that touches libssl.
final class TLSContext: @unchecked Sendable {
    // Sendable: the context is fully set up in `init` and only read afterwards (by `SSL_new`), which OpenSSL allows
    // from any number of threads at once.
    private let context: OpaquePointer

    /// - Throws: `HTTPClientError` with `.invalidTLSConfiguration` when a trust root cannot be loaded.
    init(configuration: TLSConfiguration) throws {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw HTTPClientError(
                code: .invalidTLSConfiguration,
                message: "cannot create a TLS context: \(TLSContext.takeOpenSSLErrors())")
        }
        self.context = context
        // From here on `deinit` frees the context when a step below throws.
        guard ctls_ctx_require_tls12(context) == 1 else {
            throw HTTPClientError(
                code: .invalidTLSConfiguration,
                message: "cannot require TLS 1.2 or later: \(TLSContext.takeOpenSSLErrors())")
        }
        ctls_ctx_set_client_options(context)
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        if configuration.trustsSystemRoots {
            guard SSL_CTX_set_default_verify_paths(context) == 1 else {
                throw HTTPClientError(
                    code: .invalidTLSConfiguration,
                    message: "cannot load the system's CA certificates: \(TLSContext.takeOpenSSLErrors())")
            }
        }
        for path in configuration.additionalTrustRoots {
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw HTTPClientError(
                    code: .invalidTLSConfiguration,
                    message:
                        "cannot read the trusted CA certificates file '\(path)': it does not exist or is not readable"
                )
            }
            guard SSL_CTX_load_verify_file(context, path) == 1 else {
                throw HTTPClientError(
                    code: .invalidTLSConfiguration,
                    message:
                        "cannot load CA certificates from '\(path)' (expected PEM): \(TLSContext.takeOpenSSLErrors())"
                )
            }
        }
        // The length-prefixed protocol list; unlike most of OpenSSL, 0 means success here.
        let alpn: [UInt8] = [8] + Array("http/1.1".utf8)
        guard SSL_CTX_set_alpn_protos(context, alpn, UInt32(alpn.count)) == 0 else {
            throw HTTPClientError(
                code: .invalidTLSConfiguration, message: "cannot set ALPN: \(TLSContext.takeOpenSSLErrors())")
        }
    }

    deinit {
        SSL_CTX_free(context)
    }

    /// A new client session for `serverName` (a DNS name or an IP literal), verified against it.
    func makeSession(serverName: String) throws -> TLSSession {
        try TLSSession(context: context, serverName: serverName)
    }

    /// The reasons in this thread's OpenSSL error queue, oldest first, and empties the queue.
    static func takeOpenSSLErrors() -> String {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            if let reason = ERR_reason_error_string(code) {
                reasons.append(String(cString: reason))
            } else {
                var text = [CChar](repeating: 0, count: 256)
                ERR_error_string_n(code, &text, text.count)
                reasons.append(
                    String(decoding: text.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
        }
        return reasons.isEmpty ? "unknown OpenSSL error" : reasons.joined(separator: "; ")
    }
}
