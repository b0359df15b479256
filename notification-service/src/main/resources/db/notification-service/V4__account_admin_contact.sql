-- The account's admins to tell about a fraud report: the list an admin (or an operator) keeps with
-- PUT /api/accounts/{accountId}/admin-contacts. Clear addresses, like table contact; never on a topic.
CREATE TABLE account_admin_contact (
    account_id TEXT        NOT NULL,
    email      TEXT        NOT NULL,
    added_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, email)
);

-- An e-mail to someone other than the user (an admin told of the user's fraud report) names its recipient when it is
-- queued: the admin list may change before the worker sends it. NULL for the user's own e-mails, which go to the
-- contact of the user's order.
ALTER TABLE email ADD COLUMN recipient TEXT;
