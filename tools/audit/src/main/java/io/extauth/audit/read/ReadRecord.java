package io.extauth.audit.read;

import io.extauth.audit.rules.AuditEvent;
import io.extauth.audit.rules.DeadLetter;

/** What one record turned out to be. */
public sealed interface ReadRecord {

    record Event(AuditEvent event) implements ReadRecord {
    }

    record Dead(DeadLetter deadLetter) implements ReadRecord {
    }

    record Bad(Unreadable unreadable) implements ReadRecord {
    }
}
