package io.extauth.notification;

import static io.extauth.testsupport.RecordedEvents.assertThatEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.FactorChange;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.EmailSent;
import io.extauth.contract.events.FactorSettingsChanged;
import io.extauth.contract.events.FraudReported;
import io.extauth.messaging.cloudevents.EventJson;
import io.extauth.testsupport.TestJwt;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The e-mails about the user's security: settings changes, lockouts, fraud reports to the account's admins. */
@SuppressWarnings({"rawtypes", "unchecked"})
class SecurityMailIntegrationTest extends NotificationIntegrationTestBase {

    @Test
    void everySettingsChangeIsMailedToTheUserExactlyOnceEvenWhenRedeliveredWithoutSecrets() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        String eventId = UUID.randomUUID().toString();
        FactorSettingsChanged changed = new FactorSettingsChanged(ACCOUNT, order.userId(),
                PhoneFactorMethod.PHONE_CALL_STANDARD, "portal", Instant.parse("2030-05-01T13:45:07Z"),
                List.of(FactorChange.PIN_REMOVED, FactorChange.METHOD), null);
        upstream.sendBinary(Topics.AUTH_ACTIVATED, changed, eventId);
        upstream.sendBinary(Topics.AUTH_ACTIVATED, changed, eventId);
        // a later change of the same user (same partition): once its mail is out, both copies were handled
        String laterId = upstream.sendBinary(Topics.AUTH_ACTIVATED, new FactorSettingsChanged(ACCOUNT,
                order.userId(), PhoneFactorMethod.PHONE_CALL_STANDARD, "admin-" + ACCOUNT, Instant.now(),
                List.of(FactorChange.PRIMARY_PHONE_CHANGED), "+1 ***-***-4567"));

        // the two mails are queued in order but may go out in either order (the worker sends a claim's mails at once)
        await("both changes are mailed and their EmailSent seen").atMost(Duration.ofSeconds(30))
                .until(() -> mailsTo(order.email()).size() >= 2 && assertThatEvents(topics.events())
                        .of(EmailSent.class, e -> e.messageId().contains(laterId)).size() == 1
                        && !assertThatEvents(topics.events())
                                .of(EmailSent.class, e -> e.messageId().contains(eventId)).isEmpty());

        List<ReceivedMail> mails = mailsTo(order.email());
        String firstId = "<" + eventId + ".factor-settings-changed@extauth>";
        String laterMessageId = "<" + laterId + ".factor-settings-changed@extauth>";
        assertThat(mails).extracting(ReceivedMail::messageId).as("one mail per event, the redelivery mails nothing")
                .containsExactlyInAnyOrder(firstId, laterMessageId);
        ReceivedMail first = mails.stream().filter(mail -> mail.messageId().equals(firstId)).findFirst().orElseThrow();
        ReceivedMail later = mails.stream().filter(mail -> mail.messageId().equals(laterMessageId)).findFirst()
                .orElseThrow();
        assertThat(first.subject()).isEqualTo("Your two-factor settings changed");
        assertThat(first.text()).contains("user " + order.userId() + " of account " + ACCOUNT,
                "at 2030-05-01 13:45:07 UTC", "The PIN was removed", "answer and press #", "Changed by: portal",
                "If you did not, tell an admin of account " + ACCOUNT);
        assertThat(first.html()).contains("The PIN was removed");
        assertThat(later.text()).contains("The primary phone is now the number ending in 4567",
                "Changed by: admin-" + ACCOUNT);
        EmailSent sent = assertThatEvents(topics.events())
                .containsExactlyOne(EmailSent.class, e -> e.messageId().contains(eventId));
        assertThat(sent.template()).isEqualTo("factor-settings-changed");
        assertThat(sent.orderId()).isEqualTo(order.orderId());
    }

    @Test
    void aLockoutIsMailedWithItsEndAndThatAnAdminCanUnlock() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        upstream.sendBinary(Topics.AUTH_CHALLENGE_RESULT, new ChallengeResult(ACCOUNT, order.userId(), "c-1",
                LoginChannel.VPN, ChallengeOutcome.FAILED, 4, 1, null, Instant.now()));
        String eventId = upstream.sendBinary(Topics.AUTH_CHALLENGE_RESULT, new ChallengeResult(ACCOUNT,
                order.userId(), "c-2", LoginChannel.VPN, ChallengeOutcome.LOCKED_OUT, 5, 0,
                Instant.parse("2030-05-01T13:45:00Z"), Instant.now()));

        EmailSent sent = topics.awaitEvent(EmailSent.class, order.userId());
        ReceivedMail mail = awaitMailTo(order.email()).get(0);

        assertThat(mail.subject()).isEqualTo("Sign-in locked for user " + order.userId() + " of account " + ACCOUNT);
        assertThat(mail.messageId()).isEqualTo("<" + eventId + ".lockout@extauth>");
        assertThat(mail.text()).contains("locked until 2030-05-01 13:45 UTC", "An admin of account " + ACCOUNT
                + " can unlock", "user " + order.userId());
        assertThat(mail.html()).contains("<strong>until 2030-05-01 13:45 UTC");
        assertThat(sent.template()).isEqualTo("lockout");
        assertThat(sent.messageId()).isEqualTo(mail.messageId());
        assertThat(sent.orderId()).isEqualTo(order.orderId());
        assertThat(mailsTo(order.email())).as("the FAILED result before the lockout mails nothing").hasSize(1);
    }

    @Test
    void aFraudReportMailsEachAdminOfTheAccountOnceEvenWhenItIsRedelivered() {
        String account = "acct-" + UUID.randomUUID();
        String userId = "user-" + UUID.randomUUID();
        List<String> admins = List.of("it-admin." + UUID.randomUUID() + "@example.com",
                "security." + UUID.randomUUID() + "@example.com");
        assertThat(putAdminContacts(account, TestJwt.admin(account), Map.of("emails", admins)).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        String eventId = UUID.randomUUID().toString();
        FraudReported fraud = new FraudReported(account, userId, "c-" + UUID.randomUUID(), LoginChannel.VPN,
                PhoneFactorMethod.PHONE_CALL_PIN, Instant.parse("2030-05-01T13:45:07Z"));
        upstream.sendBinary(Topics.AUTH_CHALLENGE_RESULT, fraud, eventId);
        upstream.sendBinary(Topics.AUTH_CHALLENGE_RESULT, fraud, eventId);
        // a later report of the same user (same partition): once its mails are out, both copies were handled
        String laterId = upstream.sendBinary(Topics.AUTH_CHALLENGE_RESULT, new FraudReported(account, userId,
                "c-" + UUID.randomUUID(), LoginChannel.PORTAL, PhoneFactorMethod.APP_STANDARD, Instant.now()));

        await("each admin gets the later report's mail and its EmailSent is seen").atMost(Duration.ofSeconds(30))
                .until(() -> admins.stream().allMatch(admin -> mailsTo(admin).size() >= 2)
                        && assertThatEvents(topics.events())
                        .of(EmailSent.class, e -> e.messageId().contains(laterId)).size() == 2
                        && assertThatEvents(topics.events())
                        .of(EmailSent.class, e -> e.messageId().startsWith("<" + eventId + ".")).size() == 2);

        for (String admin : admins) {
            List<ReceivedMail> first = mailsTo(admin).stream()
                    .filter(mail -> mail.messageId().startsWith("<" + eventId + ".fraud-reported.")).toList();
            assertThat(first).as("mails of the redelivered report to " + admin).singleElement().satisfies(mail -> {
                assertThat(mail.subject()).isEqualTo("Fraud reported: user " + userId + " of account " + account
                        + " is blocked");
                assertThat(mail.text()).contains("User " + userId + " of account " + account,
                        "at 2030-05-01 13:45:07 UTC", "a VPN login", "PHONE_CALL_PIN", fraud.challengeId(),
                        "is refused until an admin of account", "The block does not end by itself",
                        "POST /api/users/" + userId + "/external-auth/unlock?accountId=" + account);
                assertThat(mail.html()).contains("<strong>" + userId + "</strong>", "<strong>blocked</strong>",
                        "/external-auth/unlock?accountId=" + account);
            });
        }
        Predicate<EmailSent> ofTheRedeliveredReport = e -> e.messageId().startsWith("<" + eventId + ".");
        List<EmailSent> sent = assertThatEvents(topics.events()).of(EmailSent.class, ofTheRedeliveredReport);
        assertThat(sent).hasSize(2).allSatisfy(e -> {
            assertThat(e.template()).isEqualTo("fraud-reported");
            assertThat(e.userId()).isEqualTo(userId);
        });
        // the admins' addresses are in no byte of the records, not only in no field
        assertThat(assertThatEvents(topics.events()).recordsOf(EmailSent.class, ofTheRedeliveredReport))
                .hasSize(2).allSatisfy(record -> assertThat(record.value()).doesNotContain(admins.get(0))
                        .doesNotContain(admins.get(1)));
        assertThat(sent).extracting(EmailSent::toMasked).containsExactlyInAnyOrder("i***@example.com",
                "s***@example.com");
        assertThat(sent).extracting(EmailSent::messageId).doesNotHaveDuplicates();
        // the Message-ID on the topic is the one the admin got, and its recipient's part is keyed: no plain hash of an
        // address that a reader of auth.email-sent could test guesses against
        assertThat(sent).extracting(EmailSent::messageId).allSatisfy(messageId -> assertThat(messageId)
                .doesNotContain(plainHash(admins.get(0))).doesNotContain(plainHash(admins.get(1))));
        assertThat(sent).extracting(EmailSent::messageId).containsExactlyInAnyOrderElementsOf(admins.stream()
                .flatMap(admin -> mailsTo(admin).stream()).map(ReceivedMail::messageId)
                .filter(messageId -> messageId.startsWith("<" + eventId + ".")).toList());
        // keyed by this database's secret, over the event and the address
        String secret = jdbc.queryForObject("SELECT secret FROM message_id_key WHERE id = 1", String.class);
        assertThat(sent).extracting(EmailSent::messageId).containsExactlyInAnyOrder(
                "<" + eventId + ".fraud-reported." + keyed(secret, eventId, admins.get(0)) + "@extauth>",
                "<" + eventId + ".fraud-reported." + keyed(secret, eventId, admins.get(1)) + "@extauth>");
        ResponseEntity<List<Map<String, Object>>> timeline = emailsOf(account, userId, TestJwt.admin(account));
        assertThat(timeline.getBody()).hasSize(4).allSatisfy(mail -> assertThat(mail)
                .containsEntry("status", "SENT").containsEntry("template", "fraud-reported"));
    }

    /**
     * During a rolling deploy an instance of the version before queues a fraud notice under a plain hash of the
     * address; this version's worker sends it under that very Message-ID, so the mail, the row and the EmailSent agree.
     */
    @Test
    void aFraudNoticeQueuedByAnOlderVersionIsSentUnderTheMessageIdItWasQueuedWith() {
        String account = "acct-" + UUID.randomUUID();
        String userId = "user-" + UUID.randomUUID();
        String admin = "it-admin." + UUID.randomUUID() + "@example.com";
        String eventId = UUID.randomUUID().toString();
        String olderMessageId = "<" + eventId + ".fraud-reported." + plainHash(admin) + "@extauth>";
        FraudReported fraud = new FraudReported(account, userId, "c-" + UUID.randomUUID(), LoginChannel.PORTAL,
                PhoneFactorMethod.APP_STANDARD, Instant.now());
        jdbc.update("""
                INSERT INTO email (message_id, event_id, template, account_id, user_id, status, event_type,
                                   event_data, recipient, attempts, next_attempt_at, created_at)
                VALUES (?, ?, 'fraud-reported', ?, ?, 'PENDING', 'FraudReported', ?, ?, 0, now(), now())""",
                olderMessageId, eventId, account, userId, EventJson.write(fraud), admin);

        assertThat(awaitMailTo(admin)).singleElement().extracting(ReceivedMail::messageId).isEqualTo(olderMessageId);
        assertThat(topics.awaitEvent(EmailSent.class, e -> olderMessageId.equals(e.messageId())).toMasked())
                .isEqualTo("i***@example.com");
        assertThat(jdbc.queryForObject("SELECT status FROM email WHERE message_id = ?", String.class, olderMessageId))
                .isEqualTo("SENT");
    }

    /**
     * A fraud report replayed after its inbox row is gone (the inbox's retention shortened by hand), whose notices an
     * older version queued under the plain hash: the admin it mailed is not mailed again under the keyed Message-ID;
     * an admin added since is.
     */
    @Test
    void aFraudReportReplayedAfterItsInboxRowIsGoneMailsNoAdminTwiceWhateverTheMessageId() {
        String account = "acct-" + UUID.randomUUID();
        String userId = "user-" + UUID.randomUUID();
        String mailedBefore = "it-admin." + UUID.randomUUID() + "@example.com";
        String addedSince = "security." + UUID.randomUUID() + "@example.com";
        assertThat(putAdminContacts(account, TestJwt.admin(account), Map.of("emails",
                List.of(mailedBefore, addedSince))).getStatusCode()).isEqualTo(HttpStatus.OK);
        String eventId = UUID.randomUUID().toString();
        FraudReported fraud = new FraudReported(account, userId, "c-" + UUID.randomUUID(), LoginChannel.VPN, null,
                Instant.now());
        jdbc.update("""
                INSERT INTO email (message_id, event_id, template, account_id, user_id, status, event_type,
                                   event_data, recipient, attempts, sent_at, created_at)
                VALUES (?, ?, 'fraud-reported', ?, ?, 'SENT', 'FraudReported', ?, ?, 1, now(), now())""",
                "<" + eventId + ".fraud-reported." + plainHash(mailedBefore) + "@extauth>", eventId, account, userId,
                EventJson.write(fraud), mailedBefore);

        upstream.sendBinary(Topics.AUTH_CHALLENGE_RESULT, fraud, eventId);

        assertThat(awaitMailTo(addedSince)).hasSize(1);
        topics.awaitEvent(EmailSent.class, e -> e.messageId().startsWith("<" + eventId + ".")
                && "s***@example.com".equals(e.toMasked()));
        assertThat(mailsTo(mailedBefore)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM email WHERE event_id = ? AND recipient = ?",
                Integer.class, eventId, mailedBefore)).isOne();
    }

    @Test
    void aFraudReportOfAnAccountWithoutAdminContactIsRecordedAsAFailureOnTheUsersTimeline() {
        String account = "acct-" + UUID.randomUUID();
        String userId = "user-" + UUID.randomUUID();
        String eventId = upstream.sendBinary(Topics.AUTH_CHALLENGE_RESULT, new FraudReported(account, userId,
                "c-" + UUID.randomUUID(), LoginChannel.PORTAL, null, Instant.now()));

        List<Map<String, Object>> timeline = await("the failure is on the user's timeline")
                .atMost(Duration.ofSeconds(30))
                .until(() -> emailsOf(account, userId, TestJwt.admin(account)).getBody(), mails -> !mails.isEmpty());

        assertThat(timeline).singleElement().satisfies(mail -> assertThat(mail)
                .containsEntry("status", "FAILED").containsEntry("template", "fraud-reported")
                .containsEntry("messageId", "<" + eventId + ".fraud-reported@extauth>")
                .containsEntry("failureReason", "no admin contact for account " + account));
        assertThat(topics.events(Topics.AUTH_EMAIL_SENT, e -> userId.equals(e.key()))).isEmpty();
    }

    /** HMAC-SHA256 of the event id, a NUL and the lower-cased address, keyed by the hex secret: 16 hex digits. */
    private static String keyed(String secret, String eventId, String address) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HexFormat.of().parseHex(secret), "HmacSHA256"));
            byte[] digest = mac.doFinal((eventId + "\0" + address.toLowerCase(Locale.ROOT))
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the version before put in a fraud notice's Message-ID: SHA-256 of the address, 16 hex digits. */
    private static String plainHash(String address) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(address.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
