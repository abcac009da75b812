package org.kvmlab.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.kvmlab.audit.AuditAction;
import org.kvmlab.audit.AuditLog;

class AuditQueryTest {

    @Test
    void blankPartsMeanAny() {
        AuditQuery query = AuditQuery.parse(null, "", " ", null, "", null, null);
        assertThat(query.filter()).isEqualTo(AuditLog.Filter.any());
        assertThat(query.offset()).isZero();
        assertThat(query.limit()).isEqualTo(AuditQuery.DEFAULT_LIMIT);
    }

    @Test
    void actionsAreReadInAnyCase() {
        assertThat(AuditQuery.parse(null, "role_changed", null, null, null, null, null).filter().action())
                .isEqualTo(AuditAction.ROLE_CHANGED);
        assertThatThrownBy(() -> AuditQuery.parse(null, "DELETED_EVERYTHING", null, null, null, null, null))
                .isInstanceOf(AdminException.class).hasMessageContaining("ROLE_CHANGED")
                .extracting(e -> ((AdminException) e).kind()).isEqualTo(AdminException.Kind.INVALID);
    }

    @Test
    void aDayMeansTheWholeDayAtBothEnds() {
        AuditLog.Filter filter = AuditQuery.parse("admin", null, "erin", "2025-05-01", "2025-05-01", "0", "10")
                .filter();
        assertThat(filter.from()).isEqualTo(Instant.parse("2025-05-01T00:00:00Z"));
        assertThat(filter.until()).isEqualTo(Instant.parse("2025-05-02T00:00:00Z"));
        assertThat(filter.actor()).isEqualTo("admin");
        assertThat(filter.subject()).isEqualTo("erin");
    }

    @Test
    void timesAreUtcUnlessTheySayOtherwise() {
        assertThat(AuditQuery.parse(null, null, null, "2025-05-01T14:30", null, null, null).filter().from())
                .isEqualTo(Instant.parse("2025-05-01T14:30:00Z"));
        assertThat(AuditQuery.parse(null, null, null, "2025-05-01T14:30:00+02:00", null, null, null).filter()
                .from()).isEqualTo(Instant.parse("2025-05-01T12:30:00Z"));
        assertThat(AuditQuery.parse(null, null, null, null, "2025-05-01T14:30:00Z", null, null).filter().until())
                .isEqualTo(Instant.parse("2025-05-01T14:30:00Z"));
    }

    @Test
    void nonsenseIsRefusedWithWhatToWrite() {
        assertThatThrownBy(() -> AuditQuery.parse(null, null, null, "yesterday", null, null, null))
                .hasMessageContaining("2025-05-01");
        assertThatThrownBy(() -> AuditQuery.parse(null, null, null, "2025-02-30", null, null, null))
                .hasMessageContaining("'from' is not a date");
        assertThatThrownBy(() -> AuditQuery.parse(null, null, null, "2025-05-02", "2025-05-01", null, null))
                .hasMessageContaining("before");
        assertThatThrownBy(() -> AuditQuery.parse(null, null, null, null, null, "ten", null))
                .hasMessageContaining("'offset' must be a whole number");
        assertThatThrownBy(() -> AuditQuery.parse(null, null, null, null, null, "-1", null))
                .isInstanceOf(AdminException.class);
        assertThatThrownBy(() -> AuditQuery.parse(null, null, null, null, null, null, "100000"))
                .hasMessageContaining(String.valueOf(AuditLog.MAX_PAGE));
    }

    @Test
    void pagesMoveByTheirSizeAndNeverBeforeTheStart() {
        AuditQuery first = AuditQuery.parse(null, null, null, null, null, "0", "20");
        assertThat(first.next().offset()).isEqualTo(20);
        assertThat(first.next().next().previous().offset()).isEqualTo(20);
        assertThat(first.previous().offset()).isZero();
    }
}
