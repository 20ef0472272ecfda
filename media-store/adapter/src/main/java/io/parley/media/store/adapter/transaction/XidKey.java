package io.parley.media.store.adapter.transaction;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.transaction.xa.XAException;
import javax.transaction.xa.Xid;

/**
 * A transaction branch id by value: equal to another for the same format id, global transaction id
 * and branch qualifier, whatever {@link Xid} class carried them. Also the Xid that recovery
 * returns.
 */
public final class XidKey implements Xid {

  private static final HexFormat HEX = HexFormat.of();

  private final int formatId;
  private final byte[] globalTransactionId;
  private final byte[] branchQualifier;

  private XidKey(int formatId, byte[] globalTransactionId, byte[] branchQualifier) {
    this.formatId = formatId;
    this.globalTransactionId = globalTransactionId;
    this.branchQualifier = branchQualifier;
  }

  /**
   * The key of {@code xid}.
   *
   * @throws XAException XAER_INVAL for a missing Xid or one whose parts exceed the XA sizes
   */
  public static XidKey of(Xid xid) throws XAException {
    if (xid instanceof XidKey key) {
      return key;
    }
    if (xid == null) {
      throw XaFailures.of(XAException.XAER_INVAL, "No Xid");
    }
    byte[] global = xid.getGlobalTransactionId();
    byte[] branch = xid.getBranchQualifier();
    if (global == null
        || branch == null
        || global.length > MAXGTRIDSIZE
        || branch.length > MAXBQUALSIZE) {
      throw XaFailures.of(XAException.XAER_INVAL, "Malformed Xid " + xid);
    }
    return new XidKey(xid.getFormatId(), global.clone(), branch.clone());
  }

  /**
   * Parses what {@link #toString()} wrote.
   *
   * @throws IllegalArgumentException when {@code text} is not such a form
   */
  static XidKey parse(String text) {
    String[] parts = text.split(":", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("Not an Xid: " + text);
    }
    byte[] global = HEX.parseHex(parts[1]);
    byte[] branch = HEX.parseHex(parts[2]);
    if (global.length > MAXGTRIDSIZE || branch.length > MAXBQUALSIZE) {
      throw new IllegalArgumentException("Not an Xid: " + text);
    }
    return new XidKey(Integer.parseInt(parts[0]), global, branch);
  }

  /** A file name for this branch's record: the SHA-256 of the Xid, as Xids can be 140 bytes. */
  String fileName() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(ByteBuffer.allocate(4).putInt(formatId).array());
      digest.update((byte) globalTransactionId.length);
      digest.update(globalTransactionId);
      digest.update(branchQualifier);
      return HEX.formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }

  @Override
  public int getFormatId() {
    return formatId;
  }

  @Override
  public byte[] getGlobalTransactionId() {
    return globalTransactionId.clone();
  }

  @Override
  public byte[] getBranchQualifier() {
    return branchQualifier.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof XidKey key
        && formatId == key.formatId
        && Arrays.equals(globalTransactionId, key.globalTransactionId)
        && Arrays.equals(branchQualifier, key.branchQualifier);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * formatId + Arrays.hashCode(globalTransactionId))
        + Arrays.hashCode(branchQualifier);
  }

  /** {@code formatId:globalTransactionIdHex:branchQualifierHex}, the form records keep. */
  @Override
  public String toString() {
    return formatId
        + ":"
        + HEX.formatHex(globalTransactionId)
        + ":"
        + HEX.formatHex(branchQualifier);
  }
}
