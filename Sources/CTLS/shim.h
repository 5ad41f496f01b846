// OpenSSL's libssl, as Swiftpod's HTTP client uses it: TLS client connections over memory BIOs.
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

// Macros and 64-bit option constants that Swift cannot import, as thin functions.

/// `SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION)`.
static inline int ctls_ctx_require_tls12(SSL_CTX *ctx) {
    return (int)SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
}

/// Turns off TLS compression (CRIME) and renegotiation, which an HTTP client has no use for.
static inline void ctls_ctx_set_client_options(SSL_CTX *ctx) {
    SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
}

/// `SSL_set_tlsext_host_name(ssl, name)`: the SNI server name.
static inline int ctls_set_server_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

/// `BIO_set_mem_eof_return(bio, -1)`: an empty memory BIO asks to retry instead of reporting the end of the stream.
static inline void ctls_mem_bio_retry_when_empty(BIO *bio) {
    (void)BIO_set_mem_eof_return(bio, -1);
}
