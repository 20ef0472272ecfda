package io.parley.media.store.adapter.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.media.store.adapter.testing.TestXid;
import javax.transaction.xa.XAException;
import javax.transaction.xa.Xid;
import org.junit.jupiter.api.Test;

class XidKeyTest {

  @Test
  void keysOfEqualXidsInDifferentObjectsAreEqual() throws Exception {
    TestXid xid = TestXid.next();

    assertEquals(XidKey.of(xid), XidKey.of(xid.copy()));
    assertEquals(XidKey.of(xid).hashCode(), XidKey.of(xid.copy()).hashCode());
  }

  @Test
  void keysOfDifferentXidsDiffer() throws Exception {
    assertNotEquals(XidKey.of(TestXid.next()), XidKey.of(TestXid.next()));
    assertNotEquals(XidKey.of(TestXid.next()).fileName(), XidKey.of(TestXid.next()).fileName());
  }

  @Test
  void keyReadsBackFromItsText() throws Exception {
    XidKey key = XidKey.of(TestXid.next());

    assertEquals(key, XidKey.parse(key.toString()));
  }

  @Test
  void xidWithATooLongGlobalTransactionIdIsRefused() {
    Xid oversized =
        new Xid() {
          @Override
          public int getFormatId() {
            return 1;
          }

          @Override
          public byte[] getGlobalTransactionId() {
            return new byte[Xid.MAXGTRIDSIZE + 1];
          }

          @Override
          public byte[] getBranchQualifier() {
            return new byte[1];
          }
        };

    XAException refused = assertThrows(XAException.class, () -> XidKey.of(oversized));

    assertEquals(XAException.XAER_INVAL, refused.errorCode);
  }
}
