package dev.lagoa.jobs.importau;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;

/**
 * A Bronze lakehouse small enough to compute by hand: three clients (one CPF with a wrong check digit), two suppliers
 * (USD, EUR), two products, three orders (the third of a client that does not exist) and eight item rows, five of
 * them defects: item 2 twice, item 4 of a missing product, item 5 of a missing order, item 6 without quantity, item 7
 * of the order whose client is missing. The answers are worked out in {@link ImportauJobsIT}.
 */
public final class ImportauBronze {
    private ImportauBronze() {}

    public static void write(SparkSession spark, Path lakehouse) {
        write(spark, lakehouse, "clientes", """
                (1, 'PF', '52998224725', 'Ana Souza Lima', 'ana.lima@gmail.com', '(11) 98765-4321', '01310-100', 'São Paulo', 'SP', '2023-05-02'),
                (2, 'PJ', '11222333000181', 'Costa Autopeças Ltda', 'contato@costa.com.br', '(21) 3456-7890', '20040-020', 'Rio de Janeiro', 'RJ', '2022-11-10'),
                (3, 'PF', '52998224726', 'João Pereira Dias', 'joao.dias@uol.com.br', '(31) 99876-5432', '30130-010', 'Belo Horizonte', 'MG', '2023-08-15')
                """);
        write(spark, lakehouse, "fornecedores", """
                (10, 'Shenzhen Hengtai Electronics Co., Ltd.', 'CN', 'Shenzhen', 'USD', 'FOB', 30),
                (20, 'Müller Maschinen GmbH', 'DE', 'Stuttgart', 'EUR', 'FOB', 25)
                """);
        write(spark, lakehouse, "produtos", """
                (100, 'Roteador Wi-Fi 6 modelo A100', '85176259', 'Eletrônicos', 10, 'USD', 10.0, 0.16, 0.15, 0.5, 80.0),
                (200, 'Torno CNC de bancada modelo T200', '84581199', 'Máquinas', 20, 'EUR', 1000.0, 0.14, 0.0, 120.0, 9000.0)
                """);
        write(spark, lakehouse, "pedidos", """
                (1, 1, 10, '2024-01-06', 'USD', 'FOB', '2024-01-20', '2024-02-15', '2024-02-17', '2024-02-20', 'VERDE', 'ENTREGUE', 30, '2024-03-21', '2024-03-20', 'PAGO'),
                (2, 2, 20, '2024-01-08', 'EUR', 'FOB', '2024-01-25', '2024-02-15', '2024-02-20', '2024-02-25', 'AMARELO', 'ENTREGUE', 60, '2024-04-25', NULL, 'EM_ATRASO'),
                (3, 99, 10, '2024-02-01', 'USD', 'FOB', '2024-02-10', '2024-03-01', '2024-03-02', '2024-03-05', 'VERDE', 'ENTREGUE', 30, '2024-04-04', NULL, 'A_VENCER')
                """);
        write(spark, lakehouse, "itens_pedido", """
                (1, 1, 100, 10, 10.0, 80.0),
                (2, 1, 100, 30, 10.0, 80.0),
                (2, 1, 100, 30, 10.0, 80.0),
                (3, 2, 200, 2, 1000.0, 9000.0),
                (4, 2, 999, 1, 500.0, 4000.0),
                (5, 777, 100, 5, 10.0, 80.0),
                (6, 2, 200, NULL, 1000.0, 9000.0),
                (7, 3, 100, 1, 10.0, 80.0)
                """);
        write(spark, lakehouse, "cambio", """
                ('2024-01-05', 'USD', 4.999, 5.0), ('2024-01-08', 'USD', 5.099, 5.1), ('2024-02-01', 'USD', 5.199, 5.2), ('2024-02-15', 'USD', 5.199, 5.2),
                ('2024-03-01', 'USD', 5.249, 5.25),
                ('2024-01-05', 'EUR', 5.449, 5.45), ('2024-01-08', 'EUR', 5.499, 5.5), ('2024-02-01', 'EUR', 5.599, 5.6), ('2024-02-15', 'EUR', 5.599, 5.6),
                ('2024-03-01', 'EUR', 5.649, 5.65)
                """);
        write(spark, lakehouse, "despesas_importacao", """
                (1, 1, '24/0000001-1', '2024-02-15', 400.0, 40.0, 2.2, 5.2, 2299.44, 400.0, 300.0, 50.0, 200.0, 500.0, 154.23, '2024-01-25'),
                (2, 2, '24/0000002-2', '2024-02-15', 2500.0, 100.0, 0.0, 5.6, 14560.0, 1000.0, 0.0, 100.0, 400.0, 800.0, 192.79, '2024-02-01'),
                (3, 3, '24/0000003-3', '2024-03-01', 10.0, 1.0, 0.05, 5.25, 58.01, 1.6, 1.74, 0.22, 0.97, 2.5, 154.23, '2024-02-20')
                """);
    }

    /** Writes the rows, cast to the dataset's declared types, as {@code bronze/<folder>/}. */
    static void write(SparkSession spark, Path lakehouse, String folder, String values) {
        Map<String, DataType> schema = ImportauTables.BRONZE.get(folder);
        List<String> names = new ArrayList<>(schema.keySet());
        Dataset<Row> raw = spark.sql("SELECT * FROM VALUES " + values + " AS t(" + String.join(", ", names) + ")");
        List<Column> typed = new ArrayList<>();
        schema.forEach((name, type) -> typed.add(functions.col(name).cast(type).as(name)));
        raw.select(typed.toArray(Column[]::new)).coalesce(1).write().mode("overwrite").parquet(lakehouse.resolve("bronze/" + folder).toString());
    }
}
