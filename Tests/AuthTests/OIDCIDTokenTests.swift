import Crypto
import Foundation
import Testing

@testable import Auth

@Suite struct OIDCIDTokenTests {
    typealias Signer = OIDCTokenSigner

    /// The message of the `.invalidIDToken` error that verifying `token` throws, or nil when it is accepted.
    func refusal(
        _ token: String, keySet: OIDCKeySet? = nil, expectation: OIDCIDTokenClaims.Expectation = Signer.expectation()
    ) throws -> String? {
        let keys = try keySet ?? Signer.keySet()
        do {
            _ = try OIDCIDTokenClaims.verify(token, with: keys, expecting: expectation)
            return nil
        } catch {
            #expect(error.code == .invalidIDToken)
            #expect(error.httpError.status == .unauthorized)
            return error.message
        }
    }

    @Test func acceptsAnRS256TokenAndReadsItsClaims() throws {
        let claims = try OIDCIDTokenClaims.verify(
            Signer.rs256(), with: Signer.keySet(), expecting: Signer.expectation())
        #expect(claims.subject == "user-1")
        #expect(claims.issuer == Signer.issuer)
        #expect(claims.audience == ["swiftpod"])
        #expect(claims.email == "ada@example.com")
        #expect(claims.emailVerified == true)
        #expect(claims.preferredUsername == "ada")
    }

    @Test func acceptsAnES256Token() throws {
        let claims = try OIDCIDTokenClaims.verify(
            Signer.es256(), with: Signer.keySet(), expecting: Signer.expectation())
        #expect(claims.subject == "user-1")
    }

    @Test func acceptsATokenWithoutKeyIDWhenAKeyOfItsTypeVerifiesIt() throws {
        let token = Signer.token(header: ["alg": "ES256"], claims: Signer.claims(), key: Signer.ecKey)
        #expect(try refusal(token) == nil)
    }

    @Test func refusesATamperedPayload() throws {
        let parts = Signer.rs256().split(separator: ".").map(String.init)
        let forged = Base64URL.encode(Signer.json(Signer.claims(["sub": "admin"])))
        let message = try refusal([parts[0], forged, parts[2]].joined(separator: "."))
        #expect(message == "the ID token was refused: the RS256 signature does not verify")
    }

    @Test func refusesASignatureByAnotherKey() throws {
        let message = try refusal(Signer.rs256(key: Signer.otherRSAKey))
        #expect(message == "the ID token was refused: the RS256 signature does not verify")
    }

    @Test func refusesATamperedES256Signature() throws {
        var parts = Signer.es256().split(separator: ".").map(String.init)
        var signature = try #require(Base64URL.decode(parts[2]))
        signature[10] ^= 0x01
        parts[2] = Base64URL.encode(signature)
        #expect(
            try refusal(parts.joined(separator: ".")) == "the ID token was refused: the ES256 signature does not verify"
        )
    }

    @Test func refusesAnES256SignatureInDERForm() throws {
        let signingInput =
            Base64URL.encode(Signer.json(["alg": "ES256", "kid": "ec-1"])) + "."
            + Base64URL.encode(Signer.json(Signer.claims()))
        let raw = Signer.ecKey.sign(Array(signingInput.utf8))
        let der = try #require(ECDSASignature.der(fromRaw: raw, coordinateLength: 32))
        let message = try refusal(signingInput + "." + Base64URL.encode(der))
        #expect(message == "the ID token was refused: the ES256 signature does not verify")
    }

    @Test func refusesAlgorithmNone() throws {
        let token = Signer.token(header: ["alg": "none"], claims: Signer.claims(), key: nil)
        #expect(
            try refusal(token)
                == "the ID token was refused: the algorithm 'none' is not accepted; only RS256 and ES256 are")
    }

    @Test func refusesHS256KeyedWithThePublicKey() throws {
        // The classic confusion attack: an HMAC "signature" whose secret is the provider's public key.
        let header = Base64URL.encode(Signer.json(["alg": "HS256", "kid": "rsa-1"]))
        let signingInput = header + "." + Base64URL.encode(Signer.json(Signer.claims()))
        let secret = Signer.rsaKey.publicNumbers["n"] ?? []
        let token = signingInput + "." + Base64URL.encode(HMAC.sha256(key: secret, message: Array(signingInput.utf8)))
        #expect(
            try refusal(token)
                == "the ID token was refused: the algorithm 'HS256' is not accepted; only RS256 and ES256 are")
    }

    @Test(arguments: [
        ("padding", "="), ("standard alphabet", "+"), ("whitespace", " "),
    ])
    func refusesBadBase64URL(_ kind: String, _ character: String) throws {
        let parts = Signer.rs256().split(separator: ".").map(String.init)
        let message = try refusal([parts[0], parts[1] + character, parts[2]].joined(separator: "."))
        #expect(message == "the ID token was refused: its payload is not valid unpadded base64url", "\(kind)")
    }

    @Test(arguments: ["", "a.b", "a.b.c.d", "....", "abc"])
    func refusesWhatIsNotACompactJWS(_ token: String) throws {
        let message = try #require(try refusal(token))
        #expect(message.hasPrefix("the ID token was refused: "))
    }

    @Test func refusesAnUnknownKeyID() throws {
        let message = try refusal(Signer.rs256(kid: "rotated-away"))
        #expect(message == "the ID token was refused: the provider publishes no RS256 key 'rotated-away'")
    }

    @Test func refusesAKeyOfTheWrongTypeForTheAlgorithm() throws {
        // RS256 named, but the kid is the EC key: no RSA key fits.
        let token = Signer.rs256(kid: "ec-1")
        #expect(try refusal(token) == "the ID token was refused: the provider publishes no RS256 key 'ec-1'")
    }

    @Test func refusesAnExpiredTokenButToleratesSmallSkew() throws {
        let now = Int(Signer.now.timeIntervalSince1970)
        let expired = try #require(try refusal(Signer.rs256(Signer.claims(["exp": now - 120]))))
        #expect(expired.hasPrefix("the ID token was refused: it expired at "))
        #expect(try refusal(Signer.rs256(Signer.claims(["exp": now - 30]))) == nil)
        let missing = try refusal(Signer.rs256(Signer.claims(removing: ["exp"])))
        #expect(missing == "the ID token was refused: it has no numeric expiry ('exp')")
    }

    @Test func refusesATokenIssuedInTheFutureOrNotYetValid() throws {
        let now = Int(Signer.now.timeIntervalSince1970)
        let future = try #require(try refusal(Signer.rs256(Signer.claims(["iat": now + 600]))))
        #expect(future.contains("issued in the future"))
        let notYet = try #require(try refusal(Signer.rs256(Signer.claims(["nbf": now + 600]))))
        #expect(notYet.contains("is not valid before"))
    }

    @Test func refusesTheWrongIssuer() throws {
        let message = try refusal(Signer.rs256(Signer.claims(["iss": "https://evil.example.com"])))
        #expect(
            message
                == "the ID token was refused: its issuer 'https://evil.example.com' is not the configured issuer "
                + "'https://id.example.com'")
    }

    @Test func refusesTheWrongAudience() throws {
        let message = try refusal(Signer.rs256(Signer.claims(["aud": "another-client"])))
        #expect(
            message
                == "the ID token was refused: its audience [\"another-client\"] does not include this client 'swiftpod'"
        )
    }

    @Test func acceptsAnAudienceArrayOnlyWithThisClientAsAuthorizedParty() throws {
        let audiences = ["other", "swiftpod"]
        #expect(try refusal(Signer.rs256(Signer.claims(["aud": audiences, "azp": "swiftpod"]))) == nil)
        #expect(try refusal(Signer.rs256(Signer.claims(["aud": ["swiftpod"]]))) == nil)
        let withoutParty = try refusal(Signer.rs256(Signer.claims(["aud": audiences])))
        #expect(withoutParty == "the ID token was refused: it has several audiences but no authorized party ('azp')")
        let otherParty = try refusal(Signer.rs256(Signer.claims(["aud": audiences, "azp": "other"])))
        #expect(otherParty == "the ID token was refused: its authorized party 'other' is not this client")
    }

    @Test func refusesTheWrongNonce() throws {
        let message = try refusal(Signer.rs256(), expectation: Signer.expectation(nonce: "another-sign-in"))
        #expect(message == "the ID token was refused: its nonce does not match the one this sign-in sent")
        let missing = try refusal(Signer.rs256(Signer.claims(removing: ["nonce"])))
        #expect(missing == "the ID token was refused: it has no nonce")
    }

    @Test func refusesAMissingSubject() throws {
        let message = try refusal(Signer.rs256(Signer.claims(["sub": ""])))
        #expect(message == "the ID token was refused: its subject ('sub') is missing, empty or longer than 255 bytes")
    }

    /// Some providers (Authlib among them) publish a P-256 coordinate without its leading zero bytes.
    @Test func acceptsAP256CoordinatePublishedWithoutItsLeadingZeros() throws {
        var key = SigningKey.generateP256()
        while key.publicNumbers["x"]?.first != 0 { key = SigningKey.generateP256() }
        var jwk = Signer.jwk(key, kid: "short-x")
        let x = try #require(key.publicNumbers["x"])
        jwk["x"] = Base64URL.encode(Array(x.drop { $0 == 0 }))
        let keySet = try OIDCKeySet.parse(Signer.json(["keys": [jwk]]))
        let token = Signer.token(header: ["alg": "ES256", "kid": "short-x"], claims: Signer.claims(), key: key)
        let claims = try OIDCIDTokenClaims.verify(token, with: keySet, expecting: Signer.expectation())
        #expect(claims.subject == "user-1")
    }

    @Test func keySetSkipsKeysItCannotUse() throws {
        let keys: [[String: Any]] = [
            ["kty": "RSA", "kid": "short", "n": Base64URL.encode([UInt8](repeating: 0xC5, count: 128)), "e": "AQAB"],
            ["kty": "EC", "crv": "P-384", "kid": "p384", "x": "AA", "y": "AA"],
            [
                "kty": "EC", "crv": "P-256", "kid": "off-curve",
                "x": Base64URL.encode([UInt8](repeating: 1, count: 32)),
                "y": Base64URL.encode([UInt8](repeating: 2, count: 32)),
            ],
            ["kty": "oct", "kid": "secret", "k": "c2VjcmV0"],
            Signer.jwk(Signer.rsaKey, kid: "encryption").merging(["use": "enc"]) { $1 },
            Signer.jwk(Signer.rsaKey, kid: "good"),
        ]
        let keySet = try OIDCKeySet.parse(Signer.json(["keys": keys]))
        #expect(keySet.entries.map(\.keyID) == ["good"])
        #expect(throws: AuthError.self) { try OIDCKeySet.parse(Array("[]".utf8)) }
    }

    @Test func discoveryDocumentMustNameTheConfiguredIssuer() throws {
        let document = Signer.json([
            "issuer": "https://id.example.com", "authorization_endpoint": "https://id.example.com/auth",
            "token_endpoint": "http://id.example.com/token", "jwks_uri": "http://id.example.com/jwks",
        ])
        let metadata = try OIDCProviderMetadata(json: document, expectedIssuer: "https://id.example.com")
        #expect(metadata.tokenEndpoint == "http://id.example.com/token")
        do {
            _ = try OIDCProviderMetadata(json: document, expectedIssuer: "https://id.example.com/")
            Issue.record("a discovery document for another issuer was accepted")
        } catch {
            #expect(error.code == .oidcProviderFailed)
            #expect(error.message.contains("is not the configured issuer 'https://id.example.com/'"))
        }
        #expect(
            OIDCProviderMetadata.discoveryURL(issuer: "https://id.example.com/")
                == "https://id.example.com/.well-known/openid-configuration")
    }
}
