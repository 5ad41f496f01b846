/// The version of this build of Swiftpod.
public enum SwiftpodVersion {
    public static let current = "0.1.0"
}
