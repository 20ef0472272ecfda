package io.parley.core.messages;

import jakarta.json.JsonObject;
import java.util.Optional;

/**
 * A message a business system asked to send, checked against every rule of the on-prem API: the
 * recipient (digits only), the type, the type's object as the client gave it (already validated),
 * and the optional reply context, link preview and time to live.
 */
public record OutboundMessage(
    String to,
    MessageType type,
    JsonObject content,
    Optional<String> replyTo,
    boolean previewUrl,
    Optional<String> ttl) {}
