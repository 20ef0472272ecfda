package io.parley.core.messages;

import java.util.Locale;
import java.util.Optional;

/** The {@code type} values of {@code POST /v1/messages}; {@code hsm} is the legacy template. */
public enum MessageType {
  TEXT,
  IMAGE,
  AUDIO,
  VIDEO,
  DOCUMENT,
  STICKER,
  LOCATION,
  CONTACTS,
  INTERACTIVE,
  TEMPLATE,
  HSM;

  /** The field of the request that holds this type's object, which is the type's name. */
  public String field() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isMedia() {
    return this == IMAGE || this == AUDIO || this == VIDEO || this == DOCUMENT || this == STICKER;
  }

  public static Optional<MessageType> of(String wire) {
    for (MessageType type : values()) {
      if (type.field().equals(wire)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
