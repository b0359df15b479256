package io.extauth.simulator.state;

import tools.jackson.databind.JavaType;
import tools.jackson.databind.type.TypeFactory;

/**
 * A store whose contents {@link StatePersistence} keeps in the state file under {@link #stateKey()}. Nothing secret
 * (a PIN, the keys pressed, a code typed) may be part of a snapshot.
 *
 * @param <S> the snapshot, a plain value Jackson writes and reads
 */
public interface PersistentState<S> {

    /** The store's key in the state file; never change it, or a restart forgets the store. */
    String stateKey();

    JavaType stateType(TypeFactory types);

    /** What the store holds now. Called under the persistence lock: must not wait for a lock of the store. */
    S snapshot();

    /** Takes over what an earlier run stored; called once, before the store serves a request. */
    void restore(S state);
}
