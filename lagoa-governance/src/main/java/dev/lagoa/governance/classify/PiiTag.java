package dev.lagoa.governance.classify;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import java.util.Arrays;

/** The kinds of personal data the classifier recognises, each with the tag it puts on a column ({@code PII.CPF}). */
public enum PiiTag {
    /** Brazilian individual taxpayer number (Cadastro de Pessoas Físicas). */
    CPF("PII.CPF"),
    /** Brazilian company taxpayer number (Cadastro Nacional da Pessoa Jurídica), numeric or alphanumeric. */
    CNPJ("PII.CNPJ"),
    EMAIL("PII.EMAIL"),
    /** Brazilian phone number with its area code (DDD). */
    PHONE("PII.PHONE"),
    /** Brazilian postal code (Código de Endereçamento Postal). */
    CEP("PII.CEP"),
    CREDIT_CARD("PII.CREDIT_CARD"),
    PERSON_NAME("PII.PERSON_NAME"),
    IP_ADDRESS("PII.IP_ADDRESS");

    private final String value;

    PiiTag(String value) {
        this.value = value;
    }

    /** The tag as the catalog shows and stores it: {@code PII.CPF}. */
    public String value() {
        return value;
    }

    /**
     * The tag named {@code value} ({@code PII.CPF}, case-insensitive).
     *
     * @throws LagoaException (USER) when no tag has that name
     */
    public static PiiTag parse(String value) {
        requireNonNull(value, "value is null");
        for (PiiTag tag : values()) {
            if (tag.value.equalsIgnoreCase(value.trim())) {
                return tag;
            }
        }
        throw LagoaException.userError("Unknown PII tag '%s': use one of %s", value, Arrays.stream(values()).map(PiiTag::value).toList());
    }

    @Override
    public String toString() {
        return value;
    }
}
