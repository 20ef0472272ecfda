package io.parley.core.metrics;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The database as {@code /v1/stats/db} shows it: rows per table and the time of a round trip. Later
 * features add their tables here.
 */
@Stateless
public class DatabaseMetrics implements MetricSource {

  /** Entity name → table label. */
  private static final Map<String, String> TABLES = new LinkedHashMap<>();

  static {
    TABLES.put("User", "app_user");
    TABLES.put("AuthToken", "auth_token");
    TABLES.put("Setting", "app_setting");
    TABLES.put("StoredCertificate", "stored_certificate");
    TABLES.put("Message", "message");
    TABLES.put("Callback", "callback");
    TABLES.put("PeerSession", "peer_session");
    TABLES.put("Contact", "contact");
    TABLES.put("ContactIdentity", "contact_identity");
    TABLES.put("Media", "media");
  }

  @PersistenceContext(unitName = "parley")
  EntityManager em;

  @Override
  public Scope scope() {
    return Scope.DB;
  }

  @Override
  public List<Metric> metrics() {
    List<Metric.Sample> rows = new ArrayList<>();
    TABLES.forEach(
        (entity, table) -> {
          long count =
              em.createQuery("select count(e) from " + entity + " e", Long.class).getSingleResult();
          rows.add(new Metric.Sample(Map.of("table", table), count));
        });
    long start = System.nanoTime();
    em.createNativeQuery("SELECT 1").getSingleResult();
    double pingMs = (System.nanoTime() - start) / 1_000_000.0;
    long activeTokens =
        em.createQuery("select count(t) from AuthToken t where t.expiresAt > :now", Long.class)
            .setParameter("now", System.currentTimeMillis())
            .getSingleResult();
    return List.of(
        new Metric("db_rows", Metric.Type.GAUGE, "Rows per table", rows),
        Metric.gauge("db_active_tokens", "Bearer tokens not yet expired", activeTokens),
        Metric.gauge("db_ping_ms", "Time of a SELECT 1 round trip in milliseconds", pingMs));
  }
}
