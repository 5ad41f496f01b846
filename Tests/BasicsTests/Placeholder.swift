import Testing

@Test func placeholderBasicsTests() {
    #expect(Bool(true))
}
