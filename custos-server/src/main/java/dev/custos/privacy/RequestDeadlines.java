package dev.custos.privacy;

import java.time.Duration;
import java.time.Instant;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * When a request must be answered (DR-08): never later than the law allows nor than the 30 days Custos promises,
 * and sooner where the operator sets {@code custos.privacy.answer-within} shorter. Every kind of request, a
 * person's own, one recorded on their behalf and an end user's, takes its deadline from here.
 */
@Component
public class RequestDeadlines {

    private final Duration answerWithin;

    RequestDeadlines(@Value("${custos.privacy.answer-within:30d}") Duration answerWithin) {
        if (answerWithin.compareTo(Duration.ofDays(1)) < 0 || answerWithin.compareTo(Jurisdiction.PROMISED) > 0) {
            throw new IllegalStateException("custos.privacy.answer-within must be between 1 day and 30 days (the "
                    + "promise); it is " + answerWithin.toDays() + " days");
        }
        this.answerWithin = answerWithin;
    }

    Instant due(Jurisdiction law, Instant received) {
        Instant legal = law.deadline(received);
        Instant own = received.plus(answerWithin);
        return own.isBefore(legal) ? own : legal;
    }

    Duration answerWithin() {
        return answerWithin;
    }
}
