/// A client command that failed, printed as `error: <message>` with exit status 1.
struct ClientCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
