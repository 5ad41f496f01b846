import Auth
import HTTP
import HTTPServer
import Store

/// `GET /api/v1/user/settings` and `PUT /api/v1/user/settings` {defaultInactivityTimeout}: what the caller chose for
/// themselves. The inactivity timeout (`30m`, `1h30m`, or null for the server's default) applies to the workspaces
/// they create from then on; `gp timeout set` still changes one workspace's.
enum UserSettingsRoutes {
    static let path = "/api/v1/user/settings"

    struct PutBody: Decodable {
        var defaultInactivityTimeout: String?
    }

    /// The caller's settings, with the server's default and the bounds a choice must keep to.
    struct SettingsJSON: Codable, Sendable, Equatable {
        var defaultInactivityTimeout: String?
        var serverDefaultInactivityTimeout: String
        var minimumInactivityTimeout: String
        var maximumInactivityTimeout: String

        // Explicit so that no choice is written as null rather than left out.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(defaultInactivityTimeout, forKey: .defaultInactivityTimeout)
            try container.encode(serverDefaultInactivityTimeout, forKey: .serverDefaultInactivityTimeout)
            try container.encode(minimumInactivityTimeout, forKey: .minimumInactivityTimeout)
            try container.encode(maximumInactivityTimeout, forKey: .maximumInactivityTimeout)
        }
    }

    static func routes(_ services: SwiftpodServices) -> RouteGroup {
        var group = services.apiGroup()
        group.get(path) { _, context in
            let principal = try context.requirePrincipal()
            return try .json(try await settings(services, userID: principal.user.id))
        }
        group.put(path) { request, context in
            let principal = try context.requirePrincipal()
            let body = try await request.decodeJSON(PutBody.self)
            var timeout: Duration?
            if let text = body.defaultInactivityTimeout, !text.isEmpty {
                do {
                    timeout = try TimeoutDuration(parsing: text).duration
                } catch let error as TimeoutDurationError {
                    throw HTTPError(.unprocessableContent, message: "defaultInactivityTimeout: \(error.message)")
                }
            }
            try await services.store.setDefaultInactivityTimeout(userID: principal.user.id, to: timeout)
            return try .json(try await settings(services, userID: principal.user.id))
        }
        return group
    }

    static func settings(_ services: SwiftpodServices, userID: String) async throws -> SettingsJSON {
        let chosen = try await services.store.defaultInactivityTimeout(userID: userID)
        return SettingsJSON(
            defaultInactivityTimeout: chosen.map { TimeoutDuration(stored: $0).description },
            serverDefaultInactivityTimeout: TimeoutDuration(stored: services.configuration.timeouts.inactivity)
                .description,
            minimumInactivityTimeout: TimeoutDuration(stored: TimeoutDuration.minimum).description,
            maximumInactivityTimeout: TimeoutDuration(stored: TimeoutDuration.maximum).description)
    }
}
