import Testing

@testable import Auth

@Suite struct PasswordHasherTests {
    let hasher = PasswordHasher(iterations: 1_000)

    @Test func hashesInPHCFormatWithA16ByteSaltAndA32ByteHash() async throws {
        let encoded = await hasher.hash("correct horse")
        let fields = encoded.split(separator: "$", omittingEmptySubsequences: false)
        #expect(fields.count == 5)
        #expect(fields[1] == "pbkdf2-sha256")
        #expect(fields[2] == "i=1000")
        #expect(UnpaddedBase64.decode(fields[3])?.count == 16)
        #expect(UnpaddedBase64.decode(fields[4])?.count == 32)
        #expect(!fields[3].contains("=") && !fields[4].contains("="))
    }

    @Test func verifiesTheRightPasswordOnly() async {
        let encoded = await hasher.hash("correct horse")
        #expect(await hasher.verify("correct horse", against: encoded))
        #expect(!(await hasher.verify("correct hors", against: encoded)))
        #expect(!(await hasher.verify("Correct horse", against: encoded)))
        #expect(!(await hasher.verify("", against: encoded)))
    }

    @Test func eachHashHasItsOwnSalt() async {
        let first = await hasher.hash("correct horse")
        let second = await hasher.hash("correct horse")
        #expect(first != second)
        #expect(await hasher.verify("correct horse", against: second))
    }

    @Test func verifiesHashesMadeWithOtherIterationCounts() async {
        let old = await PasswordHasher(iterations: 10).hash("correct horse")
        #expect(await hasher.verify("correct horse", against: old))
        #expect(hasher.needsRehash(old))
        #expect(!hasher.needsRehash(await hasher.hash("x")))
        #expect(!PasswordHasher(iterations: 10).needsRehash(await hasher.hash("x")))
    }

    @Test func matchesAKnownHash() {
        // PBKDF2-HMAC-SHA256("password", "saltsalt", 4096), computed by Python's hashlib, as a PHC string.
        let encoded = "$pbkdf2-sha256$i=4096$c2FsdHNhbHQ$ZiMD/VuDIBLM8rT9ZlFkcm8vO44PH2jtvpsH6s4pwvU"
        #expect(PasswordHash(encoded)?.matches("password") == true)
        #expect(PasswordHash(encoded)?.matches("Password") == false)
        #expect(PasswordHash(encoded)?.encoded == encoded)
    }

    @Test(arguments: [
        "", "plain", "$pbkdf2-sha256$i=1000$c2FsdHNhbHQ$", "$pbkdf2-sha512$i=1000$c2FsdHNhbHQ$xeR41ZKIyEGqUw22hFxMjZ",
        "$pbkdf2-sha256$i=0$c2FsdHNhbHQ$xeR41ZKIyEGqUw22hFxMjZYok6ABzk4RpJY4c6qYE0o",
        "$pbkdf2-sha256$i=-5$c2FsdHNhbHQ$xeR41ZKIyEGqUw22hFxMjZYok6ABzk4RpJY4c6qYE0o",
        "$pbkdf2-sha256$i=99999999999$c2FsdHNhbHQ$xeR41ZKIyEGqUw22hFxMjZYok6ABzk4RpJY4c6qYE0o",
        "$pbkdf2-sha256$i=1000$not base64!$xeR41ZKIyEGqUw22hFxMjZYok6ABzk4RpJY4c6qYE0o",
        "$pbkdf2-sha256$i=1000$c2FsdHNhbHQ=$xeR41ZKIyEGqUw22hFxMjZYok6ABzk4RpJY4c6qYE0o",
        "$pbkdf2-sha256$i=1000$c2FsdHNhbHQ$xeR41ZKIyEGqUw22hFxMjZYok6ABzk4RpJY4c6qYE0o$extra",
        "$pbkdf2-sha256$rounds=1000$c2FsdHNhbHQ$xeR41ZKIyEGqUw22hFxMjZYok6ABzk4RpJY4c6qYE0o",
        "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
    ])
    func refusesMalformedHashes(_ encoded: String) async {
        #expect(PasswordHash(encoded) == nil)
        #expect(!(await hasher.verify("password", against: encoded)))
        #expect(hasher.needsRehash(encoded))
    }

    @Test func defaultsTo600000Iterations() {
        #expect(PasswordHasher().iterations == 600_000)
        #expect(PasswordHasher.defaultIterations >= 600_000)
    }

    @Test func hashesOnTheHashingQueueNotOnTheConcurrencyPool() async {
        #expect(!PasswordHashingThreads.isCurrent)
        #expect(await PasswordHashingThreads.run { PasswordHashingThreads.isCurrent })
    }

    @Test func hashesNonASCIIPasswords() async {
        let encoded = await hasher.hash("pässwörd ✓ 密码")
        #expect(await hasher.verify("pässwörd ✓ 密码", against: encoded))
        #expect(!(await hasher.verify("passwort ✓ 密码", against: encoded)))
    }
}

@Suite struct PasswordPolicyTests {
    @Test(arguments: ["correct horse", "12345678", "pässwörd", "  spaced  "])
    func acceptsReasonablePasswords(_ password: String) throws {
        try PasswordPolicy().check(password)
    }

    @Test(arguments: [
        ("", "at least 8 characters"), ("short", "at least 8 characters"), ("1234567", "at least 8 characters"),
        ("          ", "only whitespace"), ("line\none", "control characters"), ("tab\there", "control characters"),
        (String(repeating: "a", count: 1025), "at most 1024 bytes"),
    ])
    func refusesWeakPasswordsNamingTheRule(_ password: String, _ rule: String) {
        #expect {
            try PasswordPolicy().check(password)
        } throws: { error in
            guard let error = error as? AuthError else { return false }
            return error.code == .weakPassword && error.message.contains(rule)
        }
    }
}
