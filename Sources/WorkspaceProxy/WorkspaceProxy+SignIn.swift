import Auth
import HTTP
import HTTPServer

extension WorkspaceProxy {
    /// `GET <base>/auth/workspace?host=H&returnTo=/p`: with a dashboard session, a one-time code for host H and a
    /// redirect to H's code exchange; without one, a redirect to the sign-in page that comes back here.
    func mintCode(_ request: HTTPRequest) async throws -> HTTPResponse {
        let parameters = request.queryParameters
        guard let hostParameter = parameters["host"], !hostParameter.isEmpty else {
            return ProxyPage.failure(
                .badRequest, "missing the 'host' parameter: the workspace host to open", request: request)
        }
        let target = WorkspaceHost(hostHeader: hostParameter, publicURL: publicURL)
        guard let hostName = target.hostName(publicURL: publicURL),
            HostAuthority(hostParameter, defaultPort: publicURL.defaultPort)?.port == publicURL.port
        else {
            return ProxyPage.failure(
                .badRequest, "'\(hostParameter)' is not a workspace host of \(publicURL.origin)", request: request)
        }
        let returnText = parameters["returnTo"] ?? "/"
        guard let returnTo = ReturnPath.validated(returnText) else {
            return ProxyPage.failure(
                .badRequest, "returnTo must be a path on the workspace host, such as /", request: request)
        }
        let principal: Principal?
        do {
            principal = try await authenticator.authenticate(request)
        } catch let error as AuthError {
            return ProxyPage.failure(error.httpError, request: request)
        }
        guard let principal, case .session(let session) = principal.method else {
            let back =
                Self.codeMintPath + "?host=" + ReturnPath.queryEncoded(publicURL.authority(forHost: hostName))
                + "&returnTo=" + ReturnPath.queryEncoded(returnTo)
            return ProxyPage.redirect(
                to: publicURL.origin + configuration.signInPath + "?returnTo=" + ReturnPath.queryEncoded(back))
        }
        let code = grants.mintCode(userID: principal.user.id, sessionID: session.id, host: hostName)
        return ProxyPage.redirect(
            to: publicURL.origin(forHost: hostName) + Self.codeExchangePath + "?code=" + code + "&returnTo="
                + ReturnPath.queryEncoded(returnTo))
    }

    /// `GET <workspace host>/.swiftpod/auth?code=C&returnTo=/p`: redeems the code for this host's cookie and
    /// redirects to the path.
    func redeemCode(_ request: HTTPRequest, hostName: String) throws -> HTTPResponse {
        let parameters = request.queryParameters
        guard let returnTo = ReturnPath.validated(parameters["returnTo"] ?? "/") else {
            throw HTTPError.badRequest("returnTo must be a path on this host, such as /")
        }
        guard let code = parameters["code"], let (cookieValue, _) = grants.redeem(code: code, host: hostName) else {
            throw HTTPError.forbidden(
                "the sign-in code is not valid: it is unknown, was already used, expired, or is for another host; "
                    + "open the workspace again from the dashboard")
        }
        var attributes = ["\(hostCookieName)=\(cookieValue)", "Path=/", "HttpOnly", "SameSite=Lax"]
        if publicURL.isSecure { attributes.append("Secure") }
        var response = ProxyPage.redirect(to: returnTo)
        response.headers.add(name: "Set-Cookie", value: attributes.joined(separator: "; "))
        return response
    }
}
