package io.parley.it;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/** The EAR exactly as the build produced it. */
public final class ParleyDeployment {

  private ParleyDeployment() {}

  public static EnterpriseArchive ear() {
    return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, ItEnvironment.ear());
  }
}
