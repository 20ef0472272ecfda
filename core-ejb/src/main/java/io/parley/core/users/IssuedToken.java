package io.parley.core.users;

import java.time.Instant;

/** A bearer token just issued at login: the only moment the token itself exists in clear. */
public record IssuedToken(String token, Instant expiresAfter) {}
