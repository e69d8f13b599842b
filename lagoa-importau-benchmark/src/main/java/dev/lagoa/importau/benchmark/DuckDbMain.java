package dev.lagoa.importau.benchmark;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The reference: DuckDB running SQL equivalent to the Silver correlator and the Gold cash flow and forecast on the same
 * Bronze Parquet ({@code <lakehouse> silver|gold}), writing Parquet under {@code <lakehouse>/duckdb/}. The CPF/CNPJ
 * check (a Java function in the Spark job) is left out.
 */
public final class DuckDbMain {
    private DuckDbMain() {}

    public static void main(String[] args) throws Exception {
        Path lakehouse = Path.of(args[0]);
        String out = java.nio.file.Files.createDirectories(lakehouse.resolve("duckdb")).toString();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = connection.createStatement()) {
            sql.execute("SET threads = 2");
            if (args[1].equals("silver")) {
                for (String folder : new String[] {"clientes", "fornecedores", "produtos", "pedidos", "itens_pedido", "cambio", "despesas_importacao"}) {
                    sql.execute("CREATE VIEW b_%s AS SELECT * FROM read_parquet('%s/bronze/%s/*.parquet')".formatted(folder, lakehouse, folder));
                }
                sql.execute("""
                        CREATE TABLE calendario_cambio AS
                        SELECT moeda, CAST(unnest(generate_series(data, coalesce(proxima - 1, data), INTERVAL 1 DAY)) AS DATE) AS dia, taxa_venda
                        FROM (SELECT moeda, data, taxa_venda, lead(data) OVER (PARTITION BY moeda ORDER BY data) AS proxima FROM b_cambio)""");
                sql.execute("""
                        CREATE TABLE correlacionado AS
                        WITH itens AS (
                          SELECT *, row_number() OVER (PARTITION BY id_item ORDER BY id_pedido, id_produto, quantidade, preco_fob_unitario) AS copia
                          FROM b_itens_pedido)
                        SELECT i.id_item, i.id_pedido AS item_pedido, i.id_produto AS item_produto, i.quantidade, i.preco_fob_unitario,
                               i.preco_venda_unitario_brl, p.id_pedido, p.id_cliente, p.id_fornecedor, p.data_pedido, p.moeda, p.data_chegada,
                               p.data_desembaraco, p.data_entrega, p.data_recebimento, c.uf, f.razao_social, pr.familia, pr.ncm,
                               d.data_registro_di, d.valor_fob_moeda AS fob_di, d.frete_moeda AS frete_di, d.seguro_moeda AS seguro_di, d.taxa_cambio_di,
                               d.ii_brl + d.ipi_brl + d.pis_brl + d.cofins_brl + d.icms_brl + d.taxa_siscomex_brl AS tributos_di, d.data_pagamento_fornecedor,
                               tp.taxa_venda AS taxa_cambio_pedido, tg.taxa_venda AS taxa_cambio_pagamento,
                               CASE WHEN i.copia > 1 THEN 'ITEM_DUPLICADO' WHEN p.id_pedido IS NULL THEN 'PEDIDO_INEXISTENTE'
                                    WHEN i.quantidade IS NULL THEN 'QUANTIDADE_NULA' WHEN pr.id_produto IS NULL THEN 'PRODUTO_INEXISTENTE'
                                    WHEN c.id_cliente IS NULL THEN 'CLIENTE_INEXISTENTE' WHEN f.id_fornecedor IS NULL THEN 'FORNECEDOR_INEXISTENTE'
                                    WHEN d.id_despesa IS NULL THEN 'SEM_DESPESA_IMPORTACAO'
                                    WHEN tp.taxa_venda IS NULL OR tg.taxa_venda IS NULL THEN 'SEM_CAMBIO' END AS motivo
                        FROM itens i
                        LEFT JOIN b_pedidos p ON i.id_pedido = p.id_pedido
                        LEFT JOIN b_clientes c ON p.id_cliente = c.id_cliente
                        LEFT JOIN b_fornecedores f ON p.id_fornecedor = f.id_fornecedor
                        LEFT JOIN b_produtos pr ON i.id_produto = pr.id_produto
                        LEFT JOIN b_despesas_importacao d ON i.id_pedido = d.id_pedido
                        LEFT JOIN calendario_cambio tp ON tp.moeda = p.moeda AND tp.dia = p.data_pedido
                        LEFT JOIN calendario_cambio tg ON tg.moeda = p.moeda AND tg.dia = d.data_pagamento_fornecedor""");
                sql.execute("""
                        COPY (
                          SELECT *, CAST((valor_fob_moeda + frete_moeda + seguro_moeda) * taxa_cambio_di + tributos_brl AS DECIMAL(18,2)) AS custo_desembarcado_brl,
                                 CAST((valor_fob_moeda + frete_moeda + seguro_moeda) * taxa_cambio_pagamento AS DECIMAL(18,2)) AS pagamento_fornecedor_brl,
                                 date_diff('day', data_pedido, data_entrega) AS prazo_entrega_dias, strftime(data_pedido, '%%Y-%%m') AS ano_mes
                          FROM (SELECT *, CAST(quantidade * preco_fob_unitario AS DECIMAL(18,4)) AS valor_fob_moeda,
                                       CAST(frete_di * quantidade * preco_fob_unitario / fob_di AS DECIMAL(18,4)) AS frete_moeda,
                                       CAST(seguro_di * quantidade * preco_fob_unitario / fob_di AS DECIMAL(18,4)) AS seguro_moeda,
                                       CAST(tributos_di * quantidade * preco_fob_unitario / fob_di AS DECIMAL(18,2)) AS tributos_brl,
                                       CAST(quantidade * preco_venda_unitario_brl AS DECIMAL(18,2)) AS valor_venda_brl
                                FROM correlacionado WHERE motivo IS NULL))
                        TO '%s/fato' (FORMAT PARQUET, PARTITION_BY (ano_mes), OVERWRITE_OR_IGNORE)""".formatted(out));
                sql.execute("COPY (SELECT * FROM correlacionado WHERE motivo IS NOT NULL) TO '%s/rejeitos' (FORMAT PARQUET, PARTITION_BY (motivo), "
                        .formatted(out) + "OVERWRITE_OR_IGNORE)");
                try (ResultSet rows = sql.executeQuery("SELECT count(*) FILTER (WHERE motivo IS NULL), count(*) FILTER (WHERE motivo IS NOT NULL) FROM correlacionado")) {
                    rows.next();
                    System.out.println("FACT " + rows.getLong(1) + " REJECTS " + rows.getLong(2));
                }
            } else {
                sql.execute("CREATE VIEW fato AS SELECT * FROM read_parquet('%s/fato/*/*.parquet', hive_partitioning = true)".formatted(out));
                sql.execute("CREATE VIEW cambio AS SELECT * FROM read_parquet('%s/bronze/cambio/*.parquet')".formatted(lakehouse));
                sql.execute("""
                        COPY (
                          WITH fluxos AS (
                            SELECT date_trunc('month', data_recebimento) AS mes, 'BRL' AS moeda, valor_venda_brl AS rec, 0 AS forn, 0 AS trib FROM fato
                              WHERE data_recebimento IS NOT NULL
                            UNION ALL SELECT date_trunc('month', data_pagamento_fornecedor), moeda, 0, pagamento_fornecedor_brl, 0 FROM fato
                            UNION ALL SELECT date_trunc('month', data_registro_di), 'BRL', 0, 0, tributos_brl FROM fato),
                          pedidos AS (
                            SELECT id_pedido, moeda, min(data_pedido) AS data_pedido, min(data_pagamento_fornecedor) AS pago,
                                   sum(valor_fob_moeda + frete_moeda + seguro_moeda) AS valor FROM fato GROUP BY id_pedido, moeda),
                          meses AS (SELECT CAST(unnest(generate_series(min(mes), max(mes), INTERVAL 1 MONTH)) AS DATE) AS mes FROM fluxos),
                          grade AS (SELECT mes, moeda FROM meses CROSS JOIN (SELECT DISTINCT moeda FROM fato UNION SELECT 'BRL')),
                          exposicao AS (SELECT g.mes, g.moeda, sum(p.valor) AS valor FROM grade g JOIN pedidos p
                                        ON p.moeda = g.moeda AND p.data_pedido <= last_day(g.mes) AND p.pago > last_day(g.mes) GROUP BY 1, 2),
                          taxas AS (SELECT date_trunc('month', data) AS mes, moeda, avg(taxa_venda) AS media, max_by(taxa_venda, data) AS ultima
                                    FROM cambio GROUP BY 1, 2),
                          soma AS (SELECT mes, moeda, sum(rec) AS rec, sum(forn) AS forn, sum(trib) AS trib FROM fluxos GROUP BY 1, 2)
                          SELECT g.mes, g.moeda, coalesce(s.rec, 0) AS recebimentos_brl, coalesce(s.forn, 0) + coalesce(s.trib, 0) AS pagamentos_brl,
                                 coalesce(s.rec, 0) - coalesce(s.forn, 0) - coalesce(s.trib, 0) AS fluxo_liquido_brl, t.media AS taxa_media_mes,
                                 coalesce(e.valor, 0) * coalesce(t.ultima, 1) AS exposicao_cambial_brl
                          FROM grade g LEFT JOIN soma s USING (mes, moeda) LEFT JOIN taxas t USING (mes, moeda) LEFT JOIN exposicao e USING (mes, moeda))
                        TO '%s/agregado_fluxo_de_caixa_mensal.parquet' (FORMAT PARQUET)""".formatted(out));
                sql.execute("""
                        COPY (
                          WITH mensal AS (SELECT date_trunc('month', data_pedido) AS mes, familia, moeda, sum(quantidade) AS qtde,
                                                 sum(valor_venda_brl) AS receita FROM fato GROUP BY 1, 2, 3),
                          grade AS (SELECT m.mes, s.familia, s.moeda FROM
                                      (SELECT CAST(unnest(generate_series(min(mes), max(mes), INTERVAL 1 MONTH)) AS DATE) AS mes FROM mensal) m
                                      CROSS JOIN (SELECT DISTINCT familia, moeda FROM mensal) s),
                          retornos AS (SELECT data, moeda, taxa_venda, ln(taxa_venda / lag(taxa_venda) OVER (PARTITION BY moeda ORDER BY data)) AS r FROM cambio),
                          cm AS (SELECT date_trunc('month', data) AS mes, moeda, avg(taxa_venda) AS media, stddev_samp(r) AS vol FROM retornos GROUP BY 1, 2),
                          base AS (SELECT g.mes, g.familia, g.moeda, coalesce(m.qtde, 0) AS qtde, coalesce(m.receita, 0) AS receita, c.media, c.vol
                                   FROM grade g LEFT JOIN mensal m USING (mes, familia, moeda) LEFT JOIN cm c USING (mes, moeda))
                          SELECT *, lag(qtde, 1) OVER w AS qtde_lag_1, lag(qtde, 2) OVER w AS qtde_lag_2, lag(qtde, 3) OVER w AS qtde_lag_3,
                                 avg(qtde) OVER (PARTITION BY familia, moeda ORDER BY mes ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS media_movel_3m,
                                 lead(qtde, 1) OVER w AS alvo_qtde_proximo_mes
                          FROM base WINDOW w AS (PARTITION BY familia, moeda ORDER BY mes))
                        TO '%s/agregado_previsao_demanda_cambio.parquet' (FORMAT PARQUET)""".formatted(out));
                System.out.println("GOLD done");
            }
        }
    }
}
