package dev.lagoa.governance.classify;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import java.time.Instant;
import java.util.Locale;

/**
 * A person's decision that a column does not hold the PII its values look like ({@code pedidos.codigo_rastreio} is
 * not {@code PII.PHONE}), with the reason, who decided and when. Dataset and column names compare without case, as
 * Glue and Athena compare them.
 */
public record Dismissal(String dataset, String column, PiiTag tag, String reason, String who, Instant dismissedAt) {
    static final int MAX_NAME_LENGTH = 255;
    static final int MAX_REASON_LENGTH = 500;
    static final int MAX_WHO_LENGTH = 100;

    public Dismissal {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(column, "column is null");
        requireNonNull(tag, "tag is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(who, "who is null");
        requireNonNull(dismissedAt, "dismissedAt is null");
        requireText(dataset, "dataset name", MAX_NAME_LENGTH);
        requireText(column, "column name", MAX_NAME_LENGTH);
        requireText(reason, "dismissal reason", MAX_REASON_LENGTH);
        requireText(who, "name of who dismisses", MAX_WHO_LENGTH);
    }

    /** Whether this dismissal is about {@code tag} on {@code dataset.column}. */
    public boolean appliesTo(String dataset, String column, PiiTag tag) {
        return this.tag == tag && key(this.dataset).equals(key(dataset)) && key(this.column).equals(key(column));
    }

    static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    static void requireText(String value, String what, int maxLength) {
        if (value.isBlank()) {
            throw LagoaException.userError("Invalid %s: it is blank", what);
        }
        if (value.length() > maxLength) {
            throw LagoaException.userError("Invalid %s: %d characters, at most %d", what, value.length(), maxLength);
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw LagoaException.userError("Invalid %s: it holds a line break or another control character", what);
        }
    }
}
