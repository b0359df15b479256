package io.extauth.bench.system;

/** A sampler of the stack that can stand aside while the bench measures something else on the same cores. */
public interface Pausable {

    void pause();

    void resume();
}
