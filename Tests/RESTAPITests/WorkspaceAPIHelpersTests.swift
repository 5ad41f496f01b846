import Testing

@testable import RESTAPI

/// The pure pieces of the API: repository names for the list filter, following a terminal's scrollback, and the
/// route table's OpenAPI paths.
@Suite struct WorkspaceAPIHelpersTests {
    @Test(arguments: [
        ("https://github.com/Owner/Repo.git", "owner/repo"),
        ("https://gitlab.example.com/group/sub/project", "sub/project"),
        ("git@github.com:owner/repo.git", "owner/repo"),
        ("file:///srv/git/team/app.git", "team/app"),
    ])
    func repositoryNames(cloneURL: String, name: String) {
        #expect(WorkspaceAPI.repositoryName(of: cloneURL) == name)
    }

    @Test func aCloneURLWithOneComponentHasNoRepositoryName() {
        #expect(WorkspaceAPI.repositoryName(of: "https://example.com/repo") == nil)
    }

    @Test func followingAScrollbackSendsOnlyWhatIsNew() {
        let first = Array("line one\nline two\n".utf8)
        #expect(WorkspaceAPI.newOutput(previous: [], current: first) == first)
        #expect(WorkspaceAPI.newOutput(previous: first, current: first).isEmpty)
        let grown = first + Array("line three\n".utf8)
        #expect(WorkspaceAPI.newOutput(previous: first, current: grown) == Array("line three\n".utf8))
        // A full scrollback drops bytes at its start.
        let rotated = Array(grown.dropFirst(9)) + Array("four\n".utf8)
        #expect(WorkspaceAPI.newOutput(previous: grown, current: rotated) == Array("four\n".utf8))
        // Nothing in common: all of it is new.
        #expect(WorkspaceAPI.newOutput(previous: first, current: Array("other".utf8)) == Array("other".utf8))
    }

    @Test func routePatternsBecomeOpenAPIPaths() {
        let route = APIRoute(.put, "/api/v1/workspaces/:id/ports/:port", .setPortVisibility, "")
        #expect(route.openAPIPath == "/api/v1/workspaces/{id}/ports/{port}")
        #expect(route.parameterNames == ["id", "port"])
        #expect(Set(APIRoute.all.map(\.operation)) == Set(APIRoute.Operation.allCases))
    }
}
