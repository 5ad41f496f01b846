/// JetBrains IDE settings: plugins for every IDE and settings per IDE.
public struct JetBrainsConfiguration: Sendable, Equatable {
    /// The JetBrains IDEs Gitpod's schema names.
    public enum Product: String, Sendable, CaseIterable {
        case intellij, goland, pycharm, phpstorm, rubymine, webstorm, rider, clion, rustrover
    }

    /// Plugins installed in every JetBrains IDE.
    public var plugins: [String] = []
    /// Settings per IDE.
    public var products: [Product: ProductConfiguration] = [:]

    /// Settings with nothing set.
    public init() {}
}

/// The settings of one JetBrains IDE.
public struct ProductConfiguration: Sendable, Equatable {
    /// Which IDE versions prebuilds warm up.
    public enum PrebuildVersion: String, Sendable, CaseIterable {
        case stable, latest, both
    }

    /// Plugins installed in this IDE.
    public var plugins: [String] = []
    /// Which versions prebuilds index for; nil for none.
    public var prebuildsVersion: PrebuildVersion?
    /// JVM options for the IDE's backend, such as `-Xmx4g`.
    public var vmoptions: String?

    /// Settings with nothing set.
    public init() {}
}
