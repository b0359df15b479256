package io.extauth.simulator;

/** Published by {@code POST /simulator/reset}: every store forgets its state, faults are switched off. */
public record SimulatorReset() {
}
