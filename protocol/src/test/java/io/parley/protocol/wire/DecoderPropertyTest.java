package io.parley.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A bounded, reproducible stand-in for fuzzing that runs on every build: 100,000 inputs (random
 * bytes and mutations of valid frames, fixed seed) through the frame decoder and the frame reader;
 * only the declared exceptions may escape, and the whole run must finish quickly (no hang).
 */
class DecoderPropertyTest {

  private static final int INPUTS = 100_000;

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void theFrameDecoderOnlyEverRefusesWithWireFormatException() {
    Random random = new Random(20_251_125L);
    List<byte[]> seeds = Samples.frames().stream().map(Frame::encode).toList();
    int decoded = 0;
    for (int i = 0; i < INPUTS; i++) {
      byte[] input =
          i % 4 == 0
              ? randomBytes(random)
              : mutate(seeds.get(random.nextInt(seeds.size())), random);
      try {
        Frame.decode(Frame.decode(input).encode());
        decoded++;
      } catch (WireFormatException expected) {
        // Refused, as declared.
      }
    }
    assertTrue(
        decoded > 0, "some mutations stay well-formed, so the decoder's accepting paths ran too");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void theContentDecoderOnlyEverRefusesWithWireFormatException() {
    Random random = new Random(1L);
    List<byte[]> seeds = Samples.contents().stream().map(Content::encode).toList();
    int decoded = 0;
    for (int i = 0; i < INPUTS; i++) {
      byte[] input =
          i % 4 == 0
              ? randomBytes(random)
              : mutate(seeds.get(random.nextInt(seeds.size())), random);
      try {
        Content.decode(Content.decode(input).encode());
        decoded++;
      } catch (WireFormatException expected) {
        // Refused, as declared.
      }
    }
    assertTrue(decoded > 0, "some mutations stay well-formed");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void theFrameReaderOnlyEverRefusesWithIoException() {
    Random random = new Random(7L);
    for (int i = 0; i < INPUTS; i++) {
      FrameReader reader =
          new FrameReader(
              new ByteArrayInputStream(randomBytes(random)), LengthPrefix.FOUR_BYTES, 1 << 20);
      try {
        while (reader.readFrame() != null) {
          // Read until the input ends or is refused.
        }
      } catch (IOException expected) {
        // Refused, as declared.
      }
    }
  }

  private static byte[] randomBytes(Random random) {
    byte[] bytes = new byte[random.nextInt(64)];
    random.nextBytes(bytes);
    return bytes;
  }

  /** Flips, overwrites, inserts or deletes a few bytes, or truncates. */
  private static byte[] mutate(byte[] seed, Random random) {
    byte[] out = seed.clone();
    int mutations = 1 + random.nextInt(3);
    for (int m = 0; m < mutations && out.length > 0; m++) {
      int at = random.nextInt(out.length);
      switch (random.nextInt(5)) {
        case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
        case 1 -> out[at] = (byte) random.nextInt(256);
        case 2 -> out = java.util.Arrays.copyOf(out, at);
        case 3 -> {
          byte[] longer = new byte[out.length + 1];
          System.arraycopy(out, 0, longer, 0, at);
          longer[at] = (byte) random.nextInt(256);
          System.arraycopy(out, at, longer, at + 1, out.length - at);
          out = longer;
        }
        default -> {
          byte[] shorter = new byte[out.length - 1];
          System.arraycopy(out, 0, shorter, 0, at);
          System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
          out = shorter;
        }
      }
    }
    return out;
  }
}
