package io.extauth.testsupport;

import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/** A transaction boundary without a database, for a unit under test that only needs one: begins, commits, rolls back. */
public final class NoTransactions extends AbstractPlatformTransactionManager {

    private final Runnable onCommit;

    public NoTransactions() {
        this(() -> { });
    }

    /** @param onCommit run at each commit: a unit test's record of when its transactions committed */
    public NoTransactions(Runnable onCommit) {
        this.onCommit = onCommit;
    }

    @Override
    protected Object doGetTransaction() {
        return new Object();
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
        onCommit.run();
    }

    @Override
    protected void doRollback(DefaultTransactionStatus status) {
    }
}
