package io.parley.media.store.adapter.testing;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import javax.transaction.xa.Xid;

/**
 * A transaction manager's Xid. Deliberately without equals: the store must compare Xids by value,
 * as {@link #copy()} does not give an equal object.
 */
public final class TestXid implements Xid {

  private static final AtomicLong NEXT = new AtomicLong(System.nanoTime());

  private final byte[] globalTransactionId;
  private final byte[] branchQualifier;

  private TestXid(byte[] globalTransactionId, byte[] branchQualifier) {
    this.globalTransactionId = globalTransactionId;
    this.branchQualifier = branchQualifier;
  }

  /** A new global transaction's branch. */
  public static TestXid next() {
    byte[] global = ByteBuffer.allocate(24).putLong(NEXT.incrementAndGet()).array();
    return new TestXid(global, new byte[] {1, 2, 3});
  }

  /** The same branch in another object. */
  public TestXid copy() {
    return new TestXid(globalTransactionId.clone(), branchQualifier.clone());
  }

  @Override
  public int getFormatId() {
    return 131077;
  }

  @Override
  public byte[] getGlobalTransactionId() {
    return globalTransactionId.clone();
  }

  @Override
  public byte[] getBranchQualifier() {
    return branchQualifier.clone();
  }

  /** Whether {@code xid} names the same branch. */
  public boolean sameBranch(Xid xid) {
    return xid.getFormatId() == getFormatId()
        && Arrays.equals(xid.getGlobalTransactionId(), globalTransactionId)
        && Arrays.equals(xid.getBranchQualifier(), branchQualifier);
  }
}
