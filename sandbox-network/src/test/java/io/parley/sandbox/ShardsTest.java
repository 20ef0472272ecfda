package io.parley.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.protocol.wire.ErrorCodes;
import io.parley.protocol.wire.Frame;
import io.parley.protocol.wire.Payload;
import io.parley.protocol.wire.Shards;
import io.parley.sandbox.client.Business;
import io.parley.sandbox.client.BusinessClient;
import io.parley.sandbox.client.ControlClient;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multiconnect: an account split into shards receives each user's frames on the connection slot of
 * the user's shard, refuses slots beyond its shard count, and moves waiting frames when the count
 * changes.
 */
class ShardsTest {

  @TempDir Path data;
  private SandboxNetwork sandbox;
  private ControlClient control;
  private Business business;
  private final List<BusinessClient> slots = new ArrayList<>();

  /** One user per shard of four: users.get(k) is in shard k. */
  private final List<String> users = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    sandbox = SandboxNetwork.start(SandboxConfig.ephemeral(data));
    control = new ControlClient(sandbox.controlPort());
    business =
        new Business("1", "5550001111", sandbox.transportPort(), sandbox.transportKey(), control)
            .register("Acme Shoes", 20);
    for (int shard = 0; shard < 4; shard++) {
      int wanted = shard;
      String user =
          java.util.stream.IntStream.range(0, 1000)
              .mapToObj(i -> "4477009" + (20000 + i))
              .filter(candidate -> Shards.of(candidate, 4) == wanted)
              .findFirst()
              .orElseThrow();
      control.expect(
          201,
          "POST",
          "/control/users",
          "{\"wa_id\":\"" + user + "\",\"name\":\"U" + shard + "\"}");
      users.add(user);
    }
  }

  @AfterEach
  void stop() throws Exception {
    for (BusinessClient slot : slots) {
      slot.close();
    }
    business.close();
    sandbox.close();
  }

  @Test
  void onlyPowersOfTwoUpTo32AreAccepted() throws Exception {
    assertEquals(ErrorCodes.INVALID_PARAMETER, setShards(3));
    assertEquals(ErrorCodes.INVALID_PARAMETER, setShards(64));
    assertEquals(ErrorCodes.OK, setShards(32));
    assertEquals(32, account().getInt("shards"));
  }

  @Test
  void eachUsersFramesGoToTheSlotOfItsShard() throws Exception {
    assertEquals(ErrorCodes.OK, setShards(4));
    for (String user : users) {
      userSends(user, "hello from " + user);
    }
    // Slot 0 (the business's own connection) gets its user's message and no other.
    assertEquals(users.get(0), messageFrom(business.client).from());
    MessagingTest.waitUntil(() -> waiting(3) == 1);
    assertEquals(1, waiting(1));
    assertEquals(1, waiting(2));

    for (int slot = 1; slot < 4; slot++) {
      BusinessClient client = connect(slot, 1);
      assertEquals(users.get(slot), messageFrom(client).from(), "slot " + slot);
    }
    for (int slot = 0; slot < 4; slot++) {
      JsonObject described = account().getJsonArray("slots").getJsonObject(slot);
      assertEquals(true, described.getBoolean("connected"), "slot " + slot);
      assertEquals(1, described.getInt("logins"), "slot " + slot);
    }
    assertThrows(
        AssertionError.class,
        () ->
            business.client.await(
                f -> f.payload() instanceof Payload.Message, Duration.ofMillis(300)),
        "slot 0 got another shard's message");
  }

  @Test
  void aSlotBeyondTheShardCountIsRefused() throws Exception {
    assertEquals(ErrorCodes.OK, setShards(2));
    try (BusinessClient refused =
        BusinessClient.connect(
            sandbox.transportPort(),
            sandbox.transportKey(),
            business.transportKey,
            new Payload.Login(business.waId(), 2, 1))) {
      assertEquals(
          ErrorCodes.INVALID_PARAMETER,
          refused.awaitPayload(Payload.Error.class, Business.WAIT).code());
      MessagingTest.waitUntil(refused::isClosed);
    }
  }

  @Test
  void fewerShardsMoveWaitingFramesToTheirNewSlot() throws Exception {
    assertEquals(ErrorCodes.OK, setShards(4));
    userSends(users.get(3), "waiting in slot 3");
    MessagingTest.waitUntil(() -> waiting(3) == 1);

    assertEquals(ErrorCodes.OK, setShards(1));

    assertEquals(users.get(3), messageFrom(business.client).from());
    assertEquals(1, account().getJsonArray("slots").size());
    assertEquals(0, waiting(0));
  }

  private int setShards(int count) throws Exception {
    return business.client.awaitAck(
        business.client.send(new Payload.SetShards(count)), Business.WAIT);
  }

  private BusinessClient connect(int slot, long epoch) throws Exception {
    BusinessClient client =
        BusinessClient.connect(
            sandbox.transportPort(),
            sandbox.transportKey(),
            business.transportKey,
            new Payload.Login(business.waId(), slot, epoch));
    client.awaitPayload(Payload.PreKeyStatus.class, Business.WAIT);
    slots.add(client);
    return client;
  }

  private static Payload.Message messageFrom(BusinessClient client) throws Exception {
    Frame frame = client.await(f -> f.payload() instanceof Payload.Message, Business.WAIT);
    client.ack(frame);
    return (Payload.Message) frame.payload();
  }

  private void userSends(String user, String text) throws Exception {
    control.expect(
        201,
        "POST",
        "/control/users/" + user + "/messages",
        "{\"to\":\""
            + business.waId()
            + "\",\"type\":\"text\",\"text\":{\"body\":\""
            + text
            + "\"}}");
  }

  private JsonObject account() throws Exception {
    return control.expect(200, "GET", "/control/accounts/" + business.waId(), null);
  }

  private int waiting(int slot) throws Exception {
    return account().getJsonArray("slots").getJsonObject(slot).getInt("waiting_frames");
  }
}
