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

    @Test
    @Tag("AI-05")
    @DisplayName("the checks behind each kind of number: Luhn, mod 97, the SSA's never-issued SSNs, the DNI letter, "
            + "the T.C. Kimlik checksum")
    void checksums() {
        assertThat(java.util.List.of("4111111111111111", "5105 1051 0510 5100", "3782-822463-10005",
                "6011111111111117")).allSatisfy(card -> assertThat(Redaction.luhn(card)).as(card).isTrue());
        assertThat(java.util.List.of("4111111111111112", "5105105105105101", "378282246310006"))
                .allSatisfy(card -> assertThat(Redaction.luhn(card)).as(card).isFalse());

        assertThat(Redaction.validIban("NO9386011117947")).as("the shortest, 15").isTrue();
        assertThat(Redaction.validIban("XX32111111111111111111111111111111")).as("the longest, 34").isTrue();
        assertThat(Redaction.validIban("XX431111111111")).as("14: too short").isFalse();
        assertThat(Redaction.validIban("XX651111111111111111111111111111111")).as("35: too long").isFalse();
        assertThat(Redaction.validIban("DE89 3704 0044 0532 0130 00")).isTrue();
        assertThat(Redaction.validIban("DE88 3704 0044 0532 0130 00")).isFalse();

        assertThat(Redaction.validSsn("899-45-6789")).isTrue();
        assertThat(Redaction.validSsn("001-01-0001")).isTrue();
        assertThat(java.util.List.of("900-45-6789", "000-45-6789", "666-45-6789", "123-00-6789", "123-45-0000",
                "123456789")).allSatisfy(ssn -> assertThat(Redaction.validSsn(ssn)).as(ssn).isFalse());

        assertThat(Redaction.validSpanishId("12345678Z")).isTrue();
        assertThat(Redaction.validSpanishId("12345678-Z")).isTrue();
        assertThat(Redaction.validSpanishId("Y1234567X")).isTrue();
        assertThat(Redaction.validSpanishId("Z1234567R")).isTrue();
        assertThat(java.util.List.of("1234567L", "X12345678Z", "Y1234567A", "00000000A"))
                .allSatisfy(id -> assertThat(Redaction.validSpanishId(id)).as(id).isFalse());

        assertThat(java.util.List.of("10000000146", "12345678950", "98765432150", "19283746550"))
                .allSatisfy(id -> assertThat(Redaction.validTurkishId(id)).as(id).isTrue());
        assertThat(java.util.List.of("12345678951", "12345678940", "98765432160", "10000000156"))
                .allSatisfy(id -> assertThat(Redaction.validTurkishId(id)).as(id).isFalse());
    }

    @Test
    @Tag("AI-05")
    @DisplayName("a stream that ends inside what looked like a placeholder shows it as it is, once; a chunk that "
            + "opens with one waits for the rest")
    void streamEnds() {
        var redaction = new Redaction("DE");
        String redacted = redaction.redact("mail ada@example.com");
        var stream = redaction.streaming();
        assertThat(stream.accept("[EMA")).as("held back from the first character").isEmpty();
        assertThat(stream.finish()).isEqualTo("[EMA");
        assertThat(stream.finish()).as("nothing twice").isEmpty();
        var whole = redaction.streaming();
        assertThat(whole.accept(redacted.substring(0, 7)) + whole.accept(redacted.substring(7)) + whole.finish())
                .isEqualTo("mail ada@example.com");
    }
}
