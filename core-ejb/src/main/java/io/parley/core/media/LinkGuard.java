package io.parley.core.media;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which addresses a media link may reach. Addresses that are not on the public internet are
 * refused: this host and the unspecified address, loopback, link-local, private (RFC 1918 and IPv6
 * unique-local and site-local), shared (CGNAT, 100.64/10), multicast and reserved ones; an IPv4
 * address is classified the same in its IPv6 forms (mapped, compatible, NAT64, 6to4, Teredo). The
 * application setting {@code media.link_allowlist} admits some anyway: a CIDR block or address
 * admits the addresses in it, a host name admits whatever its links resolve to.
 */
public final class LinkGuard {

  /** The largest allow-list. */
  public static final int MAX_ENTRIES = 100;

  private static final Pattern HOST_NAME =
      Pattern.compile(
          "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

  private final List<AddressBlock> blocks = new ArrayList<>();
  private final List<String> hosts = new ArrayList<>();

  /** A guard admitting the restricted addresses and hosts of {@code allowlist} (normalised). */
  public LinkGuard(List<String> allowlist) {
    for (String entry : allowlist) {
      Optional<AddressBlock> block = AddressBlock.parse(entry);
      if (block.isPresent()) {
        blocks.add(block.get());
      } else {
        hosts.add(entry.toLowerCase(Locale.ROOT));
      }
    }
  }

  /**
   * The canonical form of allow-list entry {@code entry}: a CIDR block with its host bits cleared,
   * an address as a block of one, a host name in lower case.
   *
   * @throws IllegalArgumentException saying why it is none of these
   */
  public static String normaliseEntry(String entry) {
    String text = entry.strip();
    Optional<AddressBlock> block = AddressBlock.parse(text);
    if (block.isPresent()) {
      return block.get().toString();
    }
    if (text.contains("/") || text.contains(":") || text.matches("[0-9./]+")) {
      throw new IllegalArgumentException("not an IP address or CIDR block");
    }
    String host = text.toLowerCase(Locale.ROOT);
    if (!HOST_NAME.matcher(host).matches()) {
      throw new IllegalArgumentException("not a host name, IP address or CIDR block");
    }
    return host;
  }

  /**
   * Why {@code address} may not be reached from link {@code host}, or empty when it may: it is
   * public, or the allow-list admits it or the host.
   */
  public Optional<String> refusal(String host, InetAddress address) {
    Optional<String> restriction = restriction(address.getAddress());
    if (restriction.isEmpty()
        || hosts.contains(bare(host).toLowerCase(Locale.ROOT))
        || blocks.stream().anyMatch(block -> block.contains(address))) {
      return Optional.empty();
    }
    return Optional.of(
        address.getHostAddress()
            + " is "
            + restriction.get()
            + ", which media.link_allowlist does not admit");
  }

  /**
   * What kind of non-public address {@code bytes} (4 or 16) is ({@code "a loopback address"}), or
   * empty for a public one.
   */
  public static Optional<String> restriction(byte[] bytes) {
    if (bytes.length == 4) {
      return ipv4(bytes);
    }
    if (bytes.length != 16) {
      throw new IllegalArgumentException("an address has 4 or 16 bytes");
    }
    return ipv6(bytes);
  }

  private static Optional<String> ipv4(byte[] a) {
    int first = a[0] & 0xff;
    int second = a[1] & 0xff;
    if (first == 0) {
      return Optional.of("an unspecified (this-network) address");
    }
    if (first == 127) {
      return Optional.of("a loopback address");
    }
    if (first == 10
        || (first == 172 && second >= 16 && second <= 31)
        || (first == 192 && second == 168)) {
      return Optional.of("a private address");
    }
    if (first == 169 && second == 254) {
      return Optional.of("a link-local address");
    }
    if (first == 100 && second >= 64 && second <= 127) {
      return Optional.of("a shared (CGNAT) address");
    }
    if (first >= 224 && first <= 239) {
      return Optional.of("a multicast address");
    }
    if (first >= 240
        || (first == 192 && second == 0 && (a[2] & 0xff) == 0)
        || (first == 198 && (second == 18 || second == 19))) {
      return Optional.of("a reserved address");
    }
    return Optional.empty();
  }

  private static Optional<String> ipv6(byte[] a) {
    int first = a[0] & 0xff;
    int second = a[1] & 0xff;
    if (zeros(a, 0, 12)) {
      // ::, ::1, and the deprecated IPv4-compatible ::a.b.c.d
      if (zeros(a, 12, 15) && (a[15] == 0 || a[15] == 1)) {
        return Optional.of(a[15] == 0 ? "the unspecified address" : "a loopback address");
      }
      return embedded(a, 12, false);
    }
    if (AddressBlock.mapped(a)) {
      return embedded(a, 12, false);
    }
    if (first == 0x00 && second == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b) {
      // NAT64 64:ff9b::/96 (and its local-use 64:ff9b:1::/48 counts as private)
      return zeros(a, 4, 12)
          ? embedded(a, 12, false)
          : Optional.of("a private (local-use NAT64) address");
    }
    if (first == 0x20 && second == 0x02) {
      return embedded(a, 2, false); // 6to4 2002:a.b.c.d::/48
    }
    if (first == 0x20 && second == 0x01 && a[2] == 0 && a[3] == 0) {
      return embedded(a, 12, true); // Teredo 2001::/32: the client address, inverted
    }
    if (first == 0xfe && (second & 0xc0) == 0x80) {
      return Optional.of("a link-local address");
    }
    if (first == 0xfe && (second & 0xc0) == 0xc0) {
      return Optional.of("a site-local address");
    }
    if ((first & 0xfe) == 0xfc) {
      return Optional.of("a private (unique-local) address");
    }
    if (first == 0xff) {
      return Optional.of("a multicast address");
    }
    return Optional.empty();
  }

  /** The restriction of the IPv4 address at {@code offset} of an IPv6 address that carries one. */
  private static Optional<String> embedded(byte[] a, int offset, boolean inverted) {
    byte[] ipv4 = Arrays.copyOfRange(a, offset, offset + 4);
    if (inverted) {
      for (int i = 0; i < 4; i++) {
        ipv4[i] = (byte) ~ipv4[i];
      }
    }
    return ipv4(ipv4).map(kind -> kind + " (in an IPv6 form)");
  }

  private static boolean zeros(byte[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** A host without the brackets of an IPv6 literal. */
  static String bare(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
