package io.parley.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The command line of a benchmark: {@code --name=value} pairs, each read with its default. */
final class Options {

  private final Map<String, String> values;

  private Options(Map<String, String> values) {
    this.values = values;
  }

  static Options parse(String[] args) {
    Map<String, String> values = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("arguments are --name=value: " + arg);
      }
      values.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    return new Options(values);
  }

  int integer(String name, int fallback) {
    return get(name).map(Integer::parseInt).orElse(fallback);
  }

  String text(String name, String fallback) {
    return get(name).orElse(fallback);
  }

  Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }
}
