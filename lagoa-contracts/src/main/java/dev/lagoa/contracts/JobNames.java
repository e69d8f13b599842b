package dev.lagoa.contracts;

/**
 * The names of the Spark jobs, as Glue knows them. The pipeline definitions declare their jobs under these names and
 * the jobs report their runs under them: one constant, both sides.
 */
public final class JobNames {
    public static final String DIFF = "lagoa-diff";
    public static final String IBOV_REFINE = "lagoa-ibov-refine";
    public static final String QUOTES_REFINE = "lagoa-petr4-refine";
    public static final String IMPORTAU_SILVER = "lagoa-importau-silver";
    public static final String IMPORTAU_GOLD = "lagoa-importau-gold";
    public static final String IMPORTAU_TEST_BRONZE = "lagoa-importau-teste-bronze";
    public static final String IMPORTAU_TEST_SILVER = "lagoa-importau-teste-silver";
    public static final String IMPORTAU_TEST_GOLD = "lagoa-importau-teste-gold";

    private JobNames() {}
}
