-- order-service (session 63): a Symantec VIP credential is on at most one live order, whatever the account and user.
-- VIP binds a credential to one user; a second live order of it, for another user (a mistyped serial, a token handed
-- on before its old user was deactivated), had the two provisionings race for the token: one failed at VIP
-- (CREDENTIAL_BOUND_ELSEWHERE) or took it from the other user. The intake rejects such an order as CREDENTIAL_IN_USE;
-- this index decides two such orders written at once, as orders_one_live_per_user does for two orders of one user.
-- It also serves the intake's look-up of the credential (OrderIntake, Orders.isCredentialLiveElsewhere).
--
-- Live orders that already share a credential cannot be sorted out here: which user holds the token is VIP's to say.
-- The migration then stops, naming the credential, and this version does not start until they are (in a rolling
-- deploy the instances of the version before apply the deactivation meanwhile). Nothing is changed by a stop.
DO $$
DECLARE
    shared TEXT;
BEGIN
    SELECT credential_id INTO shared FROM orders
    WHERE status IN ('ACCEPTED', 'PROVISIONED', 'ACTIVE', 'LOCKED') AND credential_id IS NOT NULL
    GROUP BY credential_id HAVING count(*) > 1
    ORDER BY credential_id LIMIT 1;
    IF shared IS NOT NULL THEN
        RAISE EXCEPTION 'Credential % is on more than one live order (SELECT * FROM orders WHERE credential_id = ''%'' '
            'AND status IN (''ACCEPTED'', ''PROVISIONED'', ''ACTIVE'', ''LOCKED'')). VIP binds it to one user: ask VIP '
            'which, deactivate the other users'' external authentication (or cancel an order not provisioned yet), '
            'then start this version of order-service again', shared, shared;
    END IF;
END
$$;

CREATE UNIQUE INDEX orders_one_live_per_credential ON orders (credential_id)
    WHERE status IN ('ACCEPTED', 'PROVISIONED', 'ACTIVE', 'LOCKED') AND credential_id IS NOT NULL;
