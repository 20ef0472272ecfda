package io.parley.core;

/**
 * The JNDI names of the server resources Parley uses, as {@code wildfly-config/src/main/cli}
 * declares them. Nothing else in the code spells these names.
 */
public final class JndiNames {

  private JndiNames() {}

  public static final String DATASOURCE = "java:jboss/datasources/ParleyDS";

  /** The XA pooled connection factory: JMS sends join the caller's JTA transaction. */
  public static final String CONNECTION_FACTORY = "java:/JmsXA";

  public static final String OUTBOUND_QUEUE = "java:/jms/queue/parley/outbound";
  public static final String INBOUND_QUEUE = "java:/jms/queue/parley/inbound";
  public static final String CALLBACKS_QUEUE = "java:/jms/queue/parley/callbacks";

  /** Network requests from a node without a network connection to one with. */
  public static final String NETWORK_REQUESTS_QUEUE = "java:/jms/queue/parley/network-requests";

  /** Their answers, each picked up by its correlation id. */
  public static final String NETWORK_ANSWERS_QUEUE = "java:/jms/queue/parley/network-answers";

  /** The media store's connection factory (XA): media files commit with the database rows. */
  public static final String MEDIA_STORE = "java:/parley/media";
}
