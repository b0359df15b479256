package io.extauth.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.extauth.testsupport.fixture.views.Receipt;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** This class is {@code @NullMarked}, so are the views nested in it; its package is not. */
@NullMarked
class ViewFieldsUnitTest {

    private static final String REQUEST = "GET /api/users/u-1/external-auth";
    private static final Instant NOW = Instant.parse("2026-11-30T06:00:00Z");

    record Factor(String userId, @Nullable Instant lockedUntil, int consecutiveFailures) {
    }

    record Item(String name, @Nullable String note) {
    }

    record Page(List<Item> items, Item first, @Nullable Item last) {
    }

    record Renamed(@JsonProperty("at") Instant when) {
    }

    /** Says nothing of its nullness, though the class around it does. */
    @NullUnmarked
    record Unsaid(String id, Item item) {
    }

    record FieldError(String field, String code, String message) {
    }

    @Test
    void aNullFieldThatIsNotNullableIsNamedWithItsViewAndRequest() {
        assertThat(ViewFields.missing(new Factor(null, null, 0), REQUEST))
                .containsExactly("ViewFieldsUnitTest.Factor from GET /api/users/u-1/external-auth: userId");
    }

    @Test
    void aNullableFieldMayBeNull() {
        assertThat(ViewFields.missing(new Factor("u-1", null, 0), REQUEST)).isEmpty();
    }

    @Test
    void aBlankTextIsMissingUnlessItsFieldIsNullable() {
        assertThat(ViewFields.missing(new Item(" ", ""), REQUEST))
                .containsExactly("ViewFieldsUnitTest.Item from " + REQUEST + ": name (blank)");
    }

    @Test
    void theRecordsAViewCarriesAreHeldToTheirOwnFieldsInListsToo() {
        Page page = new Page(List.of(new Item("a", null), new Item(null, null)), new Item(null, "first"),
                new Item(null, null));

        assertThat(ViewFields.missing(page, REQUEST)).containsExactly(
                "ViewFieldsUnitTest.Page from " + REQUEST + ": items[1].name",
                "ViewFieldsUnitTest.Page from " + REQUEST + ": first.name",
                "ViewFieldsUnitTest.Page from " + REQUEST + ": last.name");
    }

    @Test
    void aListThatIsTheWholeBodyIsNamedByItsElements() {
        assertThat(ViewFields.missing(List.of(new Item("a", null), new Item(null, null)), "GET /api/items"))
                .containsExactly("List<ViewFieldsUnitTest.Item> from GET /api/items: [1].name");
    }

    @Test
    void aRenamedFieldIsNamedAsOnTheWire() {
        assertThat(ViewFields.missing(new Renamed(null), REQUEST))
                .containsExactly("ViewFieldsUnitTest.Renamed from " + REQUEST + ": at");
    }

    @Test
    void aRecordOfAPackageThatSaysNullMarkedIsHeldToItsFields() {
        assertThat(ViewFields.missing(new Receipt(null, null), "POST /api/receipts"))
                .containsExactly("Receipt from POST /api/receipts: id");
    }

    @Test
    void aRecordWhoseNullnessIsNotSaidIsHeldToNothingButTheRecordsItCarriesAre() {
        assertThat(ViewFields.missing(new Unsaid(null, new Item(null, null)), REQUEST))
                .containsExactly("ViewFieldsUnitTest.Unsaid from " + REQUEST + ": item.name");
        assertThat(ViewFields.missing(new Unmarked(null), REQUEST)).as("a record of a package not @NullMarked")
                .isEmpty();
    }

    @Test
    void aProblemCarriesTypeTitleAndStatusAndTheRecordsOfItsProperties() {
        ProblemDetail untyped = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, "two problems");
        untyped.setProperty("errors", List.of(new FieldError("email", "REQUIRED", "give one"),
                new FieldError("type", null, "give one")));
        ProblemDetail untitled = ProblemDetail.forStatus(499);
        untitled.setType(URI.create("about:blank"));

        assertThat(ViewFields.missing(untyped, "POST /api/orders")).containsExactly(
                "ProblemDetail from POST /api/orders: type", "ProblemDetail from POST /api/orders: errors[1].code");
        assertThat(ViewFields.missing(untitled, "POST /api/orders"))
                .as("no title set, and no reason phrase of its status to stand in")
                .containsExactly("ProblemDetail from POST /api/orders: title");
    }

    @Test
    void aProblemWithItsTypeAndAStatusThatNamesItsTitleIsWhole() {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.NOT_FOUND);
        problem.setType(URI.create("https://extauth.io/problems/no-such-order"));

        assertThat(ViewFields.missing(problem, "GET /api/orders/o-1")).isEmpty();
    }

    @Test
    void aBodyThatIsNoViewIsNotLookedAt() {
        assertThat(ViewFields.missing("text", REQUEST)).isEmpty();
        assertThat(ViewFields.missing(null, REQUEST)).isEmpty();
    }
}

/** A record of this package, which says nothing of nullness. */
record Unmarked(String id) {
}
