package io.extauth.challenge.login.adapter;

import static io.extauth.service.security.Role.ADMIN;
import static io.extauth.service.security.Role.OPERATOR;
import static io.extauth.service.security.Role.PORTAL;
import static io.extauth.service.security.Role.VPN;

import io.extauth.challenge.login.Challenge;
import io.extauth.challenge.login.ChallengeStatus;
import io.extauth.challenge.login.SignInRules;
import io.extauth.challenge.login.adapter.ChallengeDecisions.Outcome;
import io.extauth.challenge.web.adapter.Problems;
import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.service.problem.ProblemsAdvice.FieldError;
import io.extauth.service.problem.ProblemsAdvice.FieldProblemsException;
import io.extauth.service.security.AccountAccess;
import io.extauth.service.security.Callers;
import io.extauth.service.security.NamesAccount;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Login challenges. Only the portal (either channel) and a VPN gateway (VPN only) start them; a VPN gateway's token
 * may answer and read only VPN challenges (a PORTAL one is {@code 404}, as one that does not exist: until session 70
 * a {@code 403} told the token that the id was a portal login's), so a stolen gateway token cannot pass or probe
 * portal logins.
 */
@RestController
class ChallengeController {

    private static final Pattern SECURITY_CODE = Pattern.compile("[0-9]{6}");

    /** {@code loginId}: the caller's own name for this sign-in attempt (optional; see {@link SignInRules}). */
    record ChallengeRequest(@Nullable String accountId, @Nullable String userId, @Nullable String channel,
            @Nullable String loginId) implements NamesAccount {

        @Override
        public String toString() {
            return "ChallengeRequest[" + accountId + "/" + userId + ", " + channel + "]";
        }
    }

    record CodeResponse(@Nullable String accountId, @Nullable String userId, @Nullable String code) {

        @Override
        public String toString() {
            return "CodeResponse[" + accountId + "/" + userId + ", code=******]";
        }
    }

    record IssuedView(String challengeId, ChallengeStatus status, String message, AuthType type,
            @Nullable PhoneFactorMethod method, @Nullable String destinationMasked, Instant expiresAt) {
    }

    /**
     * A challenge; once decided, what its decision left of the user's strikes, as its {@code ChallengeResult} says
     * (absent for one decided before they were kept, 2026-12-08).
     */
    record ChallengeView(String challengeId, String accountId, String userId, LoginChannel channel, AuthType type,
            @Nullable PhoneFactorMethod method, ChallengeStatus status, @Nullable ChallengeOutcome outcome,
            Instant expiresAt, @Nullable Instant decidedAt, @Nullable Integer consecutiveFailures,
            @Nullable Integer remainingAttempts, @Nullable Instant lockedUntil) {

        static ChallengeView of(Challenges.Viewed viewed) {
            Challenge c = viewed.challenge();
            Challenges.Counts counts = viewed.counts();
            return new ChallengeView(c.id().toString(), c.accountId(), c.userId(), c.channel(), c.type(), c.method(),
                    c.status(), c.outcome(), c.expiresAt(), c.decidedAt(),
                    counts == null ? null : counts.consecutiveFailures(),
                    counts == null ? null : counts.remainingAttempts(), counts == null ? null : counts.lockedUntil());
        }
    }

    record DecidedView(String challengeId, ChallengeStatus status, @Nullable ChallengeOutcome outcome,
            int consecutiveFailures, int remainingAttempts, @Nullable Instant lockedUntil,
            @Nullable Instant decidedAt) {
    }

    private final ChallengeIssuer issuer;
    private final ChallengeAnswers answers;
    private final boolean requireLoginId;

    ChallengeController(ChallengeIssuer issuer, ChallengeAnswers answers, ChallengeProperties properties) {
        this.issuer = issuer;
        this.answers = answers;
        this.requireLoginId = properties.requireLoginId();
    }

    @PostMapping("/api/challenges")
    // only a sign-in door starts a challenge: an admin's or operator's token ringing a user's phone would cost the
    // user a strike for a login they never began
    @Callers(value = {PORTAL, VPN}, accountInBody = true)
    @Operation(summary = "Challenge a login (PORTAL or VPN) by the user's method; 423 while the user is locked",
            responses = {
                @ApiResponse(responseCode = "201", description = "A new challenge: the user's phone rings, a text "
                        + "or push goes out", content = @Content(schema = @Schema(implementation = IssuedView.class))),
                @ApiResponse(responseCode = "200", description = "The challenge of this user and channel that is "
                        + "still open, issued for the same loginId (or, without one, for a caller that named none): "
                        + "nothing is sent again",
                        content = @Content(schema = @Schema(implementation = IssuedView.class))),
                @ApiResponse(responseCode = "400", description = "`invalid-challenge-request`: accountId, userId "
                        + "or channel missing or not PORTAL or VPN, or a loginId that is not 1 to 128 printable ASCII "
                        + "characters (required with `extauth.challenges.require-login-id`) (`errors`)"),
                @ApiResponse(responseCode = "403", description = "A token without the PORTAL role asking for a "
                        + "PORTAL challenge: only the portal's sign-in starts one"),
                @ApiResponse(responseCode = "409", description = "`not-active` (never ordered, provisioned, "
                        + "deactivated; to a VPN gateway's token also every refusal below), `suspended`, "
                        + "`pin-required`, `no-phone` (a call or text method and no primary phone): the user's factor "
                        + "cannot be challenged now; `challenge-in-progress`: the user's open challenge on this "
                        + "channel was issued for another sign-in (Retry-After, no id given); no strike"),
                @ApiResponse(responseCode = "423", description = "`locked`, `fraud-blocked`: the user is locked "
                        + "(lockedUntil); no strike"),
                @ApiResponse(responseCode = "429", description = "`too-many-contacts`: beyond the contact limits; "
                        + "Retry-After; no strike"),
                @ApiResponse(responseCode = "503", description = "`vendor-unavailable`, `database-unavailable`: the "
                        + "vendor or the database did not answer; Retry-After; no strike; `outcome-unknown`: the "
                        + "connection to the database was lost while the challenge was being committed, so it may "
                        + "have been made (and is then delivered once the delivery's lease, 6 s, has run out): asked "
                        + "again from the same sign-in, it comes back (200) and nothing is sent twice; Retry-After; "
                        + "`request-timed-out`: not "
                        + "answered within the service's wait (a database stalled for minutes), the challenge may "
                        + "still be made: asked again from the same sign-in, it comes back (200) and nothing is sent "
                        + "twice")})
    CompletableFuture<ResponseEntity<IssuedView>> issue(@RequestBody ChallengeRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.accountId() == null || request.accountId().isBlank()) {
            errors.add(new FieldError("accountId", "REQUIRED", "Name the account of the user signing in."));
        }
        if (request.userId() == null || request.userId().isBlank()) {
            errors.add(new FieldError("userId", "REQUIRED", "Name the user signing in."));
        }
        LoginChannel channel = channelOf(request.channel());
        if (channel == null) {
            errors.add(new FieldError("channel", "INVALID_CHANNEL", "channel must be PORTAL or VPN."));
        }
        if (request.loginId() == null && requireLoginId) {
            errors.add(new FieldError("loginId", "REQUIRED", "Name this sign-in attempt: this service gives an "
                    + "open challenge back only to the sign-in it was issued for."));
        } else if (request.loginId() != null && !SignInRules.validLoginId(request.loginId())) {
            errors.add(new FieldError("loginId", "FORMAT", "loginId is 1 to 128 printable ASCII characters, no "
                    + "spaces."));
        }
        if (!errors.isEmpty() || channel == null) {
            throw new FieldProblemsException(HttpStatus.BAD_REQUEST, "invalid-challenge-request",
                    "The challenge request is incomplete.", errors);
        }
        requireChannelToStart(channel);
        // a PhoneFactor challenge is answered once the gateway has been asked to reach the user, on its threads
        return issuer.issue(request.accountId(), request.userId(), channel, AccountAccess.callerName(),
                request.loginId()).thenApply(ChallengeController::issuedAnswer);
    }

    /** 201 for a new challenge; 200 with the open one when this sign-in already has one on this channel. */
    private static ResponseEntity<IssuedView> issuedAnswer(ChallengeIssuer.Issued issued) {
        Challenge c = issued.challenge();
        return ResponseEntity.status(issued.created() ? HttpStatus.CREATED : HttpStatus.OK).body(new IssuedView(
                c.id().toString(), c.status(), issued.message(), c.type(), c.method(), issued.destinationMasked(),
                c.expiresAt()));
    }

    @PostMapping("/api/challenges/{challengeId}/responses")
    @Callers({PORTAL, ADMIN, VPN})
    @Operation(summary = "Answer a Symantec challenge with the security code the user typed into the portal")
    @ApiResponse(responseCode = "200", description = "Decided: `outcome` SUCCEEDED, or FAILED for a wrong code (a "
            + "strike: `consecutiveFailures`, `remainingAttempts`), LOCKED_OUT for the fifth in a row (`lockedUntil`), "
            + "EXPIRED for a code typed after the challenge's end")
    @ApiResponse(responseCode = "400", description = "`invalid-response`: the code missing (`REQUIRED`) or not six "
            + "digits (`FORMAT`); refused before VIP, no strike")
    @ApiResponse(responseCode = "404", description = "`no-such-challenge`: no such challenge, another account's, "
            + "accountId and userId that are not the challenge's, or a PORTAL challenge to a VPN gateway's token")
    @ApiResponse(responseCode = "409", description = "`answered-on-phone`: a PhoneFactor challenge, answered on the "
            + "phone or in the app; `already-decided`: decided before this code (a code typed at once with another "
            + "is checked once); `code-used-by-lost-answer`: VIP took this code in an earlier answer whose verdict "
            + "was lost (a 503): no strike, enter the next code")
    @ApiResponse(responseCode = "423", description = "`locked`: the user was locked before the code could be checked; "
            + "no strike (`lockedUntil`, `consecutiveFailures`)")
    @ApiResponse(responseCode = "503", description = "`vendor-unavailable`: VIP gave no verdict in time, the challenge "
            + "stays open and nothing counts (Retry-After); `outcome-unknown`: the connection to the database was "
            + "lost while VIP's verdict was being committed, so the challenge may have been decided and the code "
            + "counted: read the challenge before sending a code again (Retry-After); `request-timed-out`: not "
            + "answered within the service's wait: read the challenge before sending the code again")
    CompletableFuture<DecidedView> respond(@PathVariable String challengeId, @RequestBody CodeResponse response) {
        if (response.code() == null || response.code().isBlank()) {
            throw new FieldProblemsException(HttpStatus.BAD_REQUEST, "invalid-response", "The code is missing.",
                    List.of(new FieldError("code", "REQUIRED", "Enter the security code the credential shows.")));
        }
        // six digits, as activation asks: anything else cannot be right, so it is refused before it takes the user's
        // one answer in flight at VIP (answers go one at a time) or a round trip to VIP
        String code = response.code().strip();
        if (!SECURITY_CODE.matcher(code).matches()) {
            throw new FieldProblemsException(HttpStatus.BAD_REQUEST, "invalid-response",
                    "The security code is six digits.", List.of(new FieldError("code", "FORMAT",
                            "Enter the six digits the credential shows.")));
        }
        Challenge challenge = owned(challengeId, response.accountId(), response.userId());
        // VIP is asked on its own threads: answered once its verdict is decided
        return answers.fromSecurityCode(challenge, code).thenApply(ChallengeController::decidedAnswer);
    }

    private static DecidedView decidedAnswer(Outcome decided) {
        Challenge c = decided.challenge();
        if (c.outcome() == ChallengeOutcome.REJECTED_LOCKED) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("challengeId", c.id().toString());
            properties.put("outcome", ChallengeOutcome.REJECTED_LOCKED.name());
            properties.put("consecutiveFailures", decided.consecutiveFailures());
            properties.put("remainingAttempts", 0);
            if (decided.lockedUntil() != null) {
                properties.put("lockedUntil", decided.lockedUntil().toString());
            }
            throw Problems.problem(HttpStatus.LOCKED, "locked", "This user was locked before the code could be "
                    + "checked; the code was not checked and is no strike.", properties);
        }
        return new DecidedView(c.id().toString(), c.status(), c.outcome(), decided.consecutiveFailures(),
                decided.remainingAttempts(), decided.lockedUntil(), c.decidedAt());
    }

    @GetMapping("/api/challenges/{challengeId}")
    @Callers({PORTAL, ADMIN, OPERATOR, VPN})
    @Operation(summary = "Where a challenge stands")
    @ApiResponse(responseCode = "200", description = "The challenge: `status` PENDING until decided, then its "
            + "`outcome` and `decidedAt`, and what the decision left of the user's strikes as its `ChallengeResult` "
            + "says (`consecutiveFailures`, `remainingAttempts`, `lockedUntil` while locked): a portal that polls "
            + "shows \"2 attempts left\" from it")
    @ApiResponse(responseCode = "404", description = "`no-such-challenge`: no such challenge, another account's, or "
            + "a PORTAL challenge to a VPN gateway's token")
    ChallengeView challenge(@PathVariable String challengeId) {
        Challenges.Viewed viewed = answers.view(parse(challengeId)).orElseThrow(ChallengeController::noSuchChallenge);
        AccountAccess.requireVisible(viewed.challenge().accountId(), ChallengeController::noSuchChallenge);
        requireChannel(viewed.challenge().channel());
        return ChallengeView.of(viewed);
    }

    /** A challenge answers only for the account user it was issued to. */
    private Challenge owned(String challengeId, @Nullable String accountId, @Nullable String userId) {
        Challenge challenge = answers.find(parse(challengeId)).orElseThrow(ChallengeController::noSuchChallenge);
        AccountAccess.requireVisible(challenge.accountId(), ChallengeController::noSuchChallenge);
        if (accountId == null || userId == null || !challenge.belongsTo(accountId, userId)) {
            throw noSuchChallenge();
        }
        requireChannel(challenge.channel());
        return challenge;
    }

    /**
     * Only the portal's sign-in starts a PORTAL challenge: a token that is a VPN gateway's and an admin's or an
     * operator's too (who may answer and read one) rang the user for a PORTAL challenge, whose success is the proof a
     * weakening factor change needs.
     */
    private static void requireChannelToStart(LoginChannel channel) {
        if (channel != LoginChannel.VPN && !AccountAccess.callerHasRole(PORTAL)) {
            throw new AccessDeniedException("Only the portal's sign-in starts a PORTAL challenge; a VPN gateway starts "
                    + "VPN challenges.");
        }
    }

    /**
     * A caller whose only login role is VPN gets VPN challenges and nothing else: a PORTAL one is no challenge it can
     * see, the same {@code 404} as an id that names none.
     */
    private static void requireChannel(LoginChannel channel) {
        if (channel != LoginChannel.VPN && !AccountAccess.callerHasRole(PORTAL)
                && !AccountAccess.callerHasRole(ADMIN) && !AccountAccess.callerHasRole(OPERATOR)) {
            throw noSuchChallenge();
        }
    }

    private static UUID parse(String challengeId) {
        try {
            return UUID.fromString(challengeId);
        } catch (IllegalArgumentException e) {
            throw noSuchChallenge();
        }
    }

    private static RuntimeException noSuchChallenge() {
        return Problems.notFound("no-such-challenge", "There is no such challenge for this account user.");
    }

    private static @Nullable LoginChannel channelOf(@Nullable String channel) {
        try {
            return channel == null ? null : LoginChannel.valueOf(channel);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
