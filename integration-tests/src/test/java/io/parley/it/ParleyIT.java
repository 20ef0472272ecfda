package io.parley.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The base of every test against the Arquillian-managed server: the EAR as the build produced it,
 * deployed onto a fresh database, called from outside as a business system would call it.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(FreshDatabase.class)
@RunAsClient
public abstract class ParleyIT {

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return ParleyDeployment.ear();
  }
}
