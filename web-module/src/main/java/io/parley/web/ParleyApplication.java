package io.parley.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The REST application. It sits at the root so that it answers {@code /v1/...}, {@code /metrics}
 * and, with the on-prem error envelope, every unknown path.
 */
@ApplicationPath("/")
public class ParleyApplication extends Application {}
