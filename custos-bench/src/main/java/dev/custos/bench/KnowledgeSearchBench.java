package dev.custos.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;

import dev.custos.keys.ContentSeal;
import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Knowledge at volume: ingestion through the upload API (passages per second, with and without vectors), then
 * search p50/p95 at 10,000 and 100,000 passages in one workspace, full-text only and hybrid, against the
 * workspace's own record as the reference request. Documents are made of words drawn from a 5,000-word vocabulary,
 * one passage per paragraph. For hybrid search at volume the passages get random unit vectors, sealed as ingestion
 * seals them (embedding 100,000 passages with the in-process model would take the better part of an hour on two
 * cores; what search costs does not depend on the vectors' values). Not a test: run by hand (docs/benchmarks.md).
 * Arguments: passages per document, queries per case (defaults 1000 100).
 */
public final class KnowledgeSearchBench {

    private static final Random RANDOM = new Random(42);
    private static final String[] VOCABULARY = vocabulary();
    /** A sample of the passages uploaded, to ask for words that occur together. */
    private static final List<String> PASSAGES = new ArrayList<>();

    private KnowledgeSearchBench() {
    }

    public static void main(String[] args) throws Exception {
        int passagesPerDocument = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        // The benchmark's one client sends more than a person would: the per-address limit is raised for it.
        try (ConfigurableApplicationContext custos = BenchCustos.start("knowledge",
                "--custos.api.rate-limit.per-address-per-minute=100000")) {
            ApiSession person = ApiSession.signedUp(custos, "librarian@example.com", "Librarian",
                    "a-long-enough-passphrase");
            UUID workspace = person.createWorkspace("Bench");
            String bases = "/api/workspaces/" + workspace + "/knowledge-bases";
            System.out.printf("machine: %d cores, Java %s; %,d passages a document, %d queries a case%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                    passagesPerDocument, queries);

            // Ingestion with vectors from the in-process model: a small document, passages per second.
            String vectorBase = person.post(bases, Map.of("name", "With vectors", "embeddings", "local"))
                    .path("id").asString();
            double withVectors = ingest(person, bases + "/" + vectorBase, 1, 100);
            String base = person.post(bases, Map.of("name", "Handbook", "embeddings", "none")).path("id").asString();
            double fullText = ingest(person, bases + "/" + base, 10, passagesPerDocument);
            System.out.printf("ingestion: %.0f passages/s full-text only, %.1f passages/s with vectors "
                    + "(a page of ~3,000 characters is ~2.5 passages)%n", fullText, withVectors);
            searches(custos, person, workspace, base, queries, "10k");
            ingest(person, bases + "/" + base, 90, passagesPerDocument);
            searches(custos, person, workspace, base, queries, "100k");
        }
        System.exit(0);
    }

    /** Uploads documents and waits until they are indexed; returns passages indexed per second. */
    private static double ingest(ApiSession person, String base, int documents, int passages) throws Exception {
        long started = System.nanoTime();
        for (int d = 0; d < documents; d++) {
            person.upload(base + "/documents", "doc-" + UUID.randomUUID() + ".txt", "text/plain",
                    document(passages).getBytes(StandardCharsets.UTF_8));
        }
        while (person.get(base + "/documents").valueStream()
                .anyMatch(document -> !document.path("status").asString().equals("ready"))) {
            Thread.sleep(250);
        }
        return documents * passages / ((System.nanoTime() - started) / 1e9);
    }

    private static void searches(ConfigurableApplicationContext custos, ApiSession person, UUID workspace,
                                 String base, int queries, String label) throws Exception {
        // One base: the workspace's other base has vectors, and searching it would embed every query.
        String search = "/api/workspaces/" + workspace + "/knowledge-search?limit=5&base=" + base + "&q=";
        List<String> terms = new ArrayList<>();
        List<String> together = new ArrayList<>();
        for (int i = 0; i < queries; i++) {
            terms.add(VOCABULARY[RANDOM.nextInt(VOCABULARY.length)] + "+" + VOCABULARY[RANDOM.nextInt(
                    VOCABULARY.length)] + "+" + VOCABULARY[RANDOM.nextInt(VOCABULARY.length)]);
            String[] passage = PASSAGES.get(RANDOM.nextInt(PASSAGES.size())).split(" ");
            together.add(passage[0] + "+" + passage[passage.length / 2] + "+" + passage[passage.length - 2]);
        }
        vacuum(custos); // as autovacuum would have by then: a search right after a bulk load sets hint bits
        explain(custos, base);
        double[] reference = time(queries, i -> person.get("/api/workspaces/" + workspace));
        double[] found = time(queries, i -> person.get(search + together.get(i)));
        double[] fullText = time(queries, i -> person.get(search + terms.get(i)));
        addVectors(custos, workspace, base);
        vacuum(custos);
        long cold = System.nanoTime();
        person.get(search + terms.getFirst()); // loads the base's vectors into the workspace's entry
        double coldMillis = (System.nanoTime() - cold) / 1e6;
        double[] hybrid = time(queries, i -> person.get(search + terms.get(i)));
        JdbcClient.create(custos.getBean("ownerDataSource", DataSource.class))
                .sql("UPDATE knowledge_bases SET embeddings = 'none' WHERE base_id = :b")
                .param("b", UUID.fromString(base)).update();
        System.out.printf("%n%s passages; hybrid's first search (opens and holds the vectors): %.0f ms%n", label,
                coldMillis);
        System.out.println("| case | p50 (ms) | p95 (ms) | p50 vs the reference |");
        System.out.println("|---|---|---|---|");
        row("reference: the workspace's own record", reference, reference);
        row("full-text, 3 words of one passage", found, reference);
        row("full-text, 3 random words (rarely in one passage: every passage with any is ranked)", fullText,
                reference);
        row("hybrid (full-text + vectors), 3 random words", hybrid, reference);
    }

    private static void vacuum(ConfigurableApplicationContext custos) {
        JdbcClient.create(custos.getBean("ownerDataSource", DataSource.class))
                .sql("VACUUM (ANALYZE) knowledge_chunks, knowledge_passages").update();
    }

    /**
     * Prints how PostgreSQL runs the three rankings a search may send (every word, any two, any one; the looser two
     * bounded to 500 matches, as the application sends them) for three tokens taken from three passages.
     */
    private static void explain(ConfigurableApplicationContext custos, String base) throws Exception {
        DataSource owner = custos.getBean("ownerDataSource", DataSource.class);
        List<String> tokens = JdbcClient.create(owner).sql("""
                        SELECT split_part(split_part(terms::text, ' ', 1), ':', 1) FROM knowledge_chunks
                        WHERE base_id = :b ORDER BY random() LIMIT 3""")
                .param("b", UUID.fromString(base)).query(String.class).list();
        String a = tokens.get(0);
        String b = tokens.get(1);
        String c = tokens.get(2);
        Map<String, String> queries = new java.util.LinkedHashMap<>();
        queries.put("every word", a + " & " + b + " & " + c);
        queries.put("any two (bounded)", "(" + a + " & " + b + ") | (" + a + " & " + c + ") | (" + b + " & " + c + ")");
        queries.put("any one (bounded)", a + " | " + b + " | " + c);
        for (var query : queries.entrySet()) {
            String bound = query.getKey().contains("bounded") ? " LIMIT 500" : "";
            try (Connection connection = owner.getConnection(); var plan = connection.createStatement().executeQuery("""
                    EXPLAIN (ANALYZE, BUFFERS) SELECT m.document_id, m.seq FROM (
                        SELECT c.document_id, c.seq, c.terms FROM knowledge_chunks c
                        WHERE c.terms @@ CAST('%s' AS tsquery) AND c.base_id = '%s'%s) m
                    ORDER BY ts_rank(m.terms, CAST('%s' AS tsquery)) DESC, m.document_id, m.seq LIMIT 50"""
                    .formatted(query.getValue().replace("'", "''"), base, bound,
                            query.getValue().replace("'", "''")))) {
                System.out.println("plan, " + query.getKey() + ":");
                while (plan.next()) {
                    System.out.println("    " + plan.getString(1));
                }
            }
        }
    }

    /** Gives every passage of the base without a vector a random unit vector, sealed as ingestion seals it. */
    private static void addVectors(ConfigurableApplicationContext custos, UUID workspace, String base)
            throws Exception {
        DataSource owner = custos.getBean("ownerDataSource", DataSource.class);
        ContentSeal seal = custos.getBean(ContentSeal.class);
        var rows = JdbcClient.create(owner).sql("""
                        SELECT c.document_id, c.seq, d.uploaded_by FROM knowledge_chunks c
                        JOIN knowledge_passages p USING (workspace_id, document_id, seq)
                        JOIN knowledge_documents d USING (workspace_id, document_id)
                        WHERE c.base_id = :b AND p.embedding IS NULL""")
                .param("b", UUID.fromString(base))
                .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getInt(2), rs.getObject(3, UUID.class)})
                .list();
        try (Connection connection = owner.getConnection(); var update = connection.prepareStatement(
                "UPDATE knowledge_passages SET embedding = ? WHERE workspace_id = ? AND document_id = ? AND seq = ?")) {
            connection.setAutoCommit(false);
            int batch = 0;
            for (Object[] row : rows) {
                UUID document = (UUID) row[0];
                int seq = (int) row[1];
                update.setBytes(1, seal.seal(new WorkspaceId(workspace), new PersonId((UUID) row[2]),
                        randomVector(), "knowledge-vector|" + document + "|" + seq));
                update.setObject(2, workspace);
                update.setObject(3, document);
                update.setInt(4, seq);
                update.addBatch();
                if (++batch % 1_000 == 0) {
                    update.executeBatch();
                }
            }
            update.executeBatch();
            connection.commit();
        }
        JdbcClient.create(owner).sql("UPDATE knowledge_bases SET embeddings = 'local' WHERE base_id = :b")
                .param("b", UUID.fromString(base)).update();
    }

    private static String randomVector() {
        float[] vector = new float[384];
        double norm = 0;
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) RANDOM.nextGaussian();
            norm += vector[i] * vector[i];
        }
        var bytes = ByteBuffer.allocate(vector.length * Float.BYTES);
        for (float value : vector) {
            bytes.putFloat((float) (value / Math.sqrt(norm)));
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    private static String document(int passages) {
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < passages; p++) {
            StringBuilder passage = new StringBuilder();
            while (passage.length() < 1_000) {
                passage.append(VOCABULARY[RANDOM.nextInt(VOCABULARY.length)]).append(' ');
            }
            text.append(passage.toString().strip()).append(".\n\n");
            if (RANDOM.nextInt(100) == 0) {
                PASSAGES.add(passage.toString().strip());
            }
        }
        return text.toString();
    }

    /** 5,000 pronounceable made-up words, so that stemming keeps them apart. */
    private static String[] vocabulary() {
        String[] syllables = {"ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "da", "fo", "gu", "bi", "so",
                "wa", "ye", "xo", "qu", "ri", "hu"};
        String[] words = new String[5_000];
        Random random = new Random(7);
        for (int i = 0; i < words.length; i++) {
            words[i] = syllables[random.nextInt(20)] + syllables[random.nextInt(20)] + syllables[random.nextInt(20)]
                    + "x" + i;
        }
        return words;
    }

    private interface Call {
        void run(int i) throws Exception;
    }

    private static double[] time(int runs, Call call) throws Exception {
        for (int i = 0; i < Math.min(10, runs); i++) {
            call.run(i);
        }
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            call.run(i);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis;
    }

    private static void row(String label, double[] sorted, double[] reference) {
        double p50 = sorted[sorted.length / 2];
        double p95 = sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.95) - 1)];
        System.out.printf("| %s | %.1f | %.1f | %.1fx |%n", label, p50, p95, p50 / reference[reference.length / 2]);
    }
}
