package dev.lagoa.jobs.importau;

import static dev.lagoa.jobs.TableColumn.of;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import dev.lagoa.jobs.TableColumn;
import dev.lagoa.jobs.TableDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/**
 * The importau tables the jobs read and write: the Bronze schemas as the ingestion service declares them, and the
 * Silver fact, its rejects and the two Gold aggregates, with the description of every column.
 */
public final class ImportauTables {
    static final DecimalType MONEY = DataTypes.createDecimalType(18, 2);
    static final DecimalType UNIT = DataTypes.createDecimalType(18, 4);
    static final DecimalType RATE = DataTypes.createDecimalType(12, 4);
    static final DecimalType TAX_RATE = DataTypes.createDecimalType(5, 4);
    static final DecimalType PERCENT = DataTypes.createDecimalType(9, 4);
    static final DecimalType VOLATILITY = DataTypes.createDecimalType(12, 6);

    /** The Bronze datasets' columns and types, by folder, in file order. */
    public static final Map<String, Map<String, DataType>> BRONZE = bronze();

    public static final TableDefinition FACT = new TableDefinition("fato_pedido_correlacionado", List.of(
            of("id_item", LongType, "Identificador do item do pedido (grão do fato)."),
            of("id_pedido", LongType, "Pedido do item."),
            of("data_pedido", DateType, "Data do pedido ao fornecedor."),
            of("id_cliente", LongType, "Cliente que encomendou."),
            of("tipo_pessoa", StringType, "PF ou PJ."),
            of("cidade_cliente", StringType, "Cidade do cliente."),
            of("uf_cliente", StringType, "UF do cliente (define a alíquota de ICMS)."),
            of("documento_valido", BooleanType, "Verdadeiro quando o CPF/CNPJ do cliente tem dígitos verificadores válidos."),
            of("id_fornecedor", LongType, "Fornecedor no exterior."),
            of("fornecedor", StringType, "Razão social do fornecedor."),
            of("pais_fornecedor", StringType, "País do fornecedor (ISO 3166-1 alfa-2)."),
            of("id_produto", LongType, "Produto."),
            of("descricao_produto", StringType, "Descrição do produto."),
            of("ncm", StringType, "Código NCM do produto."),
            of("familia", StringType, "Família do produto."),
            of("moeda", StringType, "Moeda do pedido (USD, EUR, CNY)."),
            of("incoterm", StringType, "Incoterm do pedido."),
            of("canal_parametrizacao", StringType, "Canal aduaneiro: VERDE, AMARELO ou VERMELHO."),
            of("quantidade", IntegerType, "Quantidade do item."),
            of("preco_fob_unitario", UNIT, "Preço FOB unitário, na moeda do pedido."),
            of("valor_fob_moeda", UNIT, "quantidade × preco_fob_unitario, na moeda do pedido."),
            of("taxa_cambio_pedido", RATE, "Taxa de venda da moeda no dia do pedido (a do último dia útil anterior quando o pedido cai em fim de semana)."),
            of("valor_fob_brl", MONEY, "valor_fob_moeda × taxa_cambio_pedido: o valor do item em reais na data do pedido."),
            of("frete_moeda", UNIT, "Frete internacional da DI rateado pelo valor FOB do item, na moeda do pedido."),
            of("seguro_moeda", UNIT, "Seguro internacional da DI rateado pelo valor FOB do item, na moeda do pedido."),
            of("taxa_cambio_di", RATE, "Taxa de câmbio do registro da DI."),
            of("ii_brl", MONEY, "Imposto de Importação da DI rateado pelo valor FOB do item."),
            of("ipi_brl", MONEY, "IPI da DI rateado pelo valor FOB do item."),
            of("pis_brl", MONEY, "PIS-Importação da DI rateado pelo valor FOB do item."),
            of("cofins_brl", MONEY, "COFINS-Importação da DI rateada pelo valor FOB do item."),
            of("icms_brl", MONEY, "ICMS da DI rateado pelo valor FOB do item."),
            of("siscomex_brl", MONEY, "Taxa Siscomex da DI rateada pelo valor FOB do item."),
            of("tributos_brl", MONEY, "ii_brl + ipi_brl + pis_brl + cofins_brl + icms_brl + siscomex_brl."),
            of("custo_desembarcado_brl", MONEY, "Custo desembarcado: (valor_fob_moeda + frete_moeda + seguro_moeda) × taxa_cambio_di + tributos_brl."),
            of("custo_desembarcado_unitario_brl", UNIT, "custo_desembarcado_brl / quantidade."),
            of("valor_venda_brl", MONEY, "quantidade × preço de venda unitário ao cliente, em reais."),
            of("margem_bruta_brl", MONEY, "valor_venda_brl − custo_desembarcado_brl."),
            of("margem_bruta_pct", PERCENT, "margem_bruta_brl / valor_venda_brl × 100."),
            of("data_embarque", DateType, "Data de embarque na origem."),
            of("data_chegada", DateType, "Data de chegada ao Brasil."),
            of("data_registro_di", DateType, "Data do registro da DI (quando os tributos são pagos)."),
            of("data_desembaraco", DateType, "Data do desembaraço aduaneiro."),
            of("data_entrega", DateType, "Data da entrega ao cliente."),
            of("data_vencimento", DateType, "Vencimento da fatura ao cliente."),
            of("data_recebimento", DateType, "Data do pagamento do cliente; nula quando não pagou até a data de corte."),
            of("status_recebimento", StringType, "PAGO, PAGO_COM_ATRASO, EM_ATRASO ou A_VENCER."),
            of("data_pagamento_fornecedor", DateType, "Data do pagamento ao fornecedor."),
            of("taxa_cambio_pagamento", RATE, "Taxa de venda da moeda no dia do pagamento ao fornecedor."),
            of("pagamento_fornecedor_brl", MONEY, "(valor_fob_moeda + frete_moeda + seguro_moeda) × taxa_cambio_pagamento: a saída de caixa em reais."),
            of("prazo_producao_transito_dias", IntegerType, "Dias do pedido à chegada ao Brasil."),
            of("prazo_desembaraco_dias", IntegerType, "Dias da chegada ao desembaraço."),
            of("prazo_entrega_dias", IntegerType, "Lead time: dias do pedido à entrega ao cliente."),
            of("dias_para_receber", IntegerType, "Dias da entrega ao recebimento; nulo quando não recebido.")),
            List.of(of("ano_mes", StringType, "Partição: o mês do pedido, AAAA-MM.")));

    public static final TableDefinition REJECTS = new TableDefinition("importau_rejeitos", List.of(
            of("id_item", LongType, "Identificador do item rejeitado (como veio da Bronze)."),
            of("id_pedido", LongType, "Pedido do item, como veio da Bronze."),
            of("id_produto", LongType, "Produto do item, como veio da Bronze."),
            of("quantidade", IntegerType, "Quantidade, como veio da Bronze."),
            of("preco_fob_unitario", UNIT, "Preço FOB unitário, como veio da Bronze."),
            of("preco_venda_unitario_brl", MONEY, "Preço de venda unitário, como veio da Bronze."),
            of("valor_fob_moeda", UNIT, "quantidade × preco_fob_unitario; nulo quando a quantidade é nula."),
            of("detalhe", StringType, "O motivo em palavras, com a chave que não foi encontrada.")),
            List.of(of("motivo", StringType, "Partição: ITEM_DUPLICADO, PEDIDO_INEXISTENTE, QUANTIDADE_NULA, PRODUTO_INEXISTENTE, "
                    + "CLIENTE_INEXISTENTE, FORNECEDOR_INEXISTENTE, SEM_DESPESA_IMPORTACAO ou SEM_CAMBIO.")));

    public static final TableDefinition CASH_FLOW = new TableDefinition("agregado_fluxo_de_caixa_mensal", List.of(
            of("mes", DateType, "Primeiro dia do mês."),
            of("ano_mes", StringType, "O mês, AAAA-MM."),
            of("moeda", StringType, "Moeda do fluxo: BRL (recebimentos de clientes e tributos) ou a moeda estrangeira dos pagamentos a fornecedores."),
            of("recebimentos_brl", MONEY, "Recebimentos de clientes no mês (data_recebimento), em reais; só na linha BRL."),
            of("pagamentos_fornecedores_brl", MONEY, "Pagamentos a fornecedores no mês (FOB + frete + seguro) convertidos pela taxa do dia do pagamento."),
            of("tributos_brl", MONEY, "Tributos de importação e Siscomex pagos no mês (data do registro da DI); só na linha BRL."),
            of("pagamentos_brl", MONEY, "pagamentos_fornecedores_brl + tributos_brl."),
            of("fluxo_liquido_brl", MONEY, "recebimentos_brl − pagamentos_brl."),
            of("pagamentos_moeda", MONEY, "Pagamentos a fornecedores do mês na própria moeda (zero na linha BRL)."),
            of("taxa_media_mes", RATE, "Taxa de venda média da moeda no mês (1 para BRL)."),
            of("exposicao_cambial_moeda", MONEY, "Compromissos em aberto no fim do mês: valor (FOB + frete + seguro) de pedidos já feitos e ainda não pagos ao fornecedor, na moeda."),
            of("exposicao_cambial_brl", MONEY, "exposicao_cambial_moeda × a última taxa de venda do mês: o risco cambial em reais."),
            of("qtde_pedidos_pagos", LongType, "Pedidos pagos ao fornecedor no mês (na linha BRL: pedidos recebidos de clientes).")),
            List.of());

    public static final TableDefinition FORECAST = new TableDefinition("agregado_previsao_demanda_cambio", List.of(
            of("mes", DateType, "Primeiro dia do mês do pedido."),
            of("ano_mes", StringType, "O mês, AAAA-MM."),
            of("familia", StringType, "Família de produto."),
            of("moeda", StringType, "Moeda de compra."),
            of("qtde_itens", LongType, "Quantidade encomendada no mês (soma das quantidades dos itens); 0 em meses sem pedidos."),
            of("qtde_pedidos", LongType, "Pedidos distintos do mês com itens da família."),
            of("receita_brl", MONEY, "Soma de valor_venda_brl do mês."),
            of("custo_desembarcado_brl", MONEY, "Soma de custo_desembarcado_brl do mês."),
            of("margem_bruta_pct", PERCENT, "(receita − custo) / receita × 100; nula sem receita."),
            of("preco_medio_fob_moeda", UNIT, "Valor FOB / quantidade, na moeda; nulo sem quantidade."),
            of("valor_pedidos_moeda", MONEY, "FOB + frete + seguro dos itens do mês, na moeda: o valor exposto ao câmbio."),
            of("qtde_lag_1", LongType, "qtde_itens do mês anterior (característica defasada); nula no primeiro mês."),
            of("qtde_lag_2", LongType, "qtde_itens de dois meses antes; nula quando não há."),
            of("qtde_lag_3", LongType, "qtde_itens de três meses antes; nula quando não há."),
            of("media_movel_3m", UNIT, "Média de qtde_itens no mês e nos dois anteriores (os disponíveis)."),
            of("taxa_media_mes", RATE, "Taxa de venda média da moeda no mês."),
            of("volatilidade_cambial_mes", VOLATILITY, "Desvio-padrão amostral dos retornos logarítmicos diários da taxa de venda no mês."),
            of("variacao_cambial_mes_pct", PERCENT, "Variação da taxa de venda do primeiro ao último dia útil do mês, em %."),
            of("exposicao_cambial_brl", MONEY, "valor_pedidos_moeda × taxa_media_mes."),
            of("alvo_qtde_proximo_mes", LongType, "Alvo da previsão: qtde_itens do mês seguinte; nulo no último mês.")),
            List.of());

    private ImportauTables() {}

    private static Map<String, Map<String, DataType>> bronze() {
        Map<String, Map<String, DataType>> tables = new LinkedHashMap<>();
        tables.put("clientes", columns("id_cliente", LongType, "tipo_pessoa", StringType, "documento", StringType, "nome", StringType, "email", StringType,
                "telefone", StringType, "cep", StringType, "cidade", StringType, "uf", StringType, "data_cadastro", DateType));
        tables.put("fornecedores", columns("id_fornecedor", LongType, "razao_social", StringType, "pais", StringType, "cidade", StringType,
                "moeda", StringType, "incoterm", StringType, "prazo_producao_dias", IntegerType));
        tables.put("produtos", columns("id_produto", LongType, "descricao", StringType, "ncm", StringType, "familia", StringType, "id_fornecedor", LongType,
                "moeda", StringType, "preco_fob_unitario", UNIT, "aliquota_ii", TAX_RATE, "aliquota_ipi", TAX_RATE,
                "peso_kg", DataTypes.createDecimalType(10, 3), "preco_venda_brl", MONEY));
        tables.put("pedidos", columns("id_pedido", LongType, "id_cliente", LongType, "id_fornecedor", LongType, "data_pedido", DateType, "moeda", StringType,
                "incoterm", StringType, "data_embarque", DateType, "data_chegada", DateType, "data_desembaraco", DateType, "data_entrega", DateType,
                "canal_parametrizacao", StringType, "status_pedido", StringType, "condicao_pagamento_dias", IntegerType, "data_vencimento", DateType,
                "data_recebimento", DateType, "status_recebimento", StringType));
        tables.put("itens_pedido", columns("id_item", LongType, "id_pedido", LongType, "id_produto", LongType, "quantidade", IntegerType,
                "preco_fob_unitario", UNIT, "preco_venda_unitario_brl", MONEY));
        tables.put("cambio", columns("data", DateType, "moeda", StringType, "taxa_compra", RATE, "taxa_venda", RATE));
        tables.put("despesas_importacao", columns("id_despesa", LongType, "id_pedido", LongType, "numero_di", StringType, "data_registro_di", DateType,
                "valor_fob_moeda", MONEY, "frete_moeda", MONEY, "seguro_moeda", MONEY, "taxa_cambio_di", RATE, "valor_aduaneiro_brl", MONEY,
                "ii_brl", MONEY, "ipi_brl", MONEY, "pis_brl", MONEY, "cofins_brl", MONEY, "icms_brl", MONEY, "taxa_siscomex_brl", MONEY,
                "data_pagamento_fornecedor", DateType));
        return java.util.Collections.unmodifiableMap(tables);
    }

    private static Map<String, DataType> columns(Object... namesAndTypes) {
        Map<String, DataType> columns = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            columns.put((String) namesAndTypes[i], (DataType) namesAndTypes[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(columns);
    }

    static List<TableColumn> all(TableDefinition table) {
        List<TableColumn> all = new java.util.ArrayList<>(table.columns());
        all.addAll(table.partitionKeys());
        return all;
    }
}
