import Foundation
import HTTP
import Store
import SwiftpodServer
import TestSupport
import Testing
import WorkspaceConfig
import WorkspaceManager

/// The server's side of `gp`: each workspace's channel on its own socket acts on that workspace and its owner only.
@Suite struct WorkspaceServerChannelTests {
    @Test func envListsTheMostSpecificVariablesOfTheRepositoryAndSetsAndUnsetsOwnerRepo() async throws {
        try await ChannelFixture.with { fixture in
            try await fixture.addVariable("FOO", "everywhere", pattern: "*/*")
            try await fixture.addVariable("FOO", "here", pattern: "ada/project")
            try await fixture.addVariable("BAR", "ada's", pattern: "ada/*")
            try await fixture.addVariable("OTHER", "elsewhere", pattern: "ada/other")
            try await fixture.addVariable("BOBS", "secret", pattern: "*/*", userID: "u2")

            let listed = try await fixture.send(.get, "/env")
            #expect(listed.status == 200)
            #expect(listed.json["repositoryPattern"] as? String == "ada/project")
            let variables = listed.json["variables"] as? [[String: String]] ?? []
            #expect(variables.map { "\($0["name"] ?? "")=\($0["value"] ?? "")" } == ["BAR=ada's", "FOO=here"])

            let set = try await fixture.send(
                .put, "/env",
                json: #"{"variables":[{"name":"NEW","value":"it's \"quoted\""},{"name":"FOO","value":"again"}]}"#)
            #expect(set.status == 200, "\(set.body)")
            #expect(
                try await fixture.variables(of: "u1") == [
                    "BAR=ada's@ada/*", "FOO=again@ada/project", "FOO=everywhere@*/*", "NEW=it's \"quoted\"@ada/project",
                    "OTHER=elsewhere@ada/other",
                ])

            // Unsetting deletes the owner/repo variable only; wider patterns belong to more than this repository.
            let unset = try await fixture.send(.delete, "/env/FOO")
            #expect(unset.json["deleted"] as? Bool == true)
            #expect(try await fixture.send(.delete, "/env/BAR").json["deleted"] as? Bool == false)
            #expect(
                try await fixture.variables(of: "u1") == [
                    "BAR=ada's@ada/*", "FOO=everywhere@*/*", "NEW=it's \"quoted\"@ada/project",
                    "OTHER=elsewhere@ada/other",
                ])
            #expect(try await fixture.variables(of: "u2") == ["BOBS=secret@*/*"])
        }
    }

    @Test(arguments: [
        (#"{"variables":[{"name":"1BAD","value":"x"}]}"#, 422, "'1BAD' is not a variable name"),
        (#"{"variables":[{"name":"EMPTY","value":""}]}"#, 422, "use gp env -u EMPTY"),
        (#"{"variables":[]}"#, 400, "set 1 to 100 variables at a time"),
        (#"{"names":[]}"#, 400, "lacks the field 'variables'"),
    ])
    func badVariablesAreRefusedAndNothingIsStored(body: String, status: Int, message: String) async throws {
        try await ChannelFixture.with { fixture in
            let answer = try await fixture.send(.put, "/env", json: body)
            #expect(answer.status == status)
            #expect(answer.errorMessage?.contains(message) == true, "\(answer.body)")
            #expect(try await fixture.variables(of: "u1").isEmpty)
        }
    }

    @Test func eachChannelActsForItsOwnWorkspaceAndOwner() async throws {
        try await ChannelFixture.with { fixture in
            try await fixture.addVariable("ADAS", "1", pattern: "*/*")
            try await fixture.addVariable("BOBS", "2", pattern: "*/*", userID: "u2")
            let bobs = try await fixture.send(.get, "/env", to: "w2")
            #expect((bobs.json["variables"] as? [[String: String]])?.map { $0["name"] } == ["BOBS"])
            #expect(
                try await fixture.send(.put, "/env", json: #"{"variables":[{"name":"X","value":"y"}]}"#, to: "w2")
                    .status == 200)
            #expect(try await fixture.variables(of: "u2") == ["BOBS=2@*/*", "X=y@bob/tools"])
            #expect(try await fixture.variables(of: "u1") == ["ADAS=1@*/*"])
            #expect(try await fixture.send(.put, "/timeout", json: #"{"timeout":"2h"}"#, to: "w2").status == 200)
            #expect(try await fixture.store.workspace(id: "w1").inactivityTimeout == nil)

            let info = try await fixture.send(.get, "/workspace", to: "w2")
            #expect(info.json["workspaceID"] as? String == "w2")
            #expect(info.json["owner"] as? String == "bob")
            // Not running: nothing to stop.
            let stop = try await fixture.send(.post, "/stop", to: "w2")
            #expect(stop.status == 409)

            // The socket reaches the container's root and the workspace user, and nobody else's workspace.
            var status = stat()
            #expect(lstat(fixture.socket("w1"), &status) == 0)
            #expect(status.st_mode & 0o777 == 0o666)
            #expect(status.st_mode & S_IFMT == S_IFSOCK)
        }
    }

    @Test func timeoutShowsSetsExtendsAndRefusesBadDurations() async throws {
        try await ChannelFixture.with { fixture in
            let initial = try await fixture.send(.get, "/timeout")
            #expect(initial.json["timeout"] as? String == "30m")
            #expect(initial.json["isDefault"] as? Bool == true)

            let set = try await fixture.send(.put, "/timeout", json: #"{"timeout":"2h"}"#)
            #expect(set.json["timeout"] as? String == "2h")
            #expect(set.json["humanReadable"] as? String == "2 hours")
            #expect(try await fixture.store.workspace(id: "w1").inactivityTimeout == .seconds(7200))
            #expect(try await fixture.send(.get, "/timeout").json["timeout"] as? String == "2h")

            for (text, message) in [
                ("25h", "a timeout of 25h is too long: the longest is 24h"),
                ("30s", "a timeout of 30s is too short: the shortest is 1m"),
                ("soon", "'soon' is not a duration: use hours, minutes and seconds, such as 30m, 2h or 1h30m"),
            ] {
                let bad = try await fixture.send(.put, "/timeout", json: #"{"timeout":"\#(text)"}"#)
                #expect(bad.status == 422)
                #expect(bad.errorMessage == message)
            }
            #expect(try await fixture.store.workspace(id: "w1").inactivityTimeout == .seconds(7200))

            let extended = try await fixture.send(.post, "/timeout/extend")
            #expect(extended.json["timeout"] as? String == "3h")
            #expect(try await fixture.store.workspace(id: "w1").inactivityTimeout == .seconds(3 * 3600))
        }
    }

    @Test func portsVisibilityGoesThroughTheAPIsCodePath() async throws {
        try await ChannelFixture.with { fixture in
            let answer = try await fixture.send(.put, "/ports/3000", json: #"{"visibility":"public"}"#)
            #expect(answer.status == 200, "\(answer.body)")
            #expect(answer.json["url"] as? String == "http://3000-w1.localhost:8080")
            // Listed now that it has a stored visibility; this workspace has no supervisor to ask whether it is open.
            #expect(answer.json["state"] as? String == "unknown")
            #expect(try await fixture.store.portVisibility(workspaceID: "w1", port: 3000) == "public")
            #expect(try await fixture.send(.put, "/ports/0", json: #"{"visibility":"public"}"#).status == 400)
            #expect(try await fixture.send(.put, "/ports/3000", json: #"{"visibility":"open"}"#).status == 400)
            #expect(try await fixture.store.portVisibility(workspaceID: "w2", port: 3000) == nil)
        }
    }

    @Test func portsListsConfiguredAndChosenPortsWithTheirURLs() async throws {
        try await ChannelFixture.with { fixture in
            var workspace = try await fixture.store.workspace(id: "w1")
            var configuration = WorkspaceConfiguration()
            var web = PortConfiguration(.single(8080))
            web.visibility = .public
            configuration.ports = [web, PortConfiguration(.single(5432)), PortConfiguration(.range(9000...9100))]
            workspace.configuration = configuration.jsonText()
            try await fixture.store.updateWorkspace(workspace)
            #expect(try await fixture.send(.put, "/ports/3000", json: #"{"visibility":"public"}"#).status == 200)

            let answer = try await fixture.send(.get, "/ports")
            #expect(answer.status == 200, "\(answer.body)")
            let ports = try #require(answer.json["ports"] as? [[String: Any]])
            #expect(ports.compactMap { $0["port"] as? Int } == [3000, 5432, 8080])
            #expect(
                ports.compactMap { $0["url"] as? String } == [
                    "http://3000-w1.localhost:8080", "http://5432-w1.localhost:8080", "http://8080-w1.localhost:8080",
                ])
            #expect(ports.compactMap { $0["visibility"] as? String } == ["public", "private", "public"])
            // Another workspace's channel lists its own ports only.
            #expect(try await fixture.send(.get, "/ports", to: "w2").body == #"{"ports":[]}"#)
        }
    }

    @Test func infoTellsOwnerRepositoryPhaseAndTimeout() async throws {
        try await ChannelFixture.with { fixture in
            let info = try await fixture.send(.get, "/workspace")
            #expect(info.json["owner"] as? String == "ada")
            #expect(info.json["repository"] as? String == "ada/project")
            #expect(info.json["phase"] as? String == "running")
            #expect(info.json["instanceID"] as? String == "i1")
            #expect((info.json["timeout"] as? [String: Any])?["timeout"] as? String == "30m")
            #expect(try await fixture.send(.get, "/workspaces").status == 404)
        }
    }

    @Test func stopAnswersFirstThenStopsTheWorkspaceAndClosesItsChannel() async throws {
        try await ChannelFixture.with { fixture in
            let answer = try await fixture.send(.post, "/stop")
            #expect(answer.status == 202, "\(answer.body)")
            try await withTimeout {
                while try await fixture.store.currentInstance(workspaceID: "w1")?.phase != .stopped {
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            #expect(await fixture.channels.openChannels() == ["w2"])
            #expect(!FileManager.default.fileExists(atPath: fixture.socket("w1")))
        }
    }

    @Test func aSymbolicLinkInTheSocketsPlaceIsNeitherFollowedNorReplaced() async throws {
        try await ChannelFixture.with { fixture in
            await fixture.channels.closeChannel(workspaceID: "w1")
            let target = fixture.directory.path + "/precious"
            try Data("keep\n".utf8).write(to: URL(fileURLWithPath: target))
            chmod(target, 0o600)
            try FileManager.default.createSymbolicLink(atPath: fixture.socket("w1"), withDestinationPath: target)
            await #expect(throws: WorkspaceChannelError.self) {
                try await fixture.channels.openChannel(
                    workspaceID: "w1", directory: fixture.manager.directory(workspaceID: "w1"))
            }
            let attributes = try FileManager.default.attributesOfItem(atPath: target)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            #expect(await fixture.channels.openChannels() == ["w2"])
            // Opening twice is one channel.
            try await fixture.channels.openChannel(
                workspaceID: "w2", directory: fixture.manager.directory(workspaceID: "w2"))
            #expect(try await fixture.send(.get, "/timeout", to: "w2").status == 200)
        }
    }
}

/// `gp timeout`'s durations, parsed and printed.
@Suite struct TimeoutDurationTests {
    @Test(arguments: [
        ("30m", 1800, "30m", "30 minutes"), ("2h", 7200, "2h", "2 hours"), ("1h30m", 5400, "1h30m", "90 minutes"),
        ("90m", 5400, "1h30m", "90 minutes"), ("24h", 86400, "24h", "24 hours"), ("1m30s", 90, "1m30s", "90 seconds"),
        ("60s", 60, "1m", "1 minute"),
    ])
    func durationsParseAndPrint(text: String, seconds: Int64, printed: String, words: String) throws {
        let timeout = try TimeoutDuration(parsing: text)
        #expect(timeout.duration == .seconds(seconds))
        #expect(timeout.description == printed)
        #expect(timeout.humanReadable == words)
    }

    @Test(arguments: ["", "30", "m", "1m1h", "1h1h", "-5m", "24h1s", "59s", "1.5h", "9999999h"])
    func badDurationsAreRefused(text: String) {
        #expect(throws: TimeoutDurationError.self) { try TimeoutDuration(parsing: text) }
    }

    @Test func extendIsGitpodsThreeHours() {
        #expect(TimeoutDuration.extended.description == "3h")
    }
}
