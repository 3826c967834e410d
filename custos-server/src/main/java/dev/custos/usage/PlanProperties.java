package dev.custos.usage;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Billing's switch and the plans on offer. With no processor (the default) nobody is billed, nothing about billing
 * shows, and every workspace has every feature with only the limits its admins set.
 *
 * @param processor   {@code none}, or {@code stripe} to sell {@code plans} through Stripe
 * @param defaultPlan the plan of a workspace that has bought none (and of one whose subscription ended)
 * @param gracePeriod how long a workspace keeps its plan after a payment failed, before it falls to the default
 */
@ConfigurationProperties("custos.billing")
public record PlanProperties(@DefaultValue("none") String processor, @DefaultValue("free") String defaultPlan,
                             @DefaultValue("7d") Duration gracePeriod, @DefaultValue({}) List<Plan> plans) {

    public PlanProperties {
        processor = processor.strip().toLowerCase(Locale.ROOT);
        if (!processor.equals("none") && !processor.equals("stripe")) {
            throw new IllegalStateException("custos.billing.processor must be none or stripe");
        }
        if (!processor.equals("none")) {
            var ids = new HashSet<String>();
            for (Plan plan : plans) {
                if (!plan.id().matches("[a-z0-9-]{1,40}") || !ids.add(plan.id())) {
                    throw new IllegalStateException("custos.billing.plans: each id is unique, a-z, 0-9 and '-'");
                }
                if (plan.paid() && (plan.processorPrice() == null || plan.processorPrice().isBlank())) {
                    throw new IllegalStateException("custos.billing.plans: the paid plan " + plan.id()
                            + " needs the processor's price id (processor-price)");
                }
            }
            if (!ids.contains(defaultPlan)) {
                throw new IllegalStateException("custos.billing.default-plan must be one of custos.billing.plans");
            }
            if (gracePeriod.isNegative()) {
                throw new IllegalStateException("custos.billing.grace-period must not be negative");
            }
        }
        plans = List.copyOf(plans);
    }

    public boolean billing() {
        return !processor.equals("none");
    }

    public Optional<Plan> plan(String id) {
        return plans.stream().filter(plan -> plan.id().equals(id)).findFirst();
    }
}
