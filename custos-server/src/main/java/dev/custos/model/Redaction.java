package dev.custos.model;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/**
 * Replaces personal values in text sent to a model with placeholders ({@code [EMAIL_1]}, {@code [PHONE_2]}...)
 * and puts them back in the answer. One instance serves one session: the same value always gets the same
 * placeholder, so the model can still tell two people apart. Values are recognised only when they validate:
 * card numbers by Luhn, IBANs by their mod-97 checksum, phone numbers by libphonenumber, national IDs
 * ({@code [ID_1]}) by their own rules: US SSN (issued ranges, dashed form), Spanish DNI/NIE (check letter),
 * Turkish T.C. Kimlik No (two check digits).
 */
public final class Redaction {

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    private static final Pattern IBAN = Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\\b");
    private static final Pattern CARD = Pattern.compile("\\b\\d(?:[ -]?\\d){12,18}\\b");
    private static final Pattern IPV4 = Pattern.compile(
            "\\b(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\b");
    /** US Social Security numbers, written with dashes (bare nine digits are too often something else). */
    private static final Pattern US_SSN = Pattern.compile("\\b(\\d{3})-(\\d{2})-(\\d{4})\\b");
    /** Spanish DNI (8 digits and a check letter) and NIE (X, Y or Z, 7 digits, check letter). */
    private static final Pattern ES_DNI = Pattern.compile("\\b[XYZ]?\\d{7,8}-?[A-Z]\\b");
    /** Turkish T.C. Kimlik No: 11 digits with two check digits. */
    private static final Pattern TR_TCKN = Pattern.compile("\\b[1-9]\\d{10}\\b");
    static final Pattern PLACEHOLDER = Pattern.compile("\\[(EMAIL|IBAN|CARD|IP|PHONE|ID)_\\d+]");

    private final String defaultRegion;
    private final Map<String, String> placeholderByValue = new LinkedHashMap<>();
    private final Map<String, String> valueByPlaceholder = new LinkedHashMap<>();
    private final Map<String, Integer> counters = new LinkedHashMap<>();

    /** @param defaultRegion ISO country for phone numbers written without +country code (e.g. "DE", "US") */
    public Redaction(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    public String redact(String text) {
        String result = replace(text, EMAIL, "EMAIL", value -> true);
        result = replace(result, IBAN, "IBAN", Redaction::validIban);
        result = replace(result, CARD, "CARD", Redaction::luhn);
        result = replace(result, US_SSN, "ID", Redaction::validSsn);
        result = replace(result, ES_DNI, "ID", Redaction::validSpanishId);
        result = replace(result, TR_TCKN, "ID", Redaction::validTurkishId);
        result = replace(result, IPV4, "IP", value -> true);
        return phones(result);
    }

    /** Puts the original values back into a complete text. */
    public String restore(String text) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        return matcher.replaceAll(match -> Matcher.quoteReplacement(
                valueByPlaceholder.getOrDefault(match.group(), match.group())));
    }

    /** A restorer for a streamed answer, whose placeholders may be split across chunks. */
    public StreamingRestore streaming() {
        return new StreamingRestore(this);
    }

    /** How many distinct values were replaced, for the session's record (never the values themselves). */
    public int replacedValues() {
        return placeholderByValue.size();
    }

    private String replace(String text, Pattern pattern, String kind, Predicate<String> valid) {
        Matcher matcher = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = matcher.group();
            matcher.appendReplacement(out, Matcher.quoteReplacement(valid.test(value) ? placeholder(kind, value) : value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private String phones(String text) {
        PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
        StringBuilder out = new StringBuilder();
        int copied = 0;
        for (PhoneNumberMatch match : phones.findNumbers(text, defaultRegion, PhoneNumberUtil.Leniency.VALID,
                Long.MAX_VALUE)) {
            out.append(text, copied, match.start()).append(placeholder("PHONE", match.rawString()));
            copied = match.end();
        }
        return out.append(text.substring(copied)).toString();
    }

    private String placeholder(String kind, String value) {
        String key = kind + ":" + value;
        return placeholderByValue.computeIfAbsent(key, k -> {
            int n = counters.merge(kind, 1, Integer::sum);
            String placeholder = "[" + kind + "_" + n + "]";
            valueByPlaceholder.put(placeholder, value);
            return placeholder;
        });
    }

    static boolean luhn(String number) {
        String digits = number.replaceAll("[ -]", "");
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }

    /** Area 000, 666 and 900-999, group 00 and serial 0000 are never issued. */
    static boolean validSsn(String ssn) {
        Matcher parts = US_SSN.matcher(ssn);
        if (!parts.matches()) {
            return false;
        }
        int area = Integer.parseInt(parts.group(1));
        return area != 0 && area != 666 && area < 900 && !parts.group(2).equals("00")
                && !parts.group(3).equals("0000");
    }

    static boolean validSpanishId(String id) {
        String compact = id.replace("-", "");
        String digits = compact.substring(0, compact.length() - 1);
        char first = digits.charAt(0);
        if (first == 'X' || first == 'Y' || first == 'Z') {
            if (digits.length() != 8) {
                return false;
            }
            digits = (first - 'X') + digits.substring(1);
        } else if (digits.length() != 8) {
            return false;
        }
        return "TRWAGMYFPDXBNJZSQVHLCKE".charAt(Integer.parseInt(digits) % 23) == compact.charAt(compact.length() - 1);
    }

    static boolean validTurkishId(String id) {
        int[] d = id.chars().map(c -> c - '0').toArray();
        int odd = d[0] + d[2] + d[4] + d[6] + d[8];
        int even = d[1] + d[3] + d[5] + d[7];
        int tenth = Math.floorMod(odd * 7 - even, 10);
        int eleventh = (odd + even + d[9]) % 10;
        return d[9] == tenth && d[10] == eleventh;
    }

    static boolean validIban(String iban) {
        String compact = iban.replace(" ", "");
        if (compact.length() < 15 || compact.length() > 34) {
            return false;
        }
        String rearranged = compact.substring(4) + compact.substring(0, 4);
        StringBuilder numeric = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }

    /** Restores placeholders in a stream, holding back only what could still become a placeholder. */
    public static final class StreamingRestore {
        private static final Pattern PARTIAL = Pattern.compile("\\[[A-Z]{0,5}(?:_\\d{0,9})?");
        private final Redaction redaction;
        private final StringBuilder pending = new StringBuilder();

        private StreamingRestore(Redaction redaction) {
            this.redaction = redaction;
        }

        /** Takes the next chunk; returns the text that can be shown now. */
        public String accept(String chunk) {
            pending.append(chunk);
            int open = pending.lastIndexOf("[");
            int cut = pending.length();
            if (open >= 0 && pending.indexOf("]", open) < 0 && PARTIAL.matcher(pending.substring(open)).matches()) {
                cut = open; // "[EMA" may still become "[EMAIL_1]": wait for more
            }
            String ready = redaction.restore(pending.substring(0, cut));
            pending.delete(0, cut);
            return ready;
        }

        /** The end of the stream: whatever was held back, as it is. */
        public String finish() {
            String rest = redaction.restore(pending.toString());
            pending.setLength(0);
            return rest;
        }
    }
}
