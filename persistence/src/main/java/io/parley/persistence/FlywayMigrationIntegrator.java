package io.parley.persistence;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;
import org.jboss.logging.Logger;

/**
 * Runs the versioned schema migrations when the persistence unit starts.
 *
 * <p>Hibernate calls integrators while it builds the session factory and validates the schema only
 * after that, so the migrations always run before {@code hibernate.hbm2ddl.auto=validate} looks at
 * the tables. The same migration scripts serve MySQL and the embedded H2.
 */
public class FlywayMigrationIntegrator implements Integrator {

  private static final Logger LOG = Logger.getLogger(FlywayMigrationIntegrator.class);

  @Override
  public void integrate(
      Metadata metadata,
      BootstrapContext bootstrapContext,
      SessionFactoryImplementor sessionFactory) {
    DataSource dataSource =
        sessionFactory
            .getServiceRegistry()
            .requireService(ConnectionProvider.class)
            .unwrap(DataSource.class);
    var result =
        Flyway.configure(FlywayMigrationIntegrator.class.getClassLoader())
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            .table("schema_version")
            .load()
            .migrate();
    LOG.infof(
        "Schema at version %s (%d migrations applied)",
        result.targetSchemaVersion, result.migrationsExecuted);
  }

  @Override
  public void disintegrate(
      SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry serviceRegistry) {
    // Nothing to undo: migrations are permanent.
  }
}
