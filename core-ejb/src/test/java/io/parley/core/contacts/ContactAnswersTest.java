package io.parley.core.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContactAnswersTest {

  private static final String ON_NETWORK = "+1 631 555 1001";
  private static final String OFF_NETWORK = "6315551002";
  private static final String NOT_A_NUMBER = "call me";
  private static final Map<String, String> KNOWN =
      Map.of("16315551001", "16315551001", "6315551002", "");

  @Test
  void numbersAreTheDistinctDigitsOfThePhoneNumbersInOrder() {
    List<String> inputs = List.of("+1 631 555 1003", NOT_A_NUMBER, ON_NETWORK, "16315551003");

    assertEquals(
        List.of("16315551003", "16315551001"), List.copyOf(ContactAnswers.numbers(inputs)));
  }

  @Test
  void knownNumbersAreValidWithTheirWaIdOrInvalid() {
    List<ContactCheck> answers =
        ContactAnswers.answer(
            List.of(ON_NETWORK, OFF_NETWORK), KNOWN, ContactCheck.Status.PROCESSING);

    assertEquals(
        List.of(ContactCheck.valid(ON_NETWORK, "16315551001"), ContactCheck.invalid(OFF_NETWORK)),
        answers);
  }

  @Test
  void anInputThatIsNotANumberIsInvalidWhateverTheNetworkSaid() {
    List<ContactCheck> answers =
        ContactAnswers.answer(List.of(NOT_A_NUMBER, ""), Map.of(), ContactCheck.Status.FAILED);

    assertEquals(List.of(ContactCheck.invalid(NOT_A_NUMBER), ContactCheck.invalid("")), answers);
  }

  @Test
  void anUnknownNumberIsProcessingWithItsDigitsWhenNotWaiting() {
    List<ContactCheck> answers =
        ContactAnswers.answer(List.of("+44 7700 900101"), Map.of(), ContactCheck.Status.PROCESSING);

    assertEquals(List.of(ContactCheck.processing("+44 7700 900101", "447700900101")), answers);
  }

  @Test
  void anUnknownNumberFailsWithoutWaIdWhenWaiting() {
    List<ContactCheck> answers =
        ContactAnswers.answer(List.of("+44 7700 900101"), Map.of(), ContactCheck.Status.FAILED);

    assertEquals(List.of(ContactCheck.failed("+44 7700 900101")), answers);
  }

  @Test
  void everyInputIsAnsweredAsGivenEvenWhenTwoNameTheSameNumber() {
    List<ContactCheck> answers =
        ContactAnswers.answer(
            List.of(ON_NETWORK, "16315551001"), KNOWN, ContactCheck.Status.FAILED);

    assertEquals(
        List.of(
            ContactCheck.valid(ON_NETWORK, "16315551001"),
            ContactCheck.valid("16315551001", "16315551001")),
        answers);
  }

  @Test
  void aNumberCannotBeLeftValidOrInvalidWithoutAnAnswer() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ContactAnswers.answer(List.of(ON_NETWORK), Map.of(), ContactCheck.Status.VALID));
  }

  @Test
  void statusesHaveTheirOnPremNames() {
    assertEquals("valid", ContactCheck.Status.VALID.wireName());
    assertEquals("invalid", ContactCheck.Status.INVALID.wireName());
    assertEquals("processing", ContactCheck.Status.PROCESSING.wireName());
    assertEquals("failed", ContactCheck.Status.FAILED.wireName());
  }
}
