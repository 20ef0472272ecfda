package io.parley.core.media;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A block of IP addresses in CIDR notation ({@code 10.0.0.0/8}, {@code fc00::/7}), or one address
 * (a block of 32 or 128 bits). IPv4-mapped IPv6 addresses ({@code ::ffff:10.0.0.1}) are the IPv4
 * addresses they carry, both as blocks and as addresses looked up in them.
 */
public record AddressBlock(byte[] network, int prefix) {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  public AddressBlock {
    network = network.clone();
    if (prefix < 0 || prefix > network.length * 8) {
      throw new IllegalArgumentException("prefix " + prefix + " out of range");
    }
    for (int bit = prefix; bit < network.length * 8; bit++) {
      network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
  }

  /**
   * The block {@code text} names: an address literal, optionally with {@code /prefix}. Empty when
   * it is not one (a host name, say); never a DNS lookup.
   */
  public static Optional<AddressBlock> parse(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    Optional<byte[]> bytes = literal(address);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    byte[] raw = bytes.get();
    int prefix = raw.length * 8;
    if (slash >= 0) {
      String bits = text.substring(slash + 1);
      if (!bits.matches("\\d{1,3}")) {
        return Optional.empty();
      }
      prefix = Integer.parseInt(bits);
      if (raw.length == 16 && mapped(raw)) {
        // ::ffff:10.0.0.0/104 is 10.0.0.0/8
        prefix -= 96;
      }
    }
    byte[] network = normalised(raw);
    if (prefix < 0 || prefix > network.length * 8) {
      return Optional.empty();
    }
    return Optional.of(new AddressBlock(network, prefix));
  }

  /**
   * The bytes of address literal {@code text} (IPv4 dotted quad, or IPv6 with or without brackets),
   * as written: an IPv4-mapped IPv6 literal stays 16 bytes. Empty for anything else.
   */
  public static Optional<byte[]> literal(String text) {
    String address =
        text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    if (IPV4.matcher(address).matches()) {
      String[] parts = address.split("\\.");
      byte[] bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        int part = Integer.parseInt(parts[i]);
        if (part > 255 || (parts[i].length() > 1 && parts[i].startsWith("0"))) {
          return Optional.empty();
        }
        bytes[i] = (byte) part;
      }
      return Optional.of(bytes);
    }
    if (IPV6.matcher(address).matches()) {
      try {
        // A literal with a colon is parsed, never looked up. Java turns a mapped literal into an
        // IPv4 address; it is given back in its IPv6 form, as written.
        InetAddress parsed = InetAddress.getByName(address);
        return Optional.of(
            parsed instanceof Inet4Address ? mappedForm(parsed.getAddress()) : parsed.getAddress());
      } catch (UnknownHostException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Whether {@code address} lies in this block. */
  public boolean contains(InetAddress address) {
    return contains(address.getAddress());
  }

  /** Whether the address of {@code bytes} (4 or 16) lies in this block. */
  public boolean contains(byte[] bytes) {
    byte[] candidate = normalised(bytes);
    if (candidate.length != network.length) {
      return false;
    }
    return new AddressBlock(candidate, prefix).equals(this);
  }

  /** The block in canonical text: {@code 10.0.0.0/8}, {@code fc00:0:0:0:0:0:0:0/7}. */
  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AddressBlock block
        && block.prefix == prefix
        && Arrays.equals(block.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefix;
  }

  /** Whether 16 bytes are an IPv4-mapped address ({@code ::ffff:a.b.c.d}). */
  static boolean mapped(byte[] bytes) {
    if (bytes.length != 16) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }

  /** An IPv4-mapped address as its 4 IPv4 bytes; any other address as it is. */
  static byte[] normalised(byte[] bytes) {
    return mapped(bytes) ? Arrays.copyOfRange(bytes, 12, 16) : bytes.clone();
  }

  private static byte[] mappedForm(byte[] ipv4) {
    byte[] bytes = new byte[16];
    bytes[10] = (byte) 0xff;
    bytes[11] = (byte) 0xff;
    System.arraycopy(ipv4, 0, bytes, 12, 4);
    return bytes;
  }
}
