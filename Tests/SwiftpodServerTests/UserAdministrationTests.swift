import Auth
import Foundation
import HTTP
import Store
import Testing

/// `PATCH` and `DELETE /api/v1/users/:id`, which the dashboard's users page calls.
@Suite struct UserAdministrationTests {
    @Test func anAdministratorChangesRolesBlocksAndDeletesOthers() async throws {
        try await ServerFixture.with { fixture in
            let root = try await fixture.createUser("root", role: .admin)
            let ada = try await fixture.createUser("ada")
            let admin = try await fixture.token(for: root)
            let member = try await fixture.token(for: ada)

            let promoted = try await fixture.send(
                .patch, "/api/v1/users/\(ada.id)", json: #"{"role":"admin"}"#, token: admin)
            #expect(promoted.status == 200)
            #expect(promoted.json["role"] as? String == "admin")
            #expect(try await fixture.services.store.user(id: ada.id).role == .admin)

            let blocked = try await fixture.send(
                .patch, "/api/v1/users/\(ada.id)", json: #"{"blocked":true,"role":"member"}"#, token: admin)
            #expect(blocked.json["blocked"] as? Bool == true)
            #expect(try await fixture.send(.get, "/api/v1/tokens", token: member).status == 401)

            let badRole = try await fixture.send(
                .patch, "/api/v1/users/\(ada.id)", json: #"{"role":"owner"}"#, token: admin)
            #expect(badRole.status == 422)
            #expect(
                try await fixture.send(.patch, "/api/v1/users/nosuch", json: #"{"blocked":true}"#, token: admin)
                    .status == 404)

            #expect(try await fixture.send(.delete, "/api/v1/users/\(ada.id)", token: admin).status == 204)
            #expect(try await fixture.services.store.listUsers().map(\.username) == ["root"])
        }
    }

    @Test func anAdministratorCannotLockThemselvesOut() async throws {
        try await ServerFixture.with { fixture in
            let root = try await fixture.createUser("root", role: .admin)
            let admin = try await fixture.token(for: root)
            for body in [#"{"role":"member"}"#, #"{"blocked":true}"#] {
                let answer = try await fixture.send(.patch, "/api/v1/users/\(root.id)", json: body, token: admin)
                #expect(answer.status == 409, "\(body)")
                #expect(answer.body.contains("yourself"))
            }
            #expect(try await fixture.send(.delete, "/api/v1/users/\(root.id)", token: admin).status == 409)
            #expect(try await fixture.services.store.user(id: root.id).role == .admin)
        }
    }

    @Test func membersMayNotAdministerUsers() async throws {
        try await ServerFixture.with { fixture in
            let root = try await fixture.createUser("root", role: .admin)
            let ada = try await fixture.createUser("ada")
            let member = try await fixture.token(for: ada)
            let patch = try await fixture.send(
                .patch, "/api/v1/users/\(root.id)", json: #"{"blocked":true}"#, token: member)
            #expect(patch.status == 403)
            #expect(try await fixture.send(.delete, "/api/v1/users/\(root.id)", token: member).status == 403)
            #expect(try await fixture.services.store.user(id: root.id).blocked == false)
        }
    }
}
