package io.parley.protocol.wire;

import io.parley.protocol.crypto.Ed25519;
import java.util.Base64;

/**
 * The certificate that binds a business phone number to its verified display name, issued and
 * signed (Ed25519) by the network. A business presents it when it registers the number; the
 * On-Premises API carries it base64-encoded in {@code POST /v1/account}'s {@code cert}. Encoded as
 * the protobuf message {@code VerifiedNameCertificate} of {@code parley.proto}: the signature
 * covers the encoding of the other fields.
 */
public record VerifiedNameCertificate(
    String countryCode, String phoneNumber, String verifiedName, long issuedAt, byte[] signature) {

  public VerifiedNameCertificate {
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** A certificate signed with the network's certificate key. */
  public static VerifiedNameCertificate issue(
      String countryCode,
      String phoneNumber,
      String verifiedName,
      long issuedAt,
      byte[] signingPrivateKey) {
    byte[] body = body(countryCode, phoneNumber, verifiedName, issuedAt).toByteArray();
    return new VerifiedNameCertificate(
        countryCode, phoneNumber, verifiedName, issuedAt, Ed25519.sign(signingPrivateKey, body));
  }

  /** Whether the signature is the network's, whose certificate key is {@code publicKey}. */
  public boolean isSignedBy(byte[] publicKey) {
    byte[] body = body(countryCode, phoneNumber, verifiedName, issuedAt).toByteArray();
    return Ed25519.verify(publicKey, body, signature);
  }

  /** The protobuf encoding. */
  public byte[] encode() {
    return body(countryCode, phoneNumber, verifiedName, issuedAt).bytes(5, signature).toByteArray();
  }

  /** The base64 form used by the On-Premises API. */
  public String toBase64() {
    return Base64.getEncoder().encodeToString(encode());
  }

  /**
   * The certificate encoded in {@code bytes}.
   *
   * @throws WireFormatException if the bytes are malformed or a field is missing
   */
  public static VerifiedNameCertificate decode(byte[] bytes) throws WireFormatException {
    ProtoReader in = ProtoReader.of(bytes);
    String cc = null;
    String phone = null;
    String name = null;
    long issuedAt = 0;
    byte[] signature = null;
    while (in.hasMore()) {
      switch (in.nextField()) {
        case 1 -> cc = in.string();
        case 2 -> phone = in.string();
        case 3 -> name = in.string();
        case 4 -> issuedAt = in.uint64();
        case 5 -> signature = in.bytes(Ed25519.SIGNATURE_LENGTH);
        default -> in.skip();
      }
    }
    if (cc == null || phone == null || name == null || signature == null) {
      throw new WireFormatException("certificate without number, name or signature");
    }
    return new VerifiedNameCertificate(cc, phone, name, issuedAt, signature);
  }

  /**
   * The certificate in the base64 form of the On-Premises API.
   *
   * @throws WireFormatException if the text is not base64 or not a certificate
   */
  public static VerifiedNameCertificate fromBase64(String text) throws WireFormatException {
    try {
      return decode(Base64.getDecoder().decode(text.trim()));
    } catch (IllegalArgumentException e) {
      throw new WireFormatException("certificate is not base64");
    }
  }

  private static ProtoWriter body(String cc, String phone, String name, long issuedAt) {
    return new ProtoWriter().string(1, cc).string(2, phone).string(3, name).uint64(4, issuedAt);
  }
}
