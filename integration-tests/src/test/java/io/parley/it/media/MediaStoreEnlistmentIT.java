package io.parley.it.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.it.ApiClient;
import io.parley.it.FreshDatabase;
import io.parley.it.ParleyDeployment;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The media store RAR deploys inside parley.ear as the CLI scripts configure it, and its
 * connections enlist in JTA transactions together with Parley's MySQL datasource: a media file and
 * a row written in one transaction are both there after a commit and both absent after a rollback.
 * A probe web module ({@link MediaProbeServlet}) is added to the EAR for this test only.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(FreshDatabase.class)
@RunAsClient
class MediaStoreEnlistmentIT {

  @Deployment(testable = false)
  static EnterpriseArchive earWithProbe() throws Exception {
    EnterpriseArchive ear = ParleyDeployment.ear();
    ear.addAsModule(
        ShrinkWrap.create(WebArchive.class, "media-probe.war").addClass(MediaProbeServlet.class));
    String application =
        new String(
            ear.get("META-INF/application.xml").getAsset().openStream().readAllBytes(),
            StandardCharsets.UTF_8);
    ear.setApplicationXML(
        new StringAsset(
            application.replace(
                "<library-directory>",
                "<module><web><web-uri>media-probe.war</web-uri>"
                    + "<context-root>/media-probe</context-root></web></module>"
                    + "<library-directory>")));
    return ear;
  }

  private final ApiClient client = new ApiClient();

  @Test
  void aFileAndARowWrittenInOneTransactionAreBothThereAfterItCommits() {
    String id = "kept-" + System.nanoTime();

    assertEquals("committed", probe("POST", id, "commit"));

    assertEquals("file=media " + id + ";row=true", probe("GET", id, null));
  }

  @Test
  void aFileAndARowWrittenInOneTransactionAreBothGoneAfterItRollsBack() {
    String id = "dropped-" + System.nanoTime();

    assertEquals("rolled back", probe("POST", id, "rollback"));

    assertEquals("file=;row=false", probe("GET", id, null));
  }

  private String probe(String method, String id, String outcome) {
    String query = "?id=" + id + (outcome == null ? "" : "&outcome=" + outcome);
    ApiClient.Response response = client.send(method, "/media-probe/probe" + query, "", Map.of());
    assertEquals(200, response.status(), response.text());
    return response.text();
  }
}
