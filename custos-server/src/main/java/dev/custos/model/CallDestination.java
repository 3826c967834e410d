package dev.custos.model;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where a call named by a client goes: a model named {@code provider/model}, or the workspace's route of that
 * name with its targets in the order to try them.
 */
public record CallDestination(@Nullable String route, List<ModelTarget> targets) {
    public CallDestination {
        targets = List.copyOf(targets);
    }

    ModelTarget first() {
        return targets.getFirst();
    }

    List<ModelTarget> fallbacks() {
        return targets.subList(1, targets.size());
    }
}
