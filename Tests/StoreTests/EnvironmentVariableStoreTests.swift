import Foundation
import Store
import Testing

@Suite struct EnvironmentVariableStoreTests {
    @Test func variablesAreCreatedListedUpdatedAndDeleted() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        try await store.createUser(Sample.user())
        let everywhere = EnvironmentVariable(
            id: "e1", userID: "u1", name: "NPM_TOKEN", value: "secret", repositoryPattern: "*/*")
        var demo = EnvironmentVariable(
            id: "e2", userID: "u1", name: "NPM_TOKEN", value: "other", repositoryPattern: "swiftpod/demo")
        let api = EnvironmentVariable(id: "e3", userID: "u1", name: "API_URL", value: "x", repositoryPattern: "*/api")
        for variable in [everywhere, demo, api] { try await store.createEnvironmentVariable(variable) }
        #expect(try await store.environmentVariables(userID: "u1") == [api, everywhere, demo])

        demo.value = "rotated"
        demo.repositoryPattern = "swiftpod/*"
        try await store.updateEnvironmentVariable(demo)
        #expect(try await store.environmentVariables(userID: "u1").last == demo)

        try await store.deleteEnvironmentVariable(id: "e1")
        #expect(try await store.environmentVariables(userID: "u1").map(\.id) == ["e3", "e2"])
        #expect(await storeError { try await store.deleteEnvironmentVariable(id: "e1") }?.code == .notFound)
        #expect(await storeError { try await store.updateEnvironmentVariable(everywhere) }?.code == .notFound)
    }

    @Test func aNameIsUniquePerUserAndPattern() async throws {
        let fixture = try await StoreFixture()
        try await fixture.store.createUser(Sample.user())
        try await fixture.store.createUser(Sample.user("u2", username: "grace"))
        try await fixture.store.createEnvironmentVariable(
            EnvironmentVariable(id: "e1", userID: "u1", name: "A", value: "1", repositoryPattern: "o/r"))
        let error = await storeError {
            try await fixture.store.createEnvironmentVariable(
                EnvironmentVariable(id: "e2", userID: "u1", name: "A", value: "2", repositoryPattern: "o/r"))
        }
        #expect(error?.code == .conflict)
        #expect(error?.message == "the variable 'A' is already set for repositories 'o/r'")
        // Another user may use the same name and pattern.
        try await fixture.store.createEnvironmentVariable(
            EnvironmentVariable(id: "e3", userID: "u2", name: "A", value: "3", repositoryPattern: "o/r"))
    }

    @Test(arguments: ["owner", "/repo", "owner/", "a/b/c", "ow*/repo", "*", ""])
    func malformedPatternsAreRefused(_ pattern: String) async throws {
        let fixture = try await StoreFixture()
        try await fixture.store.createUser(Sample.user())
        let error = await storeError {
            try await fixture.store.createEnvironmentVariable(
                EnvironmentVariable(id: "e1", userID: "u1", name: "A", value: "1", repositoryPattern: pattern))
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("'\(pattern)'") == true)
    }

    @Test(arguments: ["owner/repo", "owner/*", "*/repo", "*/*"])
    func wellFormedPatternsAreAccepted(_ pattern: String) {
        #expect(EnvironmentVariable.patternProblem(pattern) == nil)
    }
}
