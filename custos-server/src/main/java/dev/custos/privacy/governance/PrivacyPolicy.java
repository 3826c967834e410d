package dev.custos.privacy.governance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.custos.platform.personaldata.MappedTable;
import dev.custos.platform.personaldata.MappedTable.MappedColumn;
import dev.custos.privacy.CookieConsent;
import dev.custos.privacy.DataMap;
import dev.custos.privacy.DataRecipients;
import dev.custos.privacy.SiteCookie;
import dev.custos.privacy.requests.Jurisdiction;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The privacy policy and the records of processing, generated from the data map, the recipients and the legal
 * deadlines in code: what the published text says is what the code does, and it changes when they change. Its
 * version is a digest of everything it is made from.
 */
@Component
public class PrivacyPolicy {

    /** One line of the records of processing: a purpose with its legal basis, categories, subjects, retention. */
    public record Processing(String purpose, String legalBasis, List<String> subjects, List<String> categories,
                             List<String> retention) {
    }

    /** A column as one purpose uses it. */
    private record Use(MappedTable table, MappedColumn column) {
    }

    /** The generated document. */
    public record Document(String controller, String contact, String version, List<Processing> processing,
                           List<DataRecipients.Recipient> recipients, List<String> rights, List<SiteCookie> cookies) {
    }

    private static final Map<String, String> LEGAL_BASES = Map.of(
            "contract", "performance of our contract with you (GDPR Art. 6(1)(b))",
            "legitimate_interest", "our legitimate interests, which you may object to (Art. 6(1)(f))",
            "consent", "your consent, which you may withdraw at any time (Art. 6(1)(a))",
            "legal_obligation", "a legal obligation we are under (Art. 6(1)(c))");

    /** What the cookie list means, as the policy states it. */
    public static final String COOKIE_RULE = "Only essential cookies are set without your consent. Preference and "
            + "analytics cookies are set only once you allow them, and you can change your choice at any time under "
            + "Cookie preferences, at the foot of every page.";

    private final DataMap map;
    private final List<DataRecipients> recipients;
    private final String controller;
    private final String contact;

    PrivacyPolicy(DataMap map, List<DataRecipients> recipients,
                  @Value("${custos.privacy.controller-name}") String controller,
                  @Value("${custos.privacy.contact}") String contact) {
        this.map = map;
        this.recipients = recipients;
        this.controller = controller;
        this.contact = contact;
    }

    public Document document() {
        // One line per purpose and legal basis, column by column: a column the map keeps under a basis of its own
        // is published under that basis, not its table's.
        Map<String, List<Use>> byPurpose = new LinkedHashMap<>();
        map.tables().stream().filter(table -> !table.subject().equals("none")).forEach(table ->
                table.columns().forEach(column -> byPurpose.computeIfAbsent(
                        table.purpose() + "|" + table.legalBasisOf(column), key -> new ArrayList<>())
                        .add(new Use(table, column))));
        List<Processing> processing = byPurpose.values().stream().map(uses -> {
            MappedTable first = uses.getFirst().table();
            String basis = first.legalBasisOf(uses.getFirst().column());
            return new Processing(first.purpose().replace('_', ' '), LEGAL_BASES.getOrDefault(basis, basis),
                    sorted(uses.stream().map(use -> use.table().subject())),
                    sorted(uses.stream().map(use -> use.column().category())
                            .filter(category -> !category.startsWith("system."))),
                    sorted(uses.stream().map(use -> use.table().name().replace('_', ' ') + ": "
                            + use.table().retention())));
        }).toList();
        List<DataRecipients.Recipient> all = recipients.stream().flatMap(source -> source.recipients().stream())
                .toList();
        List<String> rights = List.of(
                "Access and portability: Settings → Data Export gives you all data held about you, in JSON and CSV.",
                "Rectification: correct your profile at any time; corrections reach every copy.",
                "Erasure: delete your account; your content becomes unreadable at once (its keys are destroyed) "
                        + "and the rest is removed within 30 days, except records the law requires us to keep.",
                "Restriction: freeze your data, kept but not processed, until you lift it.",
                "Objection: to processing on legitimate interest (product analytics), which stops at once for you "
                        + "and its records about you are deleted; and to any decision made by automated processing "
                        + "alone, which a person then reviews. Custos itself takes no decision with legal or similar "
                        + "effect about you by automated processing alone.",
                "Withdrawal of consent, as easily as you gave it, at any time.",
                "Need-to-know: a session you run in a workspace is seen by you and by the workspace's owners and "
                        + "administrators, not by its other members, unless you (or they) share it with the whole "
                        + "workspace; every reading of your session by someone else is recorded in the audit log.",
                "Turkey (KVKK Art. 11): to learn whether and why your data is processed and to whom it is "
                        + "transferred, to have it corrected or deleted and those recipients told, to object to a "
                        + "result against you reached by automated analysis alone, and to claim compensation.",
                "Answers within the legal deadline: " + deadlines() + "; a complex request may be extended once, "
                        + "up to 90 days, and we tell you why.",
                "California: the Global Privacy Control signal is honored as an opt-out of sale and sharing. "
                        + "We do not sell or share personal data.");
        return new Document(controller, contact, version(processing, all), processing, all, rights,
                List.of(SiteCookie.values()));
    }

    /** The document as Markdown, for publishing elsewhere. */
    public String markdown() {
        Document document = document();
        StringBuilder out = new StringBuilder("# Privacy policy\n\n");
        out.append("Responsible: ").append(document.controller()).append(" (").append(document.contact())
                .append("). Version ").append(document.version()).append(", generated from the data map.\n\n");
        out.append("## What we process, why, and for how long\n\n");
        for (Processing line : document.processing()) {
            out.append("### ").append(capitalised(line.purpose())).append("\n\n")
                    .append("- Legal basis: ").append(line.legalBasis()).append('\n')
                    .append("- Whose data: ").append(String.join(", ", line.subjects())).append('\n')
                    .append("- Categories: ").append(String.join(", ", line.categories())).append('\n');
            line.retention().forEach(rule -> out.append("- Kept: ").append(rule).append('\n'));
            out.append('\n');
        }
        out.append("## Who receives it\n\n");
        if (document.recipients().isEmpty()) {
            out.append("Nobody outside this installation.\n");
        }
        for (DataRecipients.Recipient recipient : document.recipients()) {
            out.append("- ").append(recipient.name()).append(" (").append(recipient.location()).append("): ")
                    .append(recipient.purpose()).append("; ")
                    .append(recipient.zeroRetention() ? "keeps nothing" : "may keep what it receives").append("; ")
                    .append(recipient.mayTrain() ? "may train on it" : "does not train on it").append('\n');
        }
        out.append("\n## Your rights\n\n");
        document.rights().forEach(right -> out.append("- ").append(right).append('\n'));
        out.append("\n## Cookies\n\n").append(COOKIE_RULE).append("\n\n");
        document.cookies().forEach(cookie -> out.append("- `").append(cookie.cookieName()).append("` (")
                .append(cookie.category().key()).append(", ").append(cookie.lifetimeText()).append("): ")
                .append(cookie.purpose()).append('\n'));
        return out.toString();
    }

    private static String deadlines() {
        return Arrays.stream(Jurisdiction.values()).map(law -> law + " " + law.deadlineInWords())
                .collect(Collectors.joining(", "));
    }

    private static List<String> sorted(Stream<String> values) {
        return List.copyOf(values.collect(Collectors.toCollection(TreeSet::new)));
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private String version(List<Processing> processing, List<DataRecipients.Recipient> all) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((controller + contact + processing + all + CookieConsent.NOTICE_VERSION)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
