package dev.custos.platform;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import org.springframework.stereotype.Component;

/**
 * What traces may carry: only the low-cardinality values of an observation (an HTTP route's template, its method,
 * status and outcome, a job's name). Every high-cardinality value (a request's full URL with its workspace and
 * session ids, a client call's address) is left out before any span is made of it, so a trace sent to the
 * operator's collector names no workspace, person or content, as the logs and metrics do not either.
 */
@Component
class TraceHygiene implements ObservationFilter {

    @Override
    public Observation.Context map(Observation.Context context) {
        for (KeyValue value : context.getHighCardinalityKeyValues()) {
            context.removeHighCardinalityKeyValue(value.getKey());
        }
        return context;
    }
}
