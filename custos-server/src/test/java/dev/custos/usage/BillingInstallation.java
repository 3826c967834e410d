package dev.custos.usage;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

/**
 * An installation that bills: plans on offer, Stripe as the processor (its fake, {@code CustosIntegrationTest
 * .STRIPE}), a database of its own. Free: two members, two agent runs and 10,000 tokens a month, no extra
 * features. Team: every feature, no limits. Small: knowledge only, 1 MB stored. Every test class so marked shares
 * one server.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@TestPropertySource(properties = {
        "custos.database.data-directory=target/test-postgres-billing",
        "custos.billing.processor=stripe",
        "custos.billing.default-plan=free",
        "custos.billing.grace-period=3d",
        "custos.billing.plans[0].id=free",
        "custos.billing.plans[0].name=Free",
        "custos.billing.plans[0].seats=2",
        "custos.billing.plans[0].monthly-runs=2",
        "custos.billing.plans[0].monthly-tokens=10000",
        "custos.billing.plans[1].id=team",
        "custos.billing.plans[1].name=Team",
        "custos.billing.plans[1].monthly-price-minor=2900",
        "custos.billing.plans[1].currency=EUR",
        "custos.billing.plans[1].processor-price=price_team_monthly",
        "custos.billing.plans[1].trial-days=14",
        "custos.billing.stripe.meters[tokens]=custos_tokens",
        "custos.billing.stripe.meters[tool-calls]=custos_tool_calls",
        "custos.billing.stripe.meters[runs]=custos_runs",
        "custos.billing.plans[1].features=single-sign-on,own-retention,code-execution,connections,knowledge,"
                + "private-models",
        "custos.billing.plans[2].id=small",
        "custos.billing.plans[2].name=Small",
        "custos.billing.plans[2].monthly-price-minor=900",
        "custos.billing.plans[2].processor-price=price_small_monthly",
        "custos.billing.plans[2].features=knowledge",
        "custos.billing.plans[2].storage-megabytes=1"})
public @interface BillingInstallation {
}
