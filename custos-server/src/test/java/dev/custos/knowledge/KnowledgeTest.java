package dev.custos.knowledge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.fakes.FakeModelProvider;
import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
import dev.custos.support.CustosIntegrationTest;
import dev.custos.tool.ToolContext;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Knowledge bases (TN-03): documents parsed, sealed, indexed per workspace, searched with citations. */
class KnowledgeTest extends CustosIntegrationTest {

    private static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    @Autowired
    private KnowledgeSearchTool searchTool;
    @Autowired
    private Ingestion ingestion;
    @Autowired
    private WorkspaceVectors vectors;
    @Autowired
    private dev.custos.platform.Tenancy tenancy;

    private record Base(SignedIn owner, UUID workspace, String id) {
        String path() {
            return "/api/workspaces/" + workspace + "/knowledge-bases/" + id;
        }
    }

    private Base base(String person, String name, String embeddings) {
        SignedIn owner = signUp(person);
        UUID workspace = createWorkspace(owner, person + "'s workspace");
        return base(owner, workspace, name, embeddings);
    }

    private Base base(SignedIn owner, UUID workspace, String name, String embeddings) {
        var made = owner.client().post("/api/workspaces/" + workspace + "/knowledge-bases", Map.of("name", name,
                "embeddings", embeddings));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        return new Base(owner, workspace, made.text("id"));
    }

    /** Uploads and waits until the document is indexed; returns its id. */
    private String upload(Base base, String fileName, String type, byte[] content) {
        var uploaded = base.owner().client().upload(base.path() + "/documents", fileName, type, content);
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        assertThat(uploaded.text("status")).isEqualTo("ingesting");
        String id = uploaded.text("id");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> base.owner().client()
                .get(base.path() + "/documents/" + id).text("status").equals("ready"));
        return id;
    }

    private List<String> titlesFound(Base base, String query) {
        var found = base.owner().client().get("/api/workspaces/" + base.workspace() + "/knowledge-search?q="
                + query.replace(" ", "+"));
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        return found.json().valueStream().map(hit -> hit.path("title").asString()).toList();
    }

    private static byte[] docx(String... paragraphs) throws IOException {
        try (XWPFDocument document = new XWPFDocument(); var out = new ByteArrayOutputStream()) {
            for (String paragraph : paragraphs) {
                document.createParagraph().createRun().setText(paragraph);
            }
            document.write(out);
            return out.toByteArray();
        }
    }

    private static byte[] pdf(String line, boolean encrypted) throws IOException {
        try (PDDocument document = new PDDocument(); var out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (var content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText(line);
                content.endText();
            }
            if (encrypted) {
                var policy = new StandardProtectionPolicy("owner-secret", "user-secret", new AccessPermission());
                policy.setEncryptionKeyLength(128);
                document.protect(policy);
            }
            document.save(out);
            return out.toByteArray();
        }
    }

    @Test
    @DisplayName("PDF, Word, HTML, Markdown and text are read, sealed, indexed, and found with citations")
    void documentsAreSearchedWithCitations() throws IOException {
        Base base = base("Knowing Owner", "Handbook", "none");
        upload(base, "holidays.md", "text/markdown", """
                # Holidays

                Everyone gets twenty-five days of paid vacation each year.

                Unused vacation days carry over until March.""".getBytes(StandardCharsets.UTF_8));
        upload(base, "expenses.docx", DOCX, docx("Expenses", "Receipts for travel expenses go to finance "
                + "within thirty days."));
        upload(base, "security.pdf", "application/pdf", pdf("Laptops must use full disk encryption.", false));
        upload(base, "office.html", "text/html", "<html><body><h1>Office</h1><p>The office opens at eight.</p>"
                .getBytes(StandardCharsets.UTF_8));
        upload(base, "notes.txt", "text/plain", "Parking is free for cyclists.".getBytes(StandardCharsets.UTF_8));

        assertThat(titlesFound(base, "how many vacation days")).first().isEqualTo("holidays.md");
        assertThat(titlesFound(base, "travel receipts")).first().isEqualTo("expenses.docx");
        assertThat(titlesFound(base, "disk encryption laptops")).first().isEqualTo("security.pdf");
        assertThat(titlesFound(base, "when does the office open")).first().isEqualTo("office.html");
        assertThat(titlesFound(base, "cyclist parking")).first().isEqualTo("notes.txt");

        var context = new ToolContext(new WorkspaceId(base.workspace()), UUID.randomUUID(),
                new PersonId(base.owner().personId()));
        String answer = searchTool.call(context, "{\"query\":\"vacation days\",\"limit\":2}");
        assertThat(answer).startsWith("[1] holidays.md — /workspaces/" + base.workspace() + "/knowledge/" + base.id()
                + "/documents/").contains("#chunk-0", "twenty-five days of paid vacation");
        String link = answer.substring(answer.indexOf("/workspaces/"), answer.indexOf("#chunk-0"));
        assertThat(base.owner().client().get(link, "Accept", "text/html").body())
                .contains("id=\"chunk-0\"", "twenty-five days of paid vacation");
        assertThat(dumpOfTheMainDatabase()).as("the text is sealed at rest").doesNotContain("twenty-five days");
    }

    @Test
    @DisplayName("a base may take its vectors from a provider's embedding model the workspace allows: ingestion and "
            + "search call it under the gateway's rules, metered and audited; a model the workspace may not use is "
            + "refused")
    void providerEmbeddings() throws IOException {
        try (FakeModelProvider provider = FakeModelProvider.start()) {
            SignedIn owner = signUp("Embedding Owner");
            UUID workspace = createWorkspace(owner, "Embedding team");
            Registered registered = registerProvider("openai-compatible", provider.baseUrl(), true, "embed-small");
            String model = registered.name() + "/embed-small";
            var refused = owner.client().post("/api/workspaces/" + workspace + "/knowledge-bases", Map.of("name",
                    "Vectors", "embeddings", model));
            assertThat(refused.problemType()).as("the workspace does not allow the provider yet")
                    .isEqualTo("/problems/model-not-found");
            assertThat(owner.client().post("/api/workspaces/" + workspace + "/knowledge-bases", Map.of("name",
                    "Vectors", "embeddings", "Not A Model")).problemType()).isEqualTo("/problems/invalid-embeddings");

            allowProvider(owner, workspace, registered.id());
            Base base = base(owner, workspace, "Vectors", model);
            upload(base, "garden.md", "text/markdown", "# Garden\n\nTomatoes need sun and water every morning."
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(provider.received()).anySatisfy(call -> {
                assertThat(call.path()).isEqualTo("/v1/embeddings");
                assertThat(call.body().path("model").asString()).isEqualTo("embed-small");
                assertThat(call.body().path("input").toString()).contains("Tomatoes need sun");
            });
            assertThat(asOwner().sql("SELECT count(*) FROM knowledge_passages WHERE workspace_id = :w AND embedding "
                    + "IS NOT NULL").param("w", workspace).query(Long.class).single()).isPositive();

            assertThat(titlesFound(base, "tomatoes")).contains("garden.md");
            assertThat(provider.lastReceived().body().path("input").toString()).as("the query was embedded too")
                    .contains("tomatoes");
            assertThat(asOwner().sql("SELECT count(*) FROM usage_records WHERE workspace_id = :w AND model = "
                    + "'embed-small'").param("w", workspace).query(Long.class).single()).isGreaterThanOrEqualTo(2);
            assertThat(asOwner().sql("SELECT count(*) FROM audit_log WHERE workspace_id = :w AND action = "
                    + "'model.embedded'").param("w", workspace).query(Long.class).single()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    @Tag("TN-03")
    @DisplayName("two workspaces with the same document share no index: their tokens differ, no word is stored in "
            + "clear, and neither finds the other's passages, by words or by vectors")
    void noIndexIsShared() {
        Base a = base("Index Owner A", "Handbook", "local");
        Base b = base("Index Owner B", "Handbook", "local");
        byte[] shared = "The quokka is the mascot of the company.".getBytes(StandardCharsets.UTF_8);
        upload(a, "mascot.txt", "text/plain", shared);
        upload(b, "mascot.txt", "text/plain", shared);
        upload(a, "secret.txt", "text/plain", "Project wombat launches in spring.".getBytes(StandardCharsets.UTF_8));

        List<String> termsA = asOwner().sql("""
                        SELECT terms::text FROM knowledge_chunks c JOIN knowledge_documents d USING (workspace_id,
                            document_id) WHERE c.workspace_id = :w AND d.title = 'mascot.txt'""")
                .param("w", a.workspace()).query(String.class).list();
        List<String> termsB = asOwner().sql("SELECT terms::text FROM knowledge_chunks WHERE workspace_id = :w")
                .param("w", b.workspace()).query(String.class).list();
        assertThat(String.join(" ", termsA) + String.join(" ", termsB)).as("no word in clear")
                .doesNotContain("quokka", "mascot", "compani");
        List<String> tokensA = tokens(termsA.getFirst());
        assertThat(tokensA).isNotEmpty().doesNotContainAnyElementsOf(tokens(termsB.getFirst()));

        assertThat(titlesFound(b, "project wombat launch")).as("B's search, words and vectors")
                .doesNotContain("secret.txt");
        assertThat(titlesFound(b, "quokka mascot")).containsExactly("mascot.txt");
        assertThat(titlesFound(a, "project wombat launch")).first().isEqualTo("secret.txt");
        var hits = b.owner().client().get("/api/workspaces/" + b.workspace() + "/knowledge-search?q=spring+launch")
                .json();
        assertThat(hits.valueStream().map(hit -> hit.path("baseId").asString()).distinct().toList())
                .as("vector neighbours come from B's own base only").allMatch(base -> base.equals(b.id()));
        assertThat(vectors.held()).contains(new WorkspaceId(a.workspace()), new WorkspaceId(b.workspace()));
    }

    @Test
    @Tag("TN-03")
    @Tag("TN-01")
    @DisplayName("the ranking function, which reads past row-level security for its index, answers only the "
            + "workspace of the caller's context, even when asked with another workspace's own tokens")
    void rankingStaysInTheContextsWorkspace() {
        Base a = base("Ranking Owner A", "Handbook", "none");
        Base b = base("Ranking Owner B", "Handbook", "none");
        upload(a, "plans.txt", "text/plain", "The heron project ships in autumn.".getBytes(StandardCharsets.UTF_8));
        String tokensOfA = String.join(" | ", tokens(asOwner().sql("""
                        SELECT terms::text FROM knowledge_chunks WHERE workspace_id = :w""")
                .param("w", a.workspace()).query(String.class).list().getFirst()));
        String ranked = "SELECT count(*) FROM knowledge_ranked(CAST(:q AS tsquery), NULL, NULL, 50)";
        assertThat(tenancy.inWorkspace(new WorkspaceId(a.workspace()), new PersonId(a.owner().personId()),
                () -> asApp().sql(ranked).param("q", tokensOfA).query(Long.class).single())).isPositive();
        assertThat(tenancy.inWorkspace(new WorkspaceId(b.workspace()), new PersonId(b.owner().personId()),
                () -> asApp().sql(ranked).param("q", tokensOfA).query(Long.class).single()))
                .as("A's passages, asked for from B's context").isZero();
        assertThat(asApp().sql(ranked).param("q", tokensOfA).query(Long.class).single())
                .as("without a context").isZero();
    }

    private static List<String> tokens(String tsvector) {
        return java.util.Arrays.stream(tsvector.split(" ")).map(entry -> entry.substring(0, entry.indexOf(':')))
                .toList();
    }

    @Test
    @DisplayName("an encrypted PDF, a compressed bomb, an unsupported or empty file get a clear problem and leave "
            + "nothing stored")
    void badDocumentsStoreNothing() throws IOException {
        Base base = base("Careful Librarian", "Inbox", "none");
        String documents = base.path() + "/documents";
        var client = base.owner().client();
        assertThat(client.upload(documents, "locked.pdf", "application/pdf", pdf("Secret", true)).problemType())
                .isEqualTo("/problems/document-encrypted");
        byte[] bomb = docx("a".repeat(6_000_000));
        assertThat(bomb.length).as("small on the wire").isLessThan(100_000);
        assertThat(client.upload(documents, "bomb.docx", DOCX, bomb).problemType())
                .isEqualTo("/problems/document-too-large");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        var image = client.upload(documents, "photo.png", "image/png", png);
        assertThat(image.status()).isEqualTo(415);
        assertThat(image.problemType()).isEqualTo("/problems/document-type-unsupported");
        assertThat(client.upload(documents, "empty.txt", "text/plain", new byte[0]).problemType())
                .isEqualTo("/problems/document-empty");
        assertThat(asOwner().sql("SELECT count(*) FROM knowledge_documents WHERE workspace_id = :w")
                .param("w", base.workspace()).query(Long.class).single()).isZero();
    }

    @Test
    @DisplayName("a document whose indexing a stopped node left unfinished is indexed by the resuming sweep")
    void ingestionResumes() {
        Base base = base("Resuming Owner", "Wiki", "none");
        String id = upload(base, "guide.txt", "text/plain", "Backups run every night at two."
                .getBytes(StandardCharsets.UTF_8));
        // As a node leaves it when it dies mid-way: still ingesting, no chunks, uploaded a while ago.
        asOwner().sql("DELETE FROM knowledge_chunks WHERE document_id = :d").param("d", UUID.fromString(id)).update();
        asOwner().sql("""
                        UPDATE knowledge_documents SET status = 'ingesting', chunk_count = 0,
                            uploaded_at = now() - interval '10 minutes' WHERE document_id = :d""")
                .param("d", UUID.fromString(id)).update();
        assertThat(titlesFound(base, "nightly backups")).isEmpty();
        ingestion.resumeStalled();
        JsonNode document = base.owner().client().get(base.path() + "/documents/" + id).json();
        assertThat(document.path("status").asString()).isEqualTo("ready");
        assertThat(titlesFound(base, "nightly backups")).containsExactly("guide.txt");
    }

    @Test
    @DisplayName("another workspace can neither read, search, upload to nor delete a workspace's knowledge")
    void knowledgeStaysInItsWorkspace() {
        Base base = base("Owning Librarian", "Private", "none");
        upload(base, "plan.txt", "text/plain", "The merger closes in June.".getBytes(StandardCharsets.UTF_8));
        SignedIn other = signUp("Other Librarian");
        UUID theirs = createWorkspace(other, "Elsewhere");
        var client = other.client();
        assertThat(client.get(base.path()).status()).isEqualTo(404);
        assertThat(client.get(base.path() + "/documents").status()).isEqualTo(404);
        assertThat(client.get("/api/workspaces/" + theirs + "/knowledge-bases/" + base.id()).status()).isEqualTo(404);
        assertThat(client.get("/api/workspaces/" + theirs + "/knowledge-bases/" + base.id() + "/documents").status())
                .isEqualTo(404);
        assertThat(client.upload("/api/workspaces/" + theirs + "/knowledge-bases/" + base.id() + "/documents",
                "x.txt", "text/plain", "x".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(404);
        assertThat(client.delete("/api/workspaces/" + theirs + "/knowledge-bases/" + base.id()).status())
                .isEqualTo(404);
        assertThat(client.get("/api/workspaces/" + theirs + "/knowledge-search?q=merger").json().size()).isZero();
        assertThat(client.get("/api/workspaces/" + base.workspace() + "/knowledge-search?q=merger").status())
                .isEqualTo(404);
        assertThat(titlesFound(base, "merger")).containsExactly("plan.txt");
    }
}
