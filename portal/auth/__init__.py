"""Signing in: the demo personas, IIN with a one-time code by text message, and the session.

Every method ends in `session.sign_in(iin, method)`, so another one (the state identity
provider over OpenID Connect) plugs in beside these with its own routes and the same call.
"""
