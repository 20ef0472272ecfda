package io.parley.protocol.noise;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Noise handshake pattern: which static keys are known beforehand (pre-messages) and the tokens
 * of each message. Supports the base patterns NN, NK, IK and XX, and {@code pskN} modifiers on any
 * of them (for example XXpsk3).
 *
 * @param name the pattern name as it appears in the protocol name, e.g. {@code XXpsk3}
 * @param initiatorStaticKnown whether the responder knows the initiator's static key beforehand
 * @param responderStaticKnown whether the initiator knows the responder's static key beforehand
 * @param messages the tokens of each handshake message; even indexes are sent by the initiator
 * @param pskCount how many pre-shared keys the pattern mixes in
 */
public record HandshakePattern(
    String name,
    boolean initiatorStaticKnown,
    boolean responderStaticKnown,
    List<List<Token>> messages,
    int pskCount) {

  /** A handshake token. */
  public enum Token {
    E,
    S,
    EE,
    ES,
    SE,
    SS,
    PSK
  }

  private static final Map<String, String[]> BASE =
      Map.of(
          "NN", new String[] {"e", "e ee"},
          "NK", new String[] {"e es", "e ee"},
          "IK", new String[] {"e es s ss", "e ee se"},
          "XX", new String[] {"e", "e ee s es", "s se"});

  private static final Pattern NAME = Pattern.compile("([A-Z]{2})((?:psk\\d)(?:\\+psk\\d)*)?");

  public HandshakePattern {
    messages = messages.stream().map(List::copyOf).toList();
  }

  /** The pattern named {@code name}, e.g. {@code XX} or {@code XXpsk3}. */
  public static HandshakePattern parse(String name) {
    Matcher m = NAME.matcher(name);
    if (!m.matches() || !BASE.containsKey(m.group(1))) {
      throw new IllegalArgumentException("unsupported Noise handshake pattern: " + name);
    }
    String base = m.group(1);
    List<List<Token>> messages = new ArrayList<>();
    for (String message : BASE.get(base)) {
      List<Token> tokens = new ArrayList<>();
      for (String token : message.split(" ")) {
        tokens.add(Token.valueOf(token.toUpperCase(Locale.ROOT)));
      }
      messages.add(tokens);
    }
    int pskCount = 0;
    if (m.group(2) != null) {
      for (String modifier : m.group(2).split("\\+")) {
        int position = modifier.charAt(3) - '0';
        if (position > messages.size()) {
          throw new IllegalArgumentException("psk modifier beyond the last message: " + name);
        }
        if (position == 0) {
          messages.get(0).add(0, Token.PSK);
        } else {
          messages.get(position - 1).add(Token.PSK);
        }
        pskCount++;
      }
    }
    boolean responderKnown = base.charAt(1) == 'K';
    return new HandshakePattern(name, false, responderKnown, messages, pskCount);
  }
}
