import Testing

@Test func placeholderNetIOTests() {
    #expect(Bool(true))
}
