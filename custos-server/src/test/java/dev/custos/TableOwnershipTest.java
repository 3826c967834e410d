package dev.custos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.custos.platform.personaldata.OwnedTables;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A table belongs to the module whose migrations create it, and only that module writes it: other modules ask
 * it (the privacy engine through {@link OwnedTables}, everyone else through its public API).
 */
class TableOwnershipTest extends CustosIntegrationTest {

    private static final Path JAVA = Path.of("src/main/java/dev/custos");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final Pattern CREATE = Pattern.compile("CREATE TABLE (?:IF NOT EXISTS )?(\\w+)",
            Pattern.CASE_INSENSITIVE);
    /** A statement that writes a table: the table name follows the verb. */
    private static final Pattern WRITE = Pattern.compile(
            "\\b(?:INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|TRUNCATE(?:\\s+TABLE)?)\\s+(\\w+)", Pattern.CASE_INSENSITIVE);

    @Autowired
    List<OwnedTables> owners;

    @Test
    @DisplayName("no module's code or migrations write a table another module's migrations create")
    void noModuleWritesAnotherModulesTables() throws IOException {
        Map<String, String> owner = tablesByModule();
        List<String> trespasses = new ArrayList<>();
        for (Path file : files(JAVA, ".java")) {
            trespasses.addAll(trespasses(file, module(JAVA, file), owner));
        }
        for (Path file : files(MIGRATIONS, ".sql")) {
            trespasses.addAll(trespasses(file, module(MIGRATIONS, file), owner));
        }
        assertThat(owner).containsEntry("agent_sessions", "agent").containsEntry("api_keys", "workspace");
        assertThat(trespasses).isEmpty();
    }

    @Test
    @DisplayName("each module's OwnedTables names exactly the mapped tables its own migrations create")
    void ownersNameTheirOwnTables() throws IOException {
        Map<String, String> owner = tablesByModule();
        assertThat(owners).hasSizeGreaterThanOrEqualTo(11);
        for (OwnedTables tables : owners) {
            String module = tables.getClass().getPackageName().substring("dev.custos.".length()).split("\\.")[0];
            for (String table : tables.tables()) {
                assertThat(owner.get(table)).as(table + ", claimed by " + tables.getClass().getSimpleName())
                        .isEqualTo(module.equals("platform") && table.equals("flyway_schema_history")
                                ? null : module);
            }
        }
    }

    /** Which module's migrations create each table. */
    private static Map<String, String> tablesByModule() throws IOException {
        Map<String, String> owner = new HashMap<>();
        for (Path file : files(MIGRATIONS, ".sql")) {
            Matcher created = CREATE.matcher(Files.readString(file));
            while (created.find()) {
                owner.put(created.group(1).toLowerCase(), module(MIGRATIONS, file));
            }
        }
        return owner;
    }

    private static List<String> trespasses(Path file, String module, Map<String, String> owner) throws IOException {
        Set<String> written = new TreeSet<>();
        Matcher write = WRITE.matcher(Files.readString(file));
        while (write.find()) {
            String table = write.group(1).toLowerCase();
            if (owner.containsKey(table) && !owner.get(table).equals(module)) {
                written.add(table + " (" + owner.get(table) + "'s)");
            }
        }
        return written.stream().map(table -> file + " writes " + table).collect(Collectors.toList());
    }

    private static String module(Path root, Path file) {
        return root.relativize(file).getName(0).toString();
    }

    private static List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(path -> path.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
