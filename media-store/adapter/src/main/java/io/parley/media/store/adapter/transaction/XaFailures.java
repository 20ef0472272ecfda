package io.parley.media.store.adapter.transaction;

import javax.transaction.xa.XAException;

/** XAExceptions with an error code and a message, which the JDK has no constructor for. */
final class XaFailures {

  private XaFailures() {}

  static XAException of(int errorCode, String message) {
    XAException failure = new XAException(message);
    failure.errorCode = errorCode;
    return failure;
  }

  static XAException of(int errorCode, String message, Throwable cause) {
    XAException failure = of(errorCode, message);
    failure.initCause(cause);
    return failure;
  }
}
