package dev.lagoa.governance.classify;

import java.util.List;

/**
 * One rule of the classifier: which values it accepts, the column names that agree with it, and how a matching value
 * is shown. Values reach it trimmed and non-blank. Implementations never keep, log or throw with a value.
 */
interface Detector {
    PiiTag tag();

    /** A short stable name, kept in the evidence ({@code cpf-check-digits}). */
    String rule();

    /** What the rule accepts, in a sentence. */
    String description();

    /** Column name phrases that agree with this rule, as word lists ({@link ColumnNames#phrases}). */
    List<List<String>> nameSignals();

    /**
     * Whether {@code value} passes the rule. {@code nameSignal}: the column's name agrees, which lets through the forms
     * that collide with other data when alone (a bare 8-digit CEP looks like a date).
     */
    boolean matches(String value, boolean nameSignal);

    /** {@code value}, which {@link #matches} accepted, with its identifying part hidden. */
    String mask(String value);
}
