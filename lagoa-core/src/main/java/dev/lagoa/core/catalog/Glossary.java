package dev.lagoa.core.catalog;

import java.util.List;
import java.util.Optional;

/**
 * The business terms the pipelines' tags stand for, each with its definition, so a tag always comes with what it
 * means. A dataset declared with the tag {@code core-domain} is linked to the term "Core Domain".
 */
public final class Glossary {
    /** A business term: the tag that links assets to it, its name and its definition. */
    public record Term(String tag, String name, String definition) {}

    private static final List<Term> TERMS = List.of(
            new Term("core-domain", "Core Domain", "Entidades centrais do negócio (clientes, pedidos, produtos): a fonte de verdade que os outros dados "
                    + "referenciam; mudanças de esquema precisam de aprovação do dono."),
            new Term("bi", "BI", "Agregados prontos para painéis e relatórios: grão e métricas estáveis, documentados coluna a coluna."),
            new Term("ml", "ML", "Conjuntos preparados para modelos (features e alvo): sem vazamento do futuro, com defasagens explícitas."),
            new Term("forecast", "Forecast (previsão)", "Dados usados para prever demanda ou preços; o alvo é um valor futuro."),
            new Term("risco-cambial", "Risco Cambial", "Exposição a variações de câmbio (USD/BRL, EUR/BRL, CNY/BRL) de valores a pagar ou receber em "
                    + "moeda estrangeira."),
            new Term("reference-data", "Dados de referência", "Tabelas de apoio (câmbio, NCM, UF) que mudam pouco e são compartilhadas."),
            new Term("carteira-teorica", "Carteira teórica", "A composição de um índice da B3 num dia: ativos, quantidades teóricas e participações."),
            new Term("cotacoes", "Cotações", "Preços de negociação de um papel (abertura, máxima, mínima, fechamento) e volume por pregão."),
            new Term("cdc", "Change data capture", "Registros de mudança (inserção, atualização, exclusão) derivados da comparação de snapshots."),
            new Term("pii", "Dados pessoais (LGPD)", "Informação que identifica uma pessoa (CPF, e-mail, telefone, endereço): acesso restrito e "
                    + "mascaramento fora do ambiente de origem."),
            new Term("rejects", "Rejeitos", "Entradas recusadas por uma etapa, guardadas com o motivo para correção e reprocessamento."));

    private Glossary() {}

    public static List<Term> terms() {
        return TERMS;
    }

    /** The term a tag stands for; classification tags ({@code PII.CPF}) stand for the PII term. */
    public static Optional<Term> term(String tag) {
        String key = tag.startsWith("PII.") ? "pii" : tag;
        return TERMS.stream().filter(term -> term.tag().equals(key)).findFirst();
    }
}
