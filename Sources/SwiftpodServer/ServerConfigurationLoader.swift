import Basics
import ContextURL
import Foundation
import NetIO
import WorkspaceManager
import YAML

/// Resolves a `ServerConfiguration` from its layers: command-line values, then `SWIFTPOD_*` environment variables,
/// then the YAML config file, then defaults. Each error names where the bad value came from.
///
/// A setting named `public-url` is `--public-url` on the command line, `SWIFTPOD_PUBLIC_URL` in the environment and
/// `public-url:` in the file, where nested mappings join with `-` (`oidc: {issuer: …}` is `oidc-issuer`).
public struct ServerConfigurationLoader: Sendable {
    /// The settings, by their flag names.
    public static let settingNames: [String] = [
        "listen", "public-url", "data-dir", "engine", "allow-local-repos", "git-host", "workspace-binaries",
        "inactivity-timeout", "maximum-lifetime", "initialization-timeout", "keep-stopped-files", "oidc-issuer",
        "oidc-client-id", "oidc-client-secret", "oidc-client-secret-file", "oidc-ca-file", "oidc-allowed-email-domains",
        "log-format",
        "log-level",
    ]

    /// The settings that take several values: repeated flags, a YAML sequence, or a comma-separated variable.
    public static let repeatableNames: Set<String> = ["git-host", "oidc-allowed-email-domains"]

    /// The values given on the command line, by setting name.
    public var commandLine: [String: [String]]
    public var environment: [String: String]
    /// The config file's text and path, when there is one.
    public var file: (path: String, text: String)?
    /// The data directory when none is configured.
    public var defaultDataDirectory: String

    public init(
        commandLine: [String: [String]], environment: [String: String], file: (path: String, text: String)? = nil,
        defaultDataDirectory: String
    ) {
        self.commandLine = commandLine
        self.environment = environment
        self.file = file
        self.defaultDataDirectory = defaultDataDirectory
    }

    /// The environment variable of a setting: `SWIFTPOD_PUBLIC_URL` for `public-url`.
    public static func environmentVariable(_ name: String) -> String {
        "SWIFTPOD_" + name.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// One value with where it came from.
    struct Value {
        var values: [String]
        var origin: String
        var text: String { values.last ?? "" }
    }

    /// Resolves every setting.
    /// - Throws: `ServerConfigurationError` naming the flag, variable or file line of the first bad value.
    public func load() throws(ServerConfigurationError) -> ServerConfiguration {
        let fileValues = try parseFile()
        func value(_ name: String) -> Value? {
            if let given = commandLine[name], !given.isEmpty { return Value(values: given, origin: "'--\(name)'") }
            let variable = Self.environmentVariable(name)
            if let text = environment[variable], !text.isEmpty {
                let values =
                    Self.repeatableNames.contains(name)
                    ? text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } : [text]
                return Value(values: values, origin: variable)
            }
            return fileValues[name]
        }
        func invalid(_ value: Value, _ expected: String) -> ServerConfigurationError {
            ServerConfigurationError("invalid value '\(value.text)' for \(value.origin): expected \(expected)")
        }

        var configuration = ServerConfiguration(dataDirectory: defaultDataDirectory)
        if let listen = value("listen") {
            do {
                configuration.listen = try SocketAddress(parsing: listen.text)
            } catch {
                throw invalid(listen, "HOST:PORT, [IPv6]:PORT or unix:/path (\(error))")
            }
        }
        if let url = value("public-url") {
            guard Self.isHTTPURL(url.text) else { throw invalid(url, "an http:// or https:// URL with a host") }
            configuration.publicURL = url.text
        }
        if let directory = value("data-dir") {
            guard directory.text.hasPrefix("/") else { throw invalid(directory, "an absolute path") }
            configuration.dataDirectory = directory.text
        }
        if let engine = value("engine") {
            guard engine.text.hasPrefix("unix:///") else { throw invalid(engine, "unix:///path/to/socket") }
            configuration.engine = engine.text
        }
        if let allow = value("allow-local-repos") {
            guard let flag = Self.parseBool(allow.text) else { throw invalid(allow, "true or false") }
            configuration.allowLocalRepositories = flag
        }
        if let hosts = value("git-host") {
            do {
                configuration.gitHosts = try GitHostConfiguration(declarations: hosts.values)
            } catch {
                throw ServerConfigurationError("invalid value for \(hosts.origin): \(error)")
            }
        }
        if let binaries = value("workspace-binaries") {
            guard binaries.text.hasPrefix("/") else { throw invalid(binaries, "an absolute path") }
            configuration.workspaceBinaries = binaries.text
        }
        let durations: [(String, WritableKeyPath<WorkspaceTimeouts, Duration>)] = [
            ("inactivity-timeout", \.inactivity), ("maximum-lifetime", \.maximumLifetime),
            ("initialization-timeout", \.initialization),
        ]
        for (name, keyPath) in durations {
            guard let given = value(name) else { continue }
            guard let duration = Self.parseDuration(given.text) else {
                throw invalid(given, "a duration such as 90s, 30m, 36h or 2d")
            }
            configuration.timeouts[keyPath: keyPath] = duration
        }
        if let kept = value("keep-stopped-files") {
            if kept.text == "0" {
                configuration.keptFiles.duration = .zero
            } else if let duration = Self.parseDuration(kept.text) {
                configuration.keptFiles.duration = duration
            } else {
                throw invalid(kept, "a duration such as 12h or 7d, or 0 to keep none")
            }
        }
        configuration.oidc = try oidcSettings(value)
        if let format = value("log-format") {
            guard let parsed = LogFormat(rawValue: format.text) else { throw invalid(format, "logfmt or json") }
            configuration.logFormat = parsed
        }
        if let level = value("log-level") {
            guard let parsed = LogLevel(name: level.text) else {
                throw invalid(level, "trace, debug, info, notice, warning, error or critical")
            }
            configuration.logLevel = parsed
        }
        return configuration
    }

    private func oidcSettings(_ value: (String) -> Value?) throws(ServerConfigurationError) -> OIDCSettings? {
        let issuer = value("oidc-issuer")
        let clientID = value("oidc-client-id")
        var secret = value("oidc-client-secret")?.text
        if let file = value("oidc-client-secret-file") {
            guard let text = try? String(contentsOfFile: file.text, encoding: .utf8) else {
                throw ServerConfigurationError("cannot read the file '\(file.text)' named by \(file.origin)")
            }
            secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let domains = value("oidc-allowed-email-domains")?.values.filter { !$0.isEmpty } ?? []
        let caFile = value("oidc-ca-file")
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile.text) {
            throw ServerConfigurationError("cannot read the file '\(caFile.text)' named by \(caFile.origin)")
        }
        guard let issuer else {
            if clientID != nil || secret != nil || !domains.isEmpty || caFile != nil {
                throw ServerConfigurationError(
                    "OIDC settings are given but the issuer is not: set --oidc-issuer (or SWIFTPOD_OIDC_ISSUER)")
            }
            return nil
        }
        guard Self.isHTTPURL(issuer.text) else {
            throw ServerConfigurationError(
                "invalid value '\(issuer.text)' for \(issuer.origin): expected an http:// or https:// URL")
        }
        guard let clientID, !clientID.text.isEmpty else {
            throw ServerConfigurationError("--oidc-issuer is set but --oidc-client-id (SWIFTPOD_OIDC_CLIENT_ID) is not")
        }
        guard let secret, !secret.isEmpty else {
            throw ServerConfigurationError(
                "--oidc-issuer is set but no client secret is: set SWIFTPOD_OIDC_CLIENT_SECRET or "
                    + "--oidc-client-secret-file")
        }
        return OIDCSettings(
            issuer: issuer.text, clientID: clientID.text, clientSecret: secret,
            allowedEmailDomains: domains.map { $0.lowercased() }, caFile: caFile?.text)
    }

    /// The file's settings, flattened to setting names, each with its line.
    private func parseFile() throws(ServerConfigurationError) -> [String: Value] {
        guard let file else { return [:] }
        let root: YAMLNode?
        do {
            root = try YAMLParser.parse(file.text)
        } catch {
            throw ServerConfigurationError("\(file.path):\(error)")
        }
        guard let root, !root.isNull else { return [:] }
        guard let mapping = root.mapping else {
            throw ServerConfigurationError("\(file.path):\(root.line): expected a mapping of settings")
        }
        var values: [String: Value] = [:]
        try flatten(mapping, prefix: "", path: file.path, into: &values)
        return values
    }

    private func flatten(
        _ mapping: [YAMLMappingEntry], prefix: String, path: String, into values: inout [String: Value]
    ) throws(ServerConfigurationError) {
        for entry in mapping {
            guard let key = entry.key.scalar?.value else {
                throw ServerConfigurationError("\(path):\(entry.key.line): expected a setting name")
            }
            let name = prefix.isEmpty ? key : "\(prefix)-\(key)"
            let origin = "\(path):\(entry.value.line) ('\(name)')"
            if let nested = entry.value.mapping {
                if name == "git-host" {
                    var declarations: [String] = []
                    for host in nested {
                        guard let hostName = host.key.scalar?.value, let kind = host.value.scalar?.value else {
                            throw ServerConfigurationError("\(path):\(host.key.line): expected HOST: KIND")
                        }
                        declarations.append("\(hostName)=\(kind)")
                    }
                    values[name] = Value(values: declarations, origin: origin)
                    continue
                }
                try flatten(nested, prefix: name, path: path, into: &values)
                continue
            }
            guard Self.settingNames.contains(name) else {
                let known = Self.settingNames.joined(separator: ", ")
                throw ServerConfigurationError("\(path):\(entry.key.line): unknown setting '\(name)'; known: \(known)")
            }
            if let sequence = entry.value.sequence {
                guard Self.repeatableNames.contains(name) else {
                    throw ServerConfigurationError("\(origin): expected one value, not a list")
                }
                var items: [String] = []
                for item in sequence {
                    guard let scalar = item.scalar else {
                        throw ServerConfigurationError("\(path):\(item.line) ('\(name)'): expected a text value")
                    }
                    items.append(scalar.value)
                }
                values[name] = Value(values: items, origin: origin)
            } else if let scalar = entry.value.scalar, !scalar.isNull {
                values[name] = Value(values: [scalar.value], origin: origin)
            }
        }
    }

    /// `90s`, `30m`, `36h`, `2d`, or a number of seconds.
    public static func parseDuration(_ text: String) -> Duration? {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var digits = Substring(text)
        var unit: Int64 = 1
        if let last = text.last, let multiplier = units[last] {
            digits = text.dropLast()
            unit = multiplier
        }
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let count = Int64(digits), count > 0
        else { return nil }
        return .seconds(count * unit)
    }

    /// `true`, `false`, `yes`, `no`, `on`, `off`, `1` or `0`, in any case.
    static func parseBool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "on", "1": true
        case "false", "no", "off", "0": false
        default: nil
        }
    }

    static func isHTTPURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else { return false }
        return true
    }
}
