"""Self-service accounts: sign-up with e-mail and password (argon2), e-mail links (verify, reset), console
sessions with CSRF protection, personal access tokens, the sign-in rate limit and employer verification.

``api.auth`` resolves the caller of a request (bearer token or session cookie); the routes are in
``api.accounts.routes`` (``/api/v1/auth``), ``api.accounts.employers`` and ``api.routes.me``.
"""
