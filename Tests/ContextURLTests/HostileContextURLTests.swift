import ContextURL
import Testing

/// Input meant to make git run commands, read local files or reach the server's own network is refused with a
/// message that says why, and never crashes or echoes control characters.
@Suite struct HostileContextURLTests {
    static let unsafe: [(url: String, message: String)] = [
        ("ext::sh -c touch% /tmp/pwned", "'ext::' is a git transport helper"),
        ("ext::sh%20-c%20id", "'ext::' is a git transport helper"),
        ("fd::17", "'fd::' is a git transport helper"),
        ("anything::https://github.com/o/r", "'anything::' is a git transport helper"),
        ("A=1/ext::sh%20-c%20id", "'ext::' is a git transport helper"),
        ("--upload-pack=touch /tmp/pwned", "starts with '-'"),
        ("-oProxyCommand=id", "starts with '-'"),
        ("git@-oProxyCommand=id:o/r", "the host starts with '-'"),
        ("-oProxyCommand=id:o/r", "starts with '-'"),
        ("ssh://-oProxyCommand=id/o/r", "the host starts with '-'"),
        ("https://github.com/-o/r", "'-o' starts with '-'"),
        ("https://github.com/o/--upload-pack=x", "'--upload-pack=x' starts with '-'"),
        ("https://github.com/o/r/tree/--output=x", "the ref '--output=x' starts with '-'"),
        ("https://github.com/o/r/blob/main/-rf", "the path '-rf' starts with '-'"),
        ("https://git.example.net/o/-r.git", "the path segment '-r.git' starts with '-'"),
        ("https://github.com/o/r\n--upload-pack=x", "control character U+000A"),
        ("https://github.com/o/r\r", "control character U+000D"),
        ("https://github.com/o/r\u{0}", "control character U+0000"),
        ("https://github.com/o/r/tree/main%0Aevil", "control character U+000A"),
        ("A=x%0Ay/https://github.com/o/r", "the value of A contains the control character U+000A"),
        ("https://github.com/o/r\u{202E}", "control character U+202E"),
        ("https://user:secret@github.com/o/r", "it contains a password"),
        ("https://:token@github.com/o/r", "it contains a password"),
        ("https://github.com/o/../../etc/passwd", "'..' segment"),
        ("https://github.com/o/r/blob/main/../../x", "'..' segment"),
        ("https://github.com/o/r/blob/main/%2e%2e/x", "'..' segment"),
        ("https://github.com/o/r/blob/main/a%2F..%2Fb", "encoded '..' segment"),
        ("https://github.com/./r", "'.' segment"),
        ("https://2130706433/o/r", "looks like a numeric address"),
        ("https://0x7f.1/o/r", "looks like a numeric address"),
        ("https://127.1/o/r", "looks like a numeric address"),
    ]

    @Test(arguments: unsafe)
    func refusedWithAReason(url: String, message: String) {
        let error = #expect(throws: ContextURLError.self) {
            _ = try ContextURLParser(allowLocalRepositories: true).parse(url)
        }
        let description = error?.description ?? "no error"
        #expect(description.contains(message), "\(description)")
        #expect(!description.contains("\n"), "the message must stay one line: \(description)")
    }

    @Test(arguments: [
        "https://github.com:0/o/r", "https://github.com:65536/o/r", "https://github.com:http/o/r",
        "https://github.com:/o/r", "ssh://git@github.com:999999/o/r",
    ])
    func portsOutOfRangeAreRefused(url: String) {
        let error = #expect(throws: ContextURLError.self) { _ = try ContextURLParser().parse(url) }
        #expect(error?.description.contains("is not a number from 1 to 65535") == true)
    }

    static let local: [(url: String, reason: String)] = [
        ("file:///srv/repos/app.git", "file:// URLs read this machine's files"),
        ("https://localhost/o/r", "'localhost' is this machine"),
        ("http://LOCALHOST.:3000/o/r", "'localhost' is this machine"),
        ("https://gitea.localhost/o/r", "'gitea.localhost' is this machine"),
        ("localhost:3000/o/r", "'localhost' is this machine"),
        ("https://127.0.0.1/o/r", "127.0.0.1 is a loopback address"),
        ("https://10.1.2.3/o/r", "10.1.2.3 is a private-network address (10.0.0.0/8)"),
        ("https://172.16.0.1/o/r", "172.16.0.1 is a private-network address (172.16.0.0/12)"),
        ("https://172.31.255.255/o/r", "(172.16.0.0/12)"),
        ("git@192.168.1.10:o/r.git", "192.168.1.10 is a private-network address (192.168.0.0/16)"),
        ("http://169.254.169.254/latest/meta-data", "169.254.169.254 is a link-local address"),
        ("https://0.0.0.0/o/r", "0.0.0.0 is an unspecified address"),
        ("https://[::1]/o/r", "[::1] is the loopback address"),
        ("https://[fd00::1]/o/r", "[fd00::1] is a unique local address (fc00::/7)"),
        ("https://[fe80::1]/o/r", "[fe80::1] is a link-local address (fe80::/10)"),
        ("https://[::ffff:127.0.0.1]/o/r", "an IPv4-mapped address, a loopback address"),
        ("ssh://git@[fc00::5]:2222/o/r", "unique local address"),
    ]

    @Test(arguments: local)
    func localRepositoriesAreRefusedByDefault(url: String, reason: String) throws {
        let error = #expect(throws: ContextURLError.self) { _ = try ContextURLParser().parse(url) }
        #expect(error?.code == .localRepository)
        #expect(error?.description.contains(reason) == true, "\(error?.description ?? "no error")")
        #expect(error?.description.contains("--allow-local-repos") == true)
        let allowed = try ContextURLParser(allowLocalRepositories: true).parse(url)
        #expect(!allowed.repo.isEmpty)
    }

    @Test(arguments: [
        "https://172.32.0.1/o/r", "https://192.169.0.1/o/r", "https://11.0.0.1/o/r",
        "https://[2001:db8::1]/o/r", "https://localhost.example.com/o/r",
    ])
    func publicAddressesAreAllowed(url: String) throws {
        #expect(try ContextURLParser().parse(url).repo == "r")
    }

    @Test func fileURLsWorkWhenLocalRepositoriesAreAllowed() throws {
        let parser = ContextURLParser(allowLocalRepositories: true)
        let context = try parser.parse("file:///srv/git/team/app.git/")
        #expect(context.repo == "app")
        #expect(context.owner == "/srv/git/team")
        #expect(context.host == "localhost")
        #expect(context.cloneURL == "file:///srv/git/team/app.git")
        #expect(context.refType == .default)
        let worktree = try parser.parse("file://localhost/home/me/project/.git")
        #expect(worktree.repo == "project")
        #expect(worktree.cloneURL == "file:///home/me/project/.git")
        #expect(throws: ContextURLError.self) { try parser.parse("file://otherhost/x") }
        #expect(throws: ContextURLError.self) { try parser.parse("file:///srv/../etc") }
        #expect(throws: ContextURLError.self) { try parser.parse("file:///") }
    }

    @Test func messagesEscapeWhatTheyQuote() {
        let error = #expect(throws: ContextURLError.self) {
            _ = try ContextURLParser().parse("https://github.com/o/r\u{1B}[31m")
        }
        let description = error?.description ?? ""
        #expect(!description.unicodeScalars.contains("\u{1B}"))
        #expect(description.contains("\\u{1b}[31m"))
    }

    /// Every prefix of some tricky inputs either parses or throws a `ContextURLError`: none crashes.
    @Test func prefixesOfTrickyInputsNeverCrash() {
        let inputs = [
            "A=1,B=x%2Fy/https://user@[2001:db8::1]:8443/g/s/r/-/merge_requests/42/diffs?x=1#https://x",
            "ssh://git@gitlab.com:22/group/sub/repo.git/",
            "https://gitpod.io/#FOO=%zz/git@github.com:o/r",
        ]
        for input in inputs {
            for length in 0...input.count {
                do {
                    _ = try ContextURLParser().parse(String(input.prefix(length)))
                } catch {
                    #expect(error is ContextURLError)
                }
            }
        }
    }
}
