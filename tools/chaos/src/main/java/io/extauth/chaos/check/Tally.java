package io.extauth.chaos.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Findings by phase across the run's checks. Each check sees the whole run again; a finding that concerns no driven
 * item belongs to the phase in which it was first seen, and only the latest check counts (a result that was late at
 * one check and came before the next is no finding).
 */
public final class Tally {

    private final Map<String, String> firstSeenIn = new LinkedHashMap<>();
    private List<Finding> latest = List.of();

    /** Takes a check made after {@code phase}; returns the findings it added. */
    public List<Finding> record(String phase, List<Finding> findings) {
        List<Finding> added = new ArrayList<>();
        for (Finding finding : findings) {
            if (firstSeenIn.putIfAbsent(finding.key(), finding.phase() != null ? finding.phase() : phase) == null) {
                added.add(finding);
            }
        }
        latest = List.copyOf(findings);
        return added;
    }

    public long count(String phase, Finding.Kind kind) {
        return latest.stream().filter(f -> f.kind() == kind && phase.equals(firstSeenIn.get(f.key()))).count();
    }

    public List<Finding> latest() {
        return latest;
    }
}
