import Foundation
import SwiftpodServer
import Testing

@Suite struct EnvironmentVariableRoutesTests {
    @Test func variablesAreSetListedUpdatedAndUnsetPerRepositoryPattern() async throws {
        try await ServerFixture.with { server in
            let ada = try await server.createUser("ada")
            let token = try await server.token(for: ada)
            let put = { (name: String, body: String) in
                try await server.send(.put, "/api/v1/env/\(name)", json: body, token: token)
            }
            #expect(try await put("API_KEY", #"{"value":"everywhere"}"#).status == 201)
            #expect(try await put("API_KEY", #"{"value":"ours","repositoryPattern":"gitpod-io/*"}"#).status == 201)
            let updated = try await put("API_KEY", #"{"value":"ours, v2","repositoryPattern":"gitpod-io/*"}"#)
            #expect(updated.status == 200)
            #expect(updated.json["value"] as? String == "ours, v2")

            let list = try await server.send(.get, "/api/v1/env", token: token)
            let items = try #require(list.json["items"] as? [[String: Any]])
            #expect(items.count == 2)
            #expect(Set(items.compactMap { $0["repositoryPattern"] as? String }) == ["*/*", "gitpod-io/*"])

            #expect(
                try await server.services.environmentVariables(
                    userID: ada.id, cloneURL: "https://github.com/gitpod-io/gitpod.git") == ["API_KEY": "ours, v2"])
            #expect(
                try await server.services.environmentVariables(
                    userID: ada.id, cloneURL: "https://github.com/someone/else.git") == ["API_KEY": "everywhere"])

            let ambiguous = try await server.send(.delete, "/api/v1/env/API_KEY", token: token)
            #expect(ambiguous.status == 400)
            #expect(ambiguous.body.contains("repositoryPattern"))
            let deleted = try await server.send(
                .delete, "/api/v1/env/API_KEY?repositoryPattern=gitpod-io%2F%2A", token: token)
            #expect(deleted.status == 204)
            #expect(try await server.send(.delete, "/api/v1/env/API_KEY", token: token).status == 204)
            #expect(try await server.send(.delete, "/api/v1/env/API_KEY", token: token).status == 404)
        }
    }

    @Test func badNamesPatternsAndOtherUsersVariablesAreRefused() async throws {
        try await ServerFixture.with { server in
            let ada = try await server.createUser("ada")
            let bob = try await server.createUser("bob")
            let token = try await server.token(for: ada)
            let badPattern = try await server.send(
                .put, "/api/v1/env/NAME", json: #"{"value":"x","repositoryPattern":"owner"}"#, token: token)
            #expect(badPattern.status == 422)
            #expect(badPattern.body.contains("owner/repo"))
            let badName = try await server.send(.put, "/api/v1/env/1ABC", json: #"{"value":"x"}"#, token: token)
            #expect(badName.status == 422)
            let noValue = try await server.send(.put, "/api/v1/env/NAME", json: "{}", token: token)
            #expect(noValue.status == 400)

            #expect(
                try await server.send(.put, "/api/v1/env/SECRET", json: #"{"value":"ada's"}"#, token: token).status
                    == 201)
            let bobs = try await server.send(.get, "/api/v1/env", token: try await server.token(for: bob))
            #expect(bobs.status == 200)
            #expect(!bobs.body.contains("ada's"))
            let bobDeletes = try await server.send(
                .delete, "/api/v1/env/SECRET", token: try await server.token(for: bob))
            #expect(bobDeletes.status == 404)
            #expect(try await server.send(.get, "/api/v1/env").status == 401)
        }
    }
}
