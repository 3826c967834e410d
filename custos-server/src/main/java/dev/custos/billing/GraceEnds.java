package dev.custos.billing;

import dev.custos.platform.ClusterJobs;
import dev.custos.usage.Plans;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Every few minutes, on one node: workspaces whose grace after a failed payment is over fall to the default plan. */
@Component
class GraceEnds {

    private final Subscriptions subscriptions;
    private final Plans plans;
    private final ClusterJobs jobs;

    GraceEnds(Subscriptions subscriptions, Plans plans, ClusterJobs jobs) {
        this.subscriptions = subscriptions;
        this.plans = plans;
        this.jobs = jobs;
    }

    @Scheduled(fixedDelayString = "${custos.billing.grace-check-interval:5m}", initialDelayString = "1m")
    void endGraces() {
        if (plans.billing()) {
            jobs.runAlone("billing-grace", subscriptions::endGraces);
        }
    }
}
