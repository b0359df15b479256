package io.extauth.localstack;

import java.time.Duration;

/**
 * Grafana's built-in interval variables in a Prometheus query, replaced as Grafana replaces them: {@code $__interval}
 * is at least the data source's scrape interval, and {@code $__rate_interval} is {@code max($__interval + scrape
 * interval, 4 × scrape interval)}, so that a rate always spans enough samples.
 */
final class GrafanaVariables {

    private GrafanaVariables() {
    }

    /** {@code expression} with the interval variables replaced for a panel whose {@code $__interval} is the scrape's. */
    static String substitute(String expression, Duration scrapeInterval) {
        Duration interval = scrapeInterval;
        Duration rateInterval = max(interval.plus(scrapeInterval), scrapeInterval.multipliedBy(4));
        return expression.replace("${__rate_interval}", prometheus(rateInterval))
                .replace("$__rate_interval", prometheus(rateInterval))
                .replace("${__interval}", prometheus(interval))
                .replace("$__interval", prometheus(interval));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** A Prometheus duration: whole seconds, else milliseconds. */
    private static String prometheus(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
