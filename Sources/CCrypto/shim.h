// OpenSSL's libcrypto, as Swiftpod uses it: digests, HMAC, random bytes, and public-key signatures.
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

/// `EVP_PKEY_PUBLIC_KEY`, a macro Swift cannot import: the selection for `EVP_PKEY_fromdata` of a public key.
static inline int ccrypto_selection_public_key(void) { return EVP_PKEY_PUBLIC_KEY; }
