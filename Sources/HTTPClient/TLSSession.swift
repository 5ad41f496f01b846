import Basics
import CTLS
import Glibc

/// One TLS client connection in OpenSSL, entirely in memory: ciphertext from the peer goes in with `feed(_:)`,
/// ciphertext for the peer comes out of `takeOutput(into:)`, and the handshake, encryption and decryption happen in
/// between over two memory BIOs. No call here touches a socket or blocks; `TLSStream` moves the ciphertext.
///
/// Not `Sendable`: an `SSL` object is used by one thread at a time, so a session belongs to one connection, which is
/// used by one task at a time.
final class TLSSession {
    /// What a read produced.
    enum ReadResult: Equatable {
        /// This many bytes of plaintext were appended.
        case bytes(Int)
        /// More ciphertext from the peer is needed.
        case needsInput
        /// The peer closed the connection with close_notify: the end of the stream, not a truncation.
        case closed
    }

    let serverName: String
    private let ssl: OpaquePointer
    /// Ciphertext from the peer; owned by `ssl`.
    private let input: OpaquePointer
    /// Ciphertext for the peer; owned by `ssl`.
    private let output: OpaquePointer

    init(context: OpaquePointer, serverName: String) throws {
        self.serverName = serverName
        ERR_clear_error()
        guard let ssl = SSL_new(context) else {
            throw HTTPClientError(
                code: .tlsFailed, message: "cannot start TLS to \(serverName): \(TLSContext.takeOpenSSLErrors())")
        }
        guard let input = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw HTTPClientError(
                code: .tlsFailed, message: "cannot start TLS to \(serverName): \(TLSContext.takeOpenSSLErrors())")
        }
        guard let output = BIO_new(BIO_s_mem()) else {
            BIO_free(input)
            SSL_free(ssl)
            throw HTTPClientError(
                code: .tlsFailed, message: "cannot start TLS to \(serverName): \(TLSContext.takeOpenSSLErrors())")
        }
        ctls_mem_bio_retry_when_empty(input)
        ctls_mem_bio_retry_when_empty(output)
        // The SSL object owns both BIOs from here on: `SSL_free` frees them.
        SSL_set_bio(ssl, input, output)
        SSL_set_connect_state(ssl)
        self.ssl = ssl
        self.input = input
        self.output = output
        // From here on `deinit` frees the SSL object when a step below throws.
        if TLSSession.isIPLiteral(serverName) {
            // Certificates name IP addresses in their own field, and SNI carries only DNS names.
            guard X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), serverName) == 1 else {
                throw HTTPClientError(
                    code: .tlsFailed,
                    message: "cannot verify IP address \(serverName): \(TLSContext.takeOpenSSLErrors())"
                )
            }
        } else {
            SSL_set_hostflags(ssl, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
            guard SSL_set1_host(ssl, serverName) == 1, ctls_set_server_name(ssl, serverName) == 1 else {
                throw HTTPClientError(
                    code: .tlsFailed,
                    message: "cannot use '\(serverName)' as a TLS server name: \(TLSContext.takeOpenSSLErrors())")
            }
        }
    }

    deinit {
        SSL_free(ssl)
    }

    /// Whether `host` is an IPv4 or IPv6 address rather than a DNS name.
    static func isIPLiteral(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    /// Advances the handshake with what has been fed so far.
    /// - Returns: true once the handshake is complete (and the peer verified), false when more input is needed.
    /// - Throws: `HTTPClientError` with `.certificateNotTrusted` when the peer's certificate fails verification,
    ///   `.tlsFailed` for any other failure.
    func handshake() throws -> Bool {
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        if result == 1 { return true }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return false
        default:
            let verification = SSL_get_verify_result(ssl)
            if verification != X509_V_OK {
                let reason =
                    X509_verify_cert_error_string(verification).map { String(cString: $0) } ?? "error \(verification)"
                _ = TLSContext.takeOpenSSLErrors()
                throw HTTPClientError(
                    code: .certificateNotTrusted, message: "the certificate of \(serverName) is not trusted: \(reason)")
            }
            throw HTTPClientError(
                code: .tlsFailed,
                message: "the TLS handshake with \(serverName) failed: \(TLSContext.takeOpenSSLErrors())")
        }
    }

    /// Hands ciphertext that arrived from the peer to OpenSSL.
    func feed(_ ciphertext: ByteBuffer) {
        ciphertext.withUnsafeReadableBytes { raw in
            guard let base = raw.baseAddress, raw.count > 0 else { return }
            // A memory BIO grows as needed, so the write takes every byte.
            _ = BIO_write(input, base, Int32(raw.count))
        }
    }

    /// Whether ciphertext is waiting to be sent to the peer.
    var hasOutput: Bool { BIO_ctrl_pending(output) > 0 }

    /// Whether ciphertext or plaintext from the peer is waiting to be read.
    var hasBufferedInput: Bool { BIO_ctrl_pending(input) > 0 || SSL_pending(ssl) > 0 }

    /// Moves the ciphertext waiting for the peer into `buffer`.
    func takeOutput(into buffer: inout ByteBuffer) {
        while true {
            let pending = Int(BIO_ctrl_pending(output))
            guard pending > 0 else { return }
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: pending) { raw in
                Int(BIO_read(output, raw.baseAddress, Int32(min(raw.count, Int(Int32.max)))))
            }
        }
    }

    /// Decrypts what it can into the free space of `buffer`.
    /// - Throws: `HTTPClientError` with `.tlsFailed` when the peer sent something that is not valid TLS.
    func read(into buffer: inout ByteBuffer) throws -> ReadResult {
        ERR_clear_error()
        var count = 0
        let result = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 16 << 10) { raw in
            SSL_read_ex(ssl, raw.baseAddress, raw.count, &count) == 1 ? count : -1
        }
        if result > 0 { return .bytes(result) }
        switch SSL_get_error(ssl, 0) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .needsInput
        case SSL_ERROR_ZERO_RETURN:
            return .closed
        default:
            throw HTTPClientError(
                code: .tlsFailed, message: "TLS error reading from \(serverName): \(TLSContext.takeOpenSSLErrors())")
        }
    }

    /// Encrypts `plaintext` for the peer; the ciphertext then waits in `takeOutput(into:)`.
    /// - Returns: how many bytes were taken, 0 when OpenSSL needs input from the peer first.
    func write(_ plaintext: UnsafeRawBufferPointer) throws -> Int {
        guard let base = plaintext.baseAddress, plaintext.count > 0 else { return 0 }
        ERR_clear_error()
        var written = 0
        if SSL_write_ex(ssl, base, plaintext.count, &written) == 1 { return written }
        switch SSL_get_error(ssl, 0) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return 0
        case SSL_ERROR_ZERO_RETURN:
            throw HTTPClientError(code: .connectionClosed, message: "\(serverName) closed the TLS connection")
        default:
            throw HTTPClientError(
                code: .tlsFailed, message: "TLS error writing to \(serverName): \(TLSContext.takeOpenSSLErrors())")
        }
    }

    /// Queues a close_notify alert for the peer (see `takeOutput(into:)`).
    func shutdown() {
        ERR_clear_error()
        _ = SSL_shutdown(ssl)
        ERR_clear_error()
    }
}
