package io.parley.core.contacts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the inputs of a contact check and what is known about their numbers into the answer, one
 * entry per input in the order given. What is known maps a number's digits to its wa_id, or to
 * {@code ""} when the network said it is not on the network (the wire's convention).
 */
public final class ContactAnswers {

  private ContactAnswers() {}

  /** The distinct numbers among {@code inputs} worth asking about, in order. */
  public static Set<String> numbers(List<String> inputs) {
    Set<String> numbers = new LinkedHashSet<>();
    for (String input : inputs) {
      PhoneNumbers.digits(input).ifPresent(numbers::add);
    }
    return numbers;
  }

  /**
   * One answer per input: {@code invalid} when it is not a phone number, the known answer when
   * there is one, otherwise {@code unknown} ({@code processing} or {@code failed}).
   */
  public static List<ContactCheck> answer(
      List<String> inputs, Map<String, String> known, ContactCheck.Status unknown) {
    if (unknown != ContactCheck.Status.PROCESSING && unknown != ContactCheck.Status.FAILED) {
      throw new IllegalArgumentException("an unknown number is processing or failed: " + unknown);
    }
    List<ContactCheck> answers = new ArrayList<>(inputs.size());
    for (String input : inputs) {
      Optional<String> digits = PhoneNumbers.digits(input);
      if (digits.isEmpty()) {
        answers.add(ContactCheck.invalid(input));
        continue;
      }
      String waId = known.get(digits.get());
      if (waId == null) {
        answers.add(
            unknown == ContactCheck.Status.PROCESSING
                ? ContactCheck.processing(input, digits.get())
                : ContactCheck.failed(input));
      } else if (waId.isEmpty()) {
        answers.add(ContactCheck.invalid(input));
      } else {
        answers.add(ContactCheck.valid(input, waId));
      }
    }
    return answers;
  }
}
