package io.extauth.service.metrics;

import io.extauth.contract.ExtauthEvent;
import java.util.List;

/**
 * Events a service publishes whose counters on {@code extauth_events_published_total} an alert rule reads with
 * {@code increase()}: the kit makes them at 0 when the service starts. A counter made by its first event is scraped
 * at 1 with no earlier sample, and {@code increase()} sees no rise: each instance's first lockout of a channel was
 * lost to the lockout spike that way. A bean of the service; only the samples' tags are used.
 */
@FunctionalInterface
public interface CountedFromStart {

    /** One event of each tag set to count from 0. */
    List<ExtauthEvent> samples();
}
