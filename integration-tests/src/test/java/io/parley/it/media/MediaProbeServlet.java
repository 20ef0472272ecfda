package io.parley.it.media;

import io.parley.media.store.MediaConnection;
import io.parley.media.store.MediaConnectionFactory;
import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.transaction.UserTransaction;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Deployed by {@link MediaStoreEnlistmentIT} inside parley.ear, next to the media store RAR: writes
 * a media file through the adapter and a row through Parley's datasource in one JTA transaction,
 * then commits or rolls back ({@code POST ?id=..&outcome=commit|rollback}); {@code GET ?id=..}
 * answers what is there afterwards, each looked up outside any transaction.
 */
@WebServlet("/probe")
public class MediaProbeServlet extends HttpServlet {

  @Resource(lookup = "java:/parley/media")
  MediaConnectionFactory media;

  @Resource(lookup = "java:jboss/datasources/ParleyDS")
  DataSource database;

  @Resource UserTransaction transaction;

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String id = request.getParameter("id");
    boolean commit = "commit".equals(request.getParameter("outcome"));
    byte[] content = ("media " + id).getBytes(StandardCharsets.UTF_8);
    try {
      createTable();
      transaction.begin();
      try (MediaConnection files = media.getConnection();
          Connection rows = database.getConnection();
          PreparedStatement insert =
              rows.prepareStatement("insert into media_probe (id, size) values (?, ?)")) {
        files.write(id, new ByteArrayInputStream(content));
        insert.setString(1, id);
        insert.setLong(2, content.length);
        insert.executeUpdate();
      }
      if (commit) {
        transaction.commit();
      } else {
        transaction.rollback();
      }
      response.getWriter().print(commit ? "committed" : "rolled back");
    } catch (Exception e) {
      response.setStatus(500);
      response.getWriter().print(e);
    }
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String id = request.getParameter("id");
    try (MediaConnection files = media.getConnection()) {
      String content = "";
      if (files.exists(id)) {
        content = new String(files.open(id).readAllBytes(), StandardCharsets.UTF_8);
      }
      response.getWriter().print("file=" + content + ";row=" + rowExists(id));
    } catch (Exception e) {
      response.setStatus(500);
      response.getWriter().print(e);
    }
  }

  private void createTable() throws SQLException {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "create table if not exists media_probe (id varchar(64) primary key, size bigint)");
    }
  }

  private boolean rowExists(String id) throws SQLException {
    try (Connection connection = database.getConnection();
        PreparedStatement select =
            connection.prepareStatement("select count(*) from media_probe where id = ?")) {
      select.setString(1, id);
      try (ResultSet result = select.executeQuery()) {
        result.next();
        return result.getLong(1) == 1;
      }
    }
  }
}
