package dev.lagoa.governance.classify;

/** How sure a classification is. */
public enum Confidence {
    /** The values alone passed the rule. */
    MEDIUM,
    /** The values passed the rule and the column's name agrees ({@code cpf_cliente} holding CPFs). */
    HIGH
}
