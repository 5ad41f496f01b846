import Testing

@Test func placeholderCryptoTests() {
    #expect(Bool(true))
}
