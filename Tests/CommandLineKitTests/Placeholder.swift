import Testing

@Test func placeholderCommandLineKitTests() {
    #expect(Bool(true))
}
