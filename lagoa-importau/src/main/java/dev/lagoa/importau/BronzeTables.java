package dev.lagoa.importau;

import dev.lagoa.core.catalog.TableColumn;
import java.util.List;
import java.util.Map;

/**
 * The schemas of the seven Bronze datasets, as the ingestion service writes them: column names, Glue types and
 * descriptions (the catalog shows them as comments). The Spark jobs check the files against the same schemas.
 */
public final class BronzeTables {
    private static final String MONEY = "decimal(18,2)";
    private static final String UNIT_PRICE = "decimal(18,4)";
    private static final String RATE = "decimal(12,4)";
    private static final String TAX_RATE = "decimal(5,4)";

    /** Columns by Bronze folder, in file order. */
    public static final Map<String, List<TableColumn>> COLUMNS = Map.of(
            "clientes", List.of(
                    col("id_cliente", "bigint", "Identificador do cliente."),
                    col("tipo_pessoa", "string", "PF (pessoa física, CPF) ou PJ (pessoa jurídica, CNPJ)."),
                    col("documento", "string", "CPF (11 dígitos) ou CNPJ (14 dígitos), só dígitos, com dígitos verificadores. PII."),
                    col("nome", "string", "Nome da pessoa ou razão social da empresa. PII."),
                    col("email", "string", "E-mail de contato. PII."),
                    col("telefone", "string", "Telefone com DDD no formato (11) 98765-4321 ou (11) 3456-7890. PII."),
                    col("cep", "string", "CEP do endereço no formato 01310-100."),
                    col("cidade", "string", "Cidade do endereço."),
                    col("uf", "string", "Sigla da unidade federativa (SP, RJ, ...)."),
                    col("data_cadastro", "date", "Data do cadastro do cliente.")),
            "fornecedores", List.of(
                    col("id_fornecedor", "bigint", "Identificador do fornecedor."),
                    col("razao_social", "string", "Razão social do fornecedor no exterior."),
                    col("pais", "string", "País do fornecedor, código ISO 3166-1 alfa-2."),
                    col("cidade", "string", "Cidade do fornecedor."),
                    col("moeda", "string", "Moeda de faturamento: USD, EUR ou CNY."),
                    col("incoterm", "string", "Incoterm habitual: FOB, EXW ou CIF."),
                    col("prazo_producao_dias", "int", "Prazo de produção habitual, em dias corridos.")),
            "produtos", List.of(
                    col("id_produto", "bigint", "Identificador do produto."),
                    col("descricao", "string", "Descrição comercial do produto."),
                    col("ncm", "string", "Código NCM (Nomenclatura Comum do Mercosul), 8 dígitos."),
                    col("familia", "string", "Família do produto (Eletrônicos, Autopeças, ...)."),
                    col("id_fornecedor", "bigint", "Fornecedor do produto."),
                    col("moeda", "string", "Moeda do preço FOB (a do fornecedor)."),
                    col("preco_fob_unitario", UNIT_PRICE, "Preço FOB unitário de tabela, na moeda do fornecedor."),
                    col("aliquota_ii", TAX_RATE, "Alíquota do Imposto de Importação (fração: 0,16 = 16%)."),
                    col("aliquota_ipi", TAX_RATE, "Alíquota do IPI na importação (fração)."),
                    col("peso_kg", "decimal(10,3)", "Peso unitário em quilos."),
                    col("preco_venda_brl", MONEY, "Preço de venda unitário de tabela ao cliente, em reais.")),
            "pedidos", List.of(
                    col("id_pedido", "bigint", "Identificador do pedido."),
                    col("id_cliente", "bigint", "Cliente que encomendou."),
                    col("id_fornecedor", "bigint", "Fornecedor no exterior."),
                    col("data_pedido", "date", "Data do pedido ao fornecedor."),
                    col("moeda", "string", "Moeda do pedido (a do fornecedor)."),
                    col("incoterm", "string", "Incoterm do pedido."),
                    col("data_embarque", "date", "Data de embarque na origem."),
                    col("data_chegada", "date", "Data de chegada ao porto ou aeroporto no Brasil (registro da DI)."),
                    col("data_desembaraco", "date", "Data do desembaraço aduaneiro."),
                    col("data_entrega", "date", "Data da entrega ao cliente."),
                    col("canal_parametrizacao", "string", "Canal da Receita Federal: VERDE, AMARELO ou VERMELHO."),
                    col("status_pedido", "string", "Situação do pedido na data de corte: ENTREGUE."),
                    col("condicao_pagamento_dias", "int", "Prazo de pagamento do cliente após a entrega, em dias."),
                    col("data_vencimento", "date", "Vencimento da fatura ao cliente."),
                    col("data_recebimento", "date", "Data em que o cliente pagou; nula quando ainda não pagou."),
                    col("status_recebimento", "string", "PAGO, PAGO_COM_ATRASO, EM_ATRASO ou A_VENCER na data de corte.")),
            "itens_pedido", List.of(
                    col("id_item", "bigint", "Identificador do item do pedido."),
                    col("id_pedido", "bigint", "Pedido do item."),
                    col("id_produto", "bigint", "Produto do item."),
                    col("quantidade", "int", "Quantidade encomendada."),
                    col("preco_fob_unitario", UNIT_PRICE, "Preço FOB unitário negociado, na moeda do pedido."),
                    col("preco_venda_unitario_brl", MONEY, "Preço de venda unitário ao cliente, em reais.")),
            "cambio", List.of(
                    col("data", "date", "Dia útil da cotação."),
                    col("moeda", "string", "Moeda cotada: USD, EUR ou CNY."),
                    col("taxa_compra", RATE, "Taxa de compra em reais por unidade da moeda."),
                    col("taxa_venda", RATE, "Taxa de venda em reais por unidade da moeda (a usada na importação).")),
            "despesas_importacao", List.of(
                    col("id_despesa", "bigint", "Identificador da despesa (uma por pedido)."),
                    col("id_pedido", "bigint", "Pedido desembaraçado."),
                    col("numero_di", "string", "Número da declaração de importação (AA/NNNNNNN-D)."),
                    col("data_registro_di", "date", "Data do registro da DI."),
                    col("valor_fob_moeda", MONEY, "Valor FOB total da DI, na moeda do pedido."),
                    col("frete_moeda", MONEY, "Frete internacional, na moeda do pedido."),
                    col("seguro_moeda", MONEY, "Seguro internacional, na moeda do pedido."),
                    col("taxa_cambio_di", RATE, "Taxa de câmbio (venda) do dia do registro da DI."),
                    col("valor_aduaneiro_brl", MONEY, "Valor aduaneiro: (FOB + frete + seguro) × taxa da DI, em reais."),
                    col("ii_brl", MONEY, "Imposto de Importação, em reais."),
                    col("ipi_brl", MONEY, "IPI na importação, em reais."),
                    col("pis_brl", MONEY, "PIS-Importação (2,10% do valor aduaneiro), em reais."),
                    col("cofins_brl", MONEY, "COFINS-Importação (9,65% do valor aduaneiro), em reais."),
                    col("icms_brl", MONEY, "ICMS da importação (por dentro, alíquota da UF do cliente), em reais."),
                    col("taxa_siscomex_brl", MONEY, "Taxa de utilização do Siscomex, em reais."),
                    col("data_pagamento_fornecedor", "date", "Data do pagamento ao fornecedor (câmbio fechado nesse dia).")));

    private BronzeTables() {}

    private static TableColumn col(String name, String type, String comment) {
        return new TableColumn(name, type, comment);
    }
}
