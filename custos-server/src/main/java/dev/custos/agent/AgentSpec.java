package dev.custos.agent;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * What a person asks an agent to be.
 *
 * @param model         {@code provider/model}, one of the workspace's choices
 * @param approvalTools tools (among {@code tools}) that need a person's approval on every call
 */
public record AgentSpec(
        @NotBlank @Size(max = 100) String name,
        @NotNull @Size(max = 20_000) String instructions,
        @NotBlank @Size(max = 250) String model,
        @Nullable @Size(max = 20) List<String> tools,
        @Nullable @Size(max = 20) List<String> approvalTools,
        @Nullable Boolean redaction,
        @Nullable @Min(1) @Max(50) Integer maxSteps) {

    static final int DEFAULT_MAX_STEPS = 8;

    List<String> toolsOrNone() {
        return tools == null ? List.of() : tools.stream().distinct().toList();
    }

    List<String> approvalToolsOrNone() {
        return approvalTools == null ? List.of() : approvalTools.stream().distinct().toList();
    }

    boolean redactionOn() {
        return Boolean.TRUE.equals(redaction);
    }

    int maxStepsOrDefault() {
        return maxSteps == null ? DEFAULT_MAX_STEPS : maxSteps;
    }
}
