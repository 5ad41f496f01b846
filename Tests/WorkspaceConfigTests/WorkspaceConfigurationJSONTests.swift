import Testing
import WorkspaceConfig

@Suite struct WorkspaceConfigurationJSONTests {
    @Test func defaultConfigurationIsAnEmptyObject() {
        #expect(WorkspaceConfiguration().jsonText() == "{}")
    }

    @Test func showContract() throws {
        let (decoded, _) = GitpodConfigDecoder.decode(
            """
            image: {file: a.Dockerfile, context: ctx}
            tasks:
              - name: app
                init: make
                env: {A: 1}
              - command: run
            ports:
              - port: 3000
                name: web
                protocol: https
              - port: 4000-4010
                onOpen: ignore
                visibility: public
            env: {B: two}
            checkoutLocation: app
            workspaceLocation: app/src
            additionalRepositories:
              - url: https://example.com/r.git
            gitConfig: {core.autocrlf: input}
            vscode: {extensions: [x.y]}
            """, file: ".gitpod.yml")
        let configuration = try #require(decoded)
        #expect(
            configuration.jsonText() == """
                {
                  "additionalRepositories" : [
                    {
                      "url" : "https://example.com/r.git"
                    }
                  ],
                  "checkoutLocation" : "app",
                  "env" : {
                    "B" : "two"
                  },
                  "gitConfig" : {
                    "core.autocrlf" : "input"
                  },
                  "image" : {
                    "context" : "ctx",
                    "file" : "a.Dockerfile"
                  },
                  "ports" : [
                    {
                      "name" : "web",
                      "onOpen" : "notify",
                      "port" : 3000,
                      "protocol" : "https",
                      "visibility" : "private"
                    },
                    {
                      "onOpen" : "ignore",
                      "range" : [
                        4000,
                        4010
                      ],
                      "visibility" : "public"
                    }
                  ],
                  "tasks" : [
                    {
                      "env" : {
                        "A" : "1"
                      },
                      "init" : "make",
                      "name" : "app"
                    },
                    {
                      "command" : "run"
                    }
                  ],
                  "workspaceLocation" : "app/src"
                }
                """)
    }

    @Test func imageByNameIsAnObjectWithName() throws {
        var configuration = WorkspaceConfiguration()
        configuration.image = .name("gitpod/workspace-full")
        #expect(configuration.jsonText() == "{\n  \"image\" : {\n    \"name\" : \"gitpod/workspace-full\"\n  }\n}")
    }
}
