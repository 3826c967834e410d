package dev.custos.model;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Personal values replaced by placeholders before a model call, and put back in the answer (AI-05). */
class RedactionTest {

    private static final String TEXT = "Mail ada@example.com or call +49 30 901820, card 4111 1111 1111 1111, "
            + "IBAN DE89 3704 0044 0532 0130 00, from 192.168.10.7. Again: ada@example.com.";

    @Test
    @Tag("AI-05")
    @DisplayName("emails, phones, valid card numbers, valid IBANs and IPs become stable placeholders")
    void redactsValidatedValues() {
        var redaction = new Redaction("DE");
        String redacted = redaction.redact(TEXT);
        assertThat(redacted).doesNotContain("ada@example.com", "901820", "4111", "DE89", "192.168")
                .contains("[EMAIL_1]", "[PHONE_1]", "[CARD_1]", "[IBAN_1]", "[IP_1]");
        assertThat(redacted.indexOf("[EMAIL_1]")).isNotEqualTo(redacted.lastIndexOf("[EMAIL_1]"));
        assertThat(redaction.replacedValues()).isEqualTo(5);
        assertThat(redaction.restore(redacted)).isEqualTo(TEXT);
    }

    @Test
    @Tag("AI-05")
    @DisplayName("national IDs are replaced only when they validate: US SSN, Spanish DNI/NIE, Turkish T.C. Kimlik No")
    void nationalIds() {
        var redaction = new Redaction("US");
        String valid = "SSN 123-45-6789, DNI 12345678Z, NIE X1234567L, TCKN 10000000146.";
        String redacted = redaction.redact(valid);
        assertThat(redacted).isEqualTo("SSN [ID_1], DNI [ID_2], NIE [ID_3], TCKN [ID_4].");
        assertThat(redaction.restore(redacted)).isEqualTo(valid);
        String invalid = "SSN 666-45-6789, 123-00-6789, DNI 12345678A, NIE X1234567A, TCKN 10000000147.";
        assertThat(new Redaction("US").redact(invalid)).isEqualTo(invalid);
    }

    @Test
    @Tag("AI-05")
    @DisplayName("numbers that fail their checksum are left alone")
    void invalidNumbersStay() {
        var redaction = new Redaction("DE");
        String text = "Order 4111 1111 1111 1112 and account DE00 3704 0044 0532 0130 00.";
        assertThat(redaction.redact(text)).isEqualTo(text);
    }

    @Test
    @Tag("AI-05")
    @DisplayName("placeholders split across streamed chunks are restored, and nothing else is held back")
    void restoresAcrossChunks() {
        var redaction = new Redaction("DE");
        String redacted = redaction.redact("Write to ada@example.com please [soon].");
        var stream = redaction.streaming();
        var shown = new StringBuilder();
        for (int i = 0; i < redacted.length(); i += 3) {
            shown.append(stream.accept(redacted.substring(i, Math.min(redacted.length(), i + 3))));
        }
        shown.append(stream.finish());
        assertThat(shown.toString()).isEqualTo("Write to ada@example.com please [soon].");
        assertThat(redaction.streaming().accept("Hello [EMA")).isEqualTo("Hello ");
    }
}
