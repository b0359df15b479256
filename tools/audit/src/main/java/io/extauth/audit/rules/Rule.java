package io.extauth.audit.rules;

import java.util.List;

/** One check of a user's history. */
public interface Rule {

    List<Violation> check(UserHistory history, AuditContext context);
}
