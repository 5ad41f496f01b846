import CommandLineKit
import ContextURL
import Foundation

/// `swiftpod context`: what Swiftpod reads from a context URL.
struct ContextCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "context",
        abstract: "Reads context URLs: the repository, ref and path a workspace opens.",
        subcommands: [ContextParseCommand.self]
    )

    init(parsed: ParsedArguments) throws {}
}

/// `swiftpod context parse URL`: prints the workspace context a URL names, optionally resolved against the remote.
struct ContextParseCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Prints the repository, ref, path and environment variables a context URL names.",
        discussion: """
            Reads GitHub, GitLab, Gitea and Bitbucket page URLs (tree, blob, commit, pull and merge requests, \
            issues, releases), clone URLs (https, ssh, git@host:owner/repo.git) and a NAME=value,…/ prefix of \
            environment variables. Without --resolve nothing is fetched, so a ref with slashes stays provisional; \
            --resolve asks the remote with 'git ls-remote'. Exits with 1 and the reason when the URL is refused. \
            Examples:
              swiftpod context parse https://github.com/owner/repo/tree/feature/x/src --resolve
              swiftpod context parse --git-host git.example.com=gitea https://git.example.com/o/r/src/branch/main
            """,
        parameters: [
            .argument("url", help: "The context URL."),
            .flag("json", help: "Prints JSON instead of a summary."),
            .flag("resolve", help: "Resolves the ref, the default branch and the commit with 'git ls-remote'."),
            .flag(
                "allow-local-repos",
                help: "Allows file:// URLs and loopback or private-network hosts (as 'server --allow-local-repos')."),
            .option(
                "git-host", valueName: "host=kind", repeatable: true,
                help: "Declares a self-hosted git host: KIND is github, gitlab, gitea, bitbucket or git."),
        ]
    )

    let url: String
    let json: Bool
    let resolves: Bool
    let parser: ContextURLParser

    init(parsed: ParsedArguments) throws {
        url = try parsed.required("url")
        json = parsed.flag("json")
        resolves = parsed.flag("resolve")
        let hosts: GitHostConfiguration
        do {
            hosts = try GitHostConfiguration(declarations: parsed.strings("git-host"))
        } catch {
            throw ValidationError("invalid value for '--git-host': \(error)")
        }
        parser = ContextURLParser(hosts: hosts, allowLocalRepositories: parsed.flag("allow-local-repos"))
    }

    func run() async throws {
        print(try await output())
    }

    /// What the command prints.
    /// - Throws: `ContextURLError` when the URL is refused or cannot be resolved.
    func output() async throws -> String {
        var context = try parser.parse(url)
        if resolves {
            let lister = GitLsRemote(allowLocalRepositories: parser.allowLocalRepositories)
            context = try await ContextResolver(refLister: lister).resolve(context)
        }
        return json ? context.jsonText() : Self.summary(of: context)
    }

    /// The readable form: one `label  value` line per part that is present.
    static func summary(of context: WorkspaceContext) -> String {
        var lines: [(String, String)] = [
            ("repository", "\(context.host)/\(context.owner.isEmpty ? "" : context.owner + "/")\(context.repo)"),
            ("host kind", context.hostKind.rawValue),
            ("clone URL", context.cloneURL),
        ]
        switch (context.refType, context.ref) {
        case (.default, nil): lines.append(("ref", "the default branch"))
        case (.default, let ref?): lines.append(("ref", "\(ref) (the default branch)"))
        case (.pullRequest, let ref): lines.append(("ref", ref ?? "?"))
        case (let type, let ref): lines.append(("ref", "\(ref ?? "?") (\(type.rawValue))"))
        }
        if let unresolved = context.unresolvedRef {
            lines.append(
                ("unresolved", "\(unresolved.joined(separator: "/")): the ref may be longer (pass --resolve)"))
        }
        if let number = context.pullRequest { lines.append(("pull request", "#\(number)")) }
        if let commit = context.commit { lines.append(("commit", commit)) }
        if let path = context.path { lines.append(("path", path)) }
        for (name, value) in context.envVars.sorted(by: { $0.key < $1.key }) {
            lines.append(("env", "\(name)=\(value)"))
        }
        let width = lines.map(\.0.count).max() ?? 0
        return lines.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
            .joined(separator: "\n")
    }
}
