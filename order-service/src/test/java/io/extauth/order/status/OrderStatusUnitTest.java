package io.extauth.order.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.order.status.OrderStatus.Cancellation;
import io.extauth.order.status.OrderStatus.Change;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class OrderStatusUnitTest {

    @Test
    void acceptedOrderIsProvisionedThenActivatedThenDeactivated() {
        assertThat(OrderStatus.ACCEPTED.after(Change.PROVISIONED)).contains(OrderStatus.PROVISIONED);
        assertThat(OrderStatus.PROVISIONED.after(Change.ACTIVATED)).contains(OrderStatus.ACTIVE);
        assertThat(OrderStatus.ACTIVE.after(Change.DEACTIVATED)).contains(OrderStatus.DEACTIVATED);
    }

    @Test
    void activationThatOvertookProvisioningStillActivates() {
        assertThat(OrderStatus.ACCEPTED.after(Change.ACTIVATED)).contains(OrderStatus.ACTIVE);
        assertThat(OrderStatus.ACTIVE.after(Change.PROVISIONED)).isEmpty();
        assertThat(OrderStatus.ACTIVE.after(Change.PROVISIONING_FAILED)).isEmpty();
    }

    @Test
    void onlyAnAcceptedOrderCanFailProvisioning() {
        assertThat(OrderStatus.ACCEPTED.after(Change.PROVISIONING_FAILED)).contains(OrderStatus.PROVISIONING_FAILED);
        assertThat(OrderStatus.PROVISIONED.after(Change.PROVISIONING_FAILED)).isEmpty();
    }

    @Test
    void endedOrdersStayEnded() {
        for (OrderStatus ended : EnumSet.of(OrderStatus.REJECTED, OrderStatus.PROVISIONING_FAILED,
                OrderStatus.DEACTIVATED, OrderStatus.CANCELLED)) {
            assertThat(ended.isLive()).isFalse();
            for (Change change : Change.values()) {
                assertThat(ended.after(change)).as(ended + " after " + change).isEmpty();
            }
        }
    }

    @Test
    void liveStatusesAreTheOnesThatBlockANewOrder() {
        assertThat(EnumSet.allOf(OrderStatus.class).stream().filter(OrderStatus::isLive))
                .containsExactly(OrderStatus.ACCEPTED, OrderStatus.PROVISIONED, OrderStatus.ACTIVE, OrderStatus.LOCKED);
    }

    @Test
    void onlyAnOrderThatIsNotProvisionedYetCanBeCancelled() {
        assertThat(OrderStatus.ACCEPTED.cancellation()).isEqualTo(Cancellation.CANCEL);
        assertThat(OrderStatus.CANCELLED.cancellation()).isEqualTo(Cancellation.ALREADY_CANCELLED);
        for (OrderStatus provisioned : EnumSet.of(OrderStatus.PROVISIONED, OrderStatus.ACTIVE, OrderStatus.LOCKED)) {
            assertThat(provisioned.cancellation()).as(provisioned.name()).isEqualTo(Cancellation.DEACTIVATE_INSTEAD);
        }
        for (OrderStatus ended : EnumSet.of(OrderStatus.REJECTED, OrderStatus.PROVISIONING_FAILED,
                OrderStatus.DEACTIVATED)) {
            assertThat(ended.cancellation()).as(ended.name()).isEqualTo(Cancellation.NOTHING_TO_CANCEL);
        }
    }

    @Test
    void aProvisioningReportThatRacedACancelLeavesTheOrderCancelled() {
        assertThat(OrderStatus.CANCELLED.after(Change.PROVISIONED)).isEmpty();
        assertThat(OrderStatus.CANCELLED.after(Change.ACTIVATED)).isEmpty();
        assertThat(OrderStatus.CANCELLED.isLive()).isFalse();
    }
}
