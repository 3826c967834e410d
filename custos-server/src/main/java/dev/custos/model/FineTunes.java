package dev.custos.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.platform.ClusterJobs;
import dev.custos.platform.ProviderId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fine-tuning through Custos (AI-04): a workspace's managers send training examples; Custos checks them, replaces
 * personal values where the workspace requires it, uploads them as the job's only training file to a provider the
 * workspace allows (never one that trains shared models on what it is sent), and follows the job. The model that
 * results becomes the workspace's private model, listed and callable there alone; the training file is deleted at
 * the provider once the job is over.
 */
@Service
public class FineTunes {

    private static final Logger log = LoggerFactory.getLogger(FineTunes.class);

    /** A job as its workspace sees it. */
    public record Job(UUID id, String baseModel, @Nullable String suffix, int examples, String status,
                      @Nullable String model, Instant createdAt, @Nullable Instant finishedAt) {
    }

    private record Stored(Job job, UUID providerId, String providerJobId, @Nullable String providerFileId) {
    }

    /** A job the provider accepted, and the training file it reads. */
    private record Started(String jobId, String fileId) {
    }

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final ModelProviders providers;
    private final WorkspaceModels workspaceModels;
    private final PrivateModels privateModels;
    private final ClusterJobs jobs;
    private final AuditLog audit;
    private final JsonMapper json;
    private final Clock clock;

    FineTunes(JdbcClient jdbc, Tenancy tenancy, ModelProviders providers, WorkspaceModels workspaceModels,
              PrivateModels privateModels, ClusterJobs jobs, AuditLog audit, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.providers = providers;
        this.workspaceModels = workspaceModels;
        this.privateModels = privateModels;
        this.jobs = jobs;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Starts a job on a base model the workspace may call, with the examples given: JSON lines of
     * {@code {"messages": [{"role": ..., "content": ...}, ...]}}, as OpenAI's fine-tuning takes them.
     */
    public Job start(WorkspaceAccess access, String baseModel, @Nullable String suffix, byte[] examples) {
        access.require(Permission.MANAGE_WORKSPACE);
        if (suffix != null && !suffix.matches("[a-z0-9-]{1,40}")) {
            throw CustosException.invalid("invalid-fine-tune", "suffix is 1 to 40 lowercase letters, digits or "
                    + "dashes.").with(CustosException.PARAM, "suffix");
        }
        workspaceModels.requirePrivateModels(access.workspace());
        WorkspaceRules rules = workspaceModels.rules(access.workspace());
        ModelChoice choice = providers.choice(baseModel).filter(named -> rules.permits(named.provider(),
                named.model())).orElseThrow(WorkspaceModels::modelNotFound);
        FineTuning fineTuning = providers.fineTuning(choice.provider()).orElseThrow(() -> CustosException.invalid(
                "fine-tuning-unsupported", "This model's provider offers no fine-tuning through Custos.")
                .with(CustosException.PARAM, "model"));
        Redaction redaction = rules.settings().redaction() ? new Redaction(rules.settings().phoneRegion()) : null;
        var file = new ByteArrayOutputStream();
        int count = trainingFile(examples, redaction, file);
        Started started = GatewayRefusals.called(() -> {
            String fileId = fineTuning.upload(file.toByteArray());
            try {
                return new Started(fineTuning.start(choice.model(), fileId, suffix).id(), fileId);
            } catch (ModelCallFailed e) {
                fineTuning.delete(fileId);
                throw e;
            }
        });
        var job = new Job(UUID.randomUUID(), baseModel, suffix, count, "queued", null, clock.instant(), null);
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            jdbc.sql("""
                            INSERT INTO fine_tuning_jobs (workspace_id, job_id, provider_id, base_model, suffix,
                                examples, provider_job_id, provider_file_id, status, created_by, created_at)
                            VALUES (:ws, :id, :provider, :base, :suffix, :examples, :providerJob, :file, 'queued',
                                    :by, :now)""")
                    .param("ws", access.workspace().id()).param("id", job.id())
                    .param("provider", choice.provider().id()).param("base", choice.model())
                    .param("suffix", suffix).param("examples", count).param("providerJob", started.jobId())
                    .param("file", started.fileId()).param("by", access.actor().person().id())
                    .param("now", SqlTime.of(job.createdAt())).update();
            audit.record(access.event("fine_tune.started").on("fine_tuning_job", job.id())
                    .with("provider", choice.provider().id().toString()).with("base_model", choice.model())
                    .with("examples", "" + count));
        });
        return job;
    }

    public List<Job> list(WorkspaceAccess access) {
        access.require(Permission.READ);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> jdbc.sql("""
                        SELECT * FROM fine_tuning_jobs WHERE workspace_id = :ws ORDER BY created_at DESC""")
                .param("ws", access.workspace().id()).query((rs, n) -> stored(rs).job()).list());
    }

    /** Follows the jobs still open, in every workspace, on one node at a time. */
    @Scheduled(fixedDelayString = "${custos.models.fine-tune-interval:30s}",
            initialDelayString = "${custos.models.fine-tune-interval:30s}")
    public void followOpenJobs() {
        jobs.runAlone("fine-tunes", () -> {
            List<Map.Entry<WorkspaceId, UUID>> open = jdbc.sql("SELECT * FROM fine_tuning_jobs_open(20)")
                    .query((rs, n) -> Map.entry(new WorkspaceId(rs.getObject(1, UUID.class)),
                            rs.getObject(2, UUID.class))).list();
            for (var job : open) {
                try {
                    follow(job.getKey(), job.getValue());
                } catch (RuntimeException e) {
                    log.warn("Following fine-tuning job {} failed: {}", job.getValue(), e.getClass().getSimpleName());
                }
            }
            return open.size();
        });
    }

    /**
     * Asks the provider how the job goes and records it. A job that succeeded registers its model for this workspace
     * alone, in the same transaction; once a job is over, its training file is deleted at the provider.
     */
    void follow(WorkspaceId workspace, UUID jobId) {
        Stored stored = tenancy.inWorkspace(workspace, null, () -> jdbc.sql("""
                        SELECT * FROM fine_tuning_jobs WHERE workspace_id = :ws AND job_id = :id""")
                .param("ws", workspace.id()).param("id", jobId).query((rs, n) -> stored(rs)).single());
        ProviderEntry provider = providers.find(new ProviderId(stored.providerId())).orElse(null);
        if (provider == null || FineTuning.Job.over(stored.job().status())) {
            return;
        }
        FineTuning fineTuning = providers.fineTuning(provider).orElseThrow();
        FineTuning.Job now = fineTuning.job(stored.providerJobId());
        if (now.status().equals(stored.job().status())) {
            return;
        }
        Instant at = clock.instant();
        tenancy.inWorkspace(workspace, null, () -> {
            jdbc.sql("""
                            UPDATE fine_tuning_jobs SET status = :status, fine_tuned_model = :model, finished_at = :at
                            WHERE workspace_id = :ws AND job_id = :id""")
                    .param("status", now.status()).param("model", now.fineTunedModel())
                    .param("at", now.over() ? SqlTime.of(at) : null).param("ws", workspace.id()).param("id", jobId)
                    .update();
            if (now.status().equals("succeeded") && now.fineTunedModel() != null) {
                privateModels.insert(workspace, provider.id(), now.fineTunedModel(), "Fine-tune of "
                        + stored.job().baseModel(), "fine-tuned", null, at);
            }
            audit.record(AuditEvent.system(workspace, "fine_tune." + now.status()).on("fine_tuning_job", jobId));
        });
        if (now.over() && stored.providerFileId() != null) {
            fineTuning.delete(stored.providerFileId());
        }
    }

    /** The examples checked line by line and written as the training file; returns how many there are. */
    private int trainingFile(byte[] examples, @Nullable Redaction redaction, ByteArrayOutputStream file) {
        String[] lines = new String(examples, StandardCharsets.UTF_8).split("\r?\n");
        int count = 0;
        for (int number = 1; number <= lines.length; number++) {
            String line = lines[number - 1];
            if (line.isBlank()) {
                continue;
            }
            JsonNode example;
            try {
                example = json.readTree(line);
            } catch (JacksonException e) {
                throw badExample(number, "is not JSON");
            }
            if (!example.path("messages").isArray() || example.path("messages").isEmpty()) {
                throw badExample(number, "has no messages");
            }
            for (JsonNode message : example.path("messages")) {
                if (!message.path("role").isString() || !message.path("content").isString()) {
                    throw badExample(number, "has a message without a role and text content");
                }
                if (redaction != null) {
                    ((ObjectNode) message).put("content", redaction.redact(message.path("content").asString()));
                }
            }
            file.writeBytes((json.writeValueAsString(example) + "\n").getBytes(StandardCharsets.UTF_8));
            count++;
        }
        if (count == 0) {
            throw CustosException.invalid("invalid-fine-tune", "Send at least one example.")
                    .with(CustosException.PARAM, "file");
        }
        return count;
    }

    private static CustosException badExample(int line, String what) {
        return CustosException.invalid("invalid-fine-tune", "Line " + line + " of the examples " + what + ".")
                .with(CustosException.PARAM, "file");
    }

    private static Stored stored(java.sql.ResultSet rs) throws java.sql.SQLException {
        var job = new Job(rs.getObject("job_id", UUID.class), rs.getString("base_model"), rs.getString("suffix"),
                rs.getInt("examples"), rs.getString("status"), rs.getString("fine_tuned_model"),
                SqlTime.instant(rs, "created_at"), SqlTime.instant(rs, "finished_at"));
        return new Stored(job, rs.getObject("provider_id", UUID.class), rs.getString("provider_job_id"),
                rs.getString("provider_file_id"));
    }
}
