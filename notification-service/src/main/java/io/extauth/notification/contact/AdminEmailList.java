package io.extauth.notification.contact;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks a list of admin addresses as an admin sends it: every problem at once, each naming its entry
 * ({@code emails[2]}), so the caller can fix them all in one go.
 */
public final class AdminEmailList {

    /** More than enough for the admins of one account; a longer list is a mistake (or a mailing list to use instead). */
    public static final int MAX_ADDRESSES = 20;

    /** One {@code @}, a non-empty local part and a dotted domain, no spaces: what an SMTP server can route. */
    private static final Pattern ADDRESS = Pattern.compile(
            "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

    private AdminEmailList() {
    }

    /** A problem with one field of the request. */
    public record Problem(String field, String code, String message) {
    }

    /** The checked list (trimmed, in the order given) or the problems. */
    public record Checked(List<String> emails, List<Problem> problems) {

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    public static Checked check(@Nullable List<@Nullable String> emails) {
        if (emails == null) {
            return new Checked(List.of(), List.of(new Problem("emails", "REQUIRED",
                    "Give the list of admin e-mail addresses, e.g. {\"emails\": [\"it-admin@example.com\"]};"
                            + " an empty list removes them all.")));
        }
        List<Problem> problems = new ArrayList<>();
        if (emails.size() > MAX_ADDRESSES) {
            // the entries of a list that cannot be saved anyway are not judged: a 64 KiB body holds ~21,000 blank
            // ones, and a problem for each made a 2 MB answer
            return new Checked(List.of(), List.of(new Problem("emails", "TOO_MANY", "At most " + MAX_ADDRESSES
                    + " addresses (this list has " + emails.size() + "); use a shared mailbox for a larger team.")));
        }
        List<String> checked = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < emails.size(); i++) {
            String field = "emails[" + i + "]";
            String email = emails.get(i) == null ? "" : emails.get(i).strip();
            if (email.isEmpty()) {
                problems.add(new Problem(field, "REQUIRED", "Give an e-mail address or remove the entry."));
            } else if (email.length() > 254 || !ADDRESS.matcher(email).matches()) {
                problems.add(new Problem(field, "INVALID_EMAIL",
                        "Not an e-mail address: give one like it-admin@example.com."));
            } else if (!seen.add(email.toLowerCase(Locale.ROOT))) {
                problems.add(new Problem(field, "DUPLICATE", "This address is already on the list."));
            } else {
                checked.add(email);
            }
        }
        return new Checked(problems.isEmpty() ? List.copyOf(checked) : List.of(), problems);
    }
}
