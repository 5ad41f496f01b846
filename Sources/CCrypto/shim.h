// OpenSSL's libcrypto, as Swiftpod uses it: digests, HMAC and random bytes.
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
