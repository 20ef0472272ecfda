package io.parley.core.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses {@link LinkGuard} refuses, and what its allow-list admits. */
class LinkGuardTest {

  private static final LinkGuard NOTHING_ALLOWED = new LinkGuard(List.of());

  private static byte[] bytes(String literal) {
    return AddressBlock.literal(literal).orElseThrow(() -> new AssertionError(literal));
  }

  private static InetAddress address(String literal) throws Exception {
    return InetAddress.getByAddress(bytes(literal));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0.0.0.0|unspecified",
        "0.1.2.3|unspecified",
        "127.0.0.1|loopback",
        "127.255.255.254|loopback",
        "10.0.0.1|private",
        "10.255.255.255|private",
        "172.16.0.1|private",
        "172.31.255.255|private",
        "192.168.1.1|private",
        "169.254.169.254|link-local",
        "100.64.0.1|CGNAT",
        "100.127.255.255|CGNAT",
        "224.0.0.1|multicast",
        "239.255.255.250|multicast",
        "240.0.0.1|reserved",
        "255.255.255.255|reserved",
        "192.0.0.8|reserved",
        "198.18.0.1|reserved",
        "::|unspecified",
        "::1|loopback",
        "fe80::1|link-local",
        "febf::1|link-local",
        "fec0::1|site-local",
        "fc00::1|unique-local",
        "fd12:3456:789a::1|unique-local",
        "ff02::1|multicast",
        "::ffff:127.0.0.1|loopback",
        "::ffff:10.1.2.3|private",
        "::ffff:169.254.169.254|link-local",
        "::ffff:100.64.0.1|CGNAT",
        "::127.0.0.1|loopback",
        "::10.0.0.1|private",
        "64:ff9b::7f00:1|loopback",
        "64:ff9b::a00:1|private",
        "64:ff9b:1::1|local-use NAT64",
        "2002:7f00:1::1|loopback",
        "2002:c0a8:101::1|private",
        "2001:0:4136:e378:8000:63bf:80ff:fffe|loopback",
      })
  void aRestrictedAddressIsClassified(String literal, String kind) {
    Optional<String> restriction = LinkGuard.restriction(bytes(literal));

    assertTrue(restriction.isPresent(), literal + " passed");
    assertTrue(restriction.get().contains(kind), literal + ": " + restriction.get());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.1.1.1",
        "8.8.8.8",
        "9.255.255.255",
        "11.0.0.1",
        "100.63.255.255",
        "100.128.0.1",
        "126.255.255.255",
        "128.0.0.1",
        "169.253.1.1",
        "172.15.255.255",
        "172.32.0.1",
        "192.167.1.1",
        "192.169.1.1",
        "198.20.0.1",
        "223.255.255.255",
        "2606:4700:4700::1111",
        "2a00:1450:4001:80b::200e",
        "::ffff:8.8.8.8",
        "64:ff9b::808:808",
        "2002:808:808::1",
        "fbff::1",
        "fe7f::1"
      })
  void aPublicAddressIsNotRestricted(String literal) {
    assertEquals(Optional.empty(), LinkGuard.restriction(bytes(literal)), literal);
  }

  @Test
  void theGuardRefusesARestrictedAddressAndSaysWhy() throws Exception {
    Optional<String> refusal = NOTHING_ALLOWED.refusal("localhost", address("127.0.0.1"));

    assertTrue(refusal.isPresent());
    assertTrue(refusal.get().startsWith("127.0.0.1 is a loopback address"), refusal.get());
    assertTrue(refusal.get().contains("media.link_allowlist"), refusal.get());
  }

  @Test
  void theGuardAdmitsAPublicAddress() throws Exception {
    assertEquals(
        Optional.empty(), NOTHING_ALLOWED.refusal("example.com", address("93.184.216.34")));
  }

  @Test
  void anAllowListedBlockAdmitsItsAddressesAndNoOthers() throws Exception {
    LinkGuard guard = new LinkGuard(List.of("10.1.0.0/16", "127.0.0.1/32"));

    assertEquals(Optional.empty(), guard.refusal("media.internal", address("10.1.200.3")));
    assertEquals(Optional.empty(), guard.refusal("127.0.0.1", address("127.0.0.1")));
    assertTrue(guard.refusal("media.internal", address("10.2.0.1")).isPresent());
    assertTrue(guard.refusal("127.0.0.2", address("127.0.0.2")).isPresent());
  }

  @Test
  void anAllowListedIpv4BlockAdmitsTheMappedFormOfItsAddresses() throws Exception {
    LinkGuard guard = new LinkGuard(List.of("127.0.0.0/8"));

    assertEquals(
        Optional.empty(),
        guard.refusal("::ffff:127.0.0.1", InetAddress.getByName("::ffff:127.0.0.1")));
  }

  @Test
  void anAllowListedIpv6BlockAdmitsItsAddresses() throws Exception {
    LinkGuard guard = new LinkGuard(List.of("fd00:1::/32", "::1/128"));

    assertEquals(Optional.empty(), guard.refusal("h", address("fd00:1:ffff::5")));
    assertEquals(Optional.empty(), guard.refusal("h", address("::1")));
    assertTrue(guard.refusal("h", address("fd00:2::5")).isPresent());
  }

  @Test
  void anAllowListedHostNameAdmitsWhateverItResolvesTo() throws Exception {
    LinkGuard guard = new LinkGuard(List.of("media.internal"));

    assertEquals(Optional.empty(), guard.refusal("MEDIA.internal", address("192.168.7.7")));
    assertTrue(guard.refusal("other.internal", address("192.168.7.7")).isPresent());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10.1.2.3/8|10.0.0.0/8",
        "127.0.0.1|127.0.0.1/32",
        " 192.168.0.0/16 |192.168.0.0/16",
        "fd00::1/8|fd00:0:0:0:0:0:0:0/8",
        "[::1]|0:0:0:0:0:0:0:1/128",
        "::ffff:10.0.0.0/104|10.0.0.0/8",
        "Media.Example.COM|media.example.com",
        "localhost|localhost"
      })
  void allowListEntriesAreNormalised(String entry, String normalised) {
    assertEquals(normalised, LinkGuard.normaliseEntry(entry));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "10.0.0.0/33",
        "10.0.0.0/",
        "10.0.0.0/x",
        "256.0.0.1",
        "10.0.0",
        "010.0.0.1",
        "::1/129",
        "gg::1",
        "http://example.com",
        "exa mple.com",
        "-bad.example.com",
        "*.example.com"
      })
  void anEntryThatIsNoBlockAddressOrHostNameIsRefused(String entry) {
    assertThrows(IllegalArgumentException.class, () -> LinkGuard.normaliseEntry(entry));
  }

  @Test
  void aBlockContainsTheAddressesUnderItsPrefixOnly() {
    AddressBlock block = AddressBlock.parse("172.16.0.0/12").orElseThrow();

    assertTrue(block.contains(bytes("172.16.0.0")));
    assertTrue(block.contains(bytes("172.31.255.255")));
    assertTrue(block.contains(bytes("::ffff:172.20.1.1")));
    assertFalse(block.contains(bytes("172.32.0.0")));
    assertFalse(block.contains(bytes("172.15.255.255")));
    assertFalse(block.contains(bytes("fc00::1")));
  }

  @Test
  void aBlockOfZeroBitsContainsEveryAddressOfItsFamily() {
    AddressBlock all = AddressBlock.parse("0.0.0.0/0").orElseThrow();

    assertTrue(all.contains(bytes("8.8.8.8")));
    assertFalse(all.contains(bytes("2001:db8::1")));
  }

  @Test
  void aHostNameIsNoLiteralAndIsNeverLookedUp() {
    assertTrue(AddressBlock.literal("localhost").isEmpty());
    assertTrue(AddressBlock.parse("example.com/8").isEmpty());
  }
}
