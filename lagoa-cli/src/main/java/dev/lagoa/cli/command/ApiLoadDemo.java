package dev.lagoa.cli.command;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lagoa.apiload.ApiLoader;
import dev.lagoa.apiload.EndpointDefinition;
import dev.lagoa.apiload.LoadResult;
import dev.lagoa.apiload.Rename;
import dev.lagoa.apiload.WriteDisposition;
import dev.lagoa.apiload.postgres.Database;
import dev.lagoa.apiload.schema.Column;
import dev.lagoa.apiload.schema.SchemaChange;
import dev.lagoa.apiload.schema.TableSchema;
import dev.lagoa.cli.ApiLoadWiring;
import dev.lagoa.cli.LakeLocations;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.apiload.ApiLoadConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The apiload part of {@code lagoa demo}: a customers API, served on 127.0.0.1, whose answers drift day after day (a
 * field added, one renamed, one retyped from number to text, a nested object grown, records that are not records, a
 * truncated body), loaded into the embedded PostgreSQL. Shows the table evolving, the detected rename, the rejects
 * kept in the lake and the metrics. The demo's tables live in their own schema, dropped at the start of each demo.
 */
final class ApiLoadDemo {
    static final String SCHEMA = "apiload_demo";
    static final String ENDPOINT = "clientes";

    /** The API's answer on each day. */
    private static final List<String> DAYS = List.of(
            """
            {"data": [
              {"id": 1, "nome": "Ana Souza", "idade": 31, "endereco": {"cidade": "Recife", "uf": "PE"}},
              {"id": 2, "nome": "Bruno Lima", "idade": 45, "endereco": {"cidade": "Curitiba", "uf": "PR"}},
              {"id": 3, "nome": "Carla Dias", "idade": 28, "endereco": {"cidade": "Belém", "uf": "PA"}}]}
            """,
            """
            {"data": [
              {"id": 3, "nome": "Carla Dias", "idade": 28, "endereco": {"cidade": "Belém", "uf": "PA"}, "email": "carla@example.com.br"},
              {"id": 4, "nome": "Davi Rocha", "idade": 52, "endereco": {"cidade": "Natal", "uf": "RN"}, "email": "davi@example.com.br"}]}
            """,
            """
            {"data": [
              {"id": 1, "nome_completo": "Ana Souza", "idade": 32, "endereco": {"cidade": "Recife", "uf": "PE"}},
              {"id": 2, "nome_completo": "Bruno Lima", "idade": 45, "endereco": {"cidade": "Curitiba", "uf": "PR"}},
              {"id": 3, "nome_completo": "Carla Dias", "idade": 28, "endereco": {"cidade": "Belém", "uf": "PA"}, "email": "carla@example.com.br"},
              {"id": 5, "nome_completo": "Elisa Prado", "idade": 39, "endereco": {"cidade": "Goiânia", "uf": "GO"}}]}
            """,
            """
            {"data": [
              {"id": 4, "nome_completo": "Davi Rocha", "idade": "52 anos", "email": "davi@example.com.br", "endereco": {"cidade": "Natal", "uf": "RN", "cep": "59000-000",
               "geo": {"lat": -5.79, "lon": -35.21}}},
              {"id": 6, "nome_completo": "Fábio Nunes", "idade": 27, "endereco": {"cidade": "Manaus", "uf": "AM", "cep": "69000-000",
               "geo": {"lat": -3.12, "lon": -60.02}}},
              "cliente 7: Gabi Luz, 33",
              {"nome_completo": "sem id", "idade": 40}]}
            """,
            """
            {"data": [{"id": 8, "nome_completo": "Hugo Reis", "ida""");

    private static final List<String> WHAT_CHANGED = List.of(
            "the first answer: three customers, an address object",
            "a field added (email)",
            "nome renamed to nome_completo",
            "idade retyped from number to text, the address grown (cep, geo), a record that is a string, a record without id",
            "a truncated body");

    private ApiLoadDemo() {}

    static void run(ApiLoadWiring apiLoad, LakeLocations locations, PrintWriter out) {
        out.printf("%n6. apiload — a customers API whose answers drift day after day, loaded into the embedded PostgreSQL%n");
        out.flush();
        Database database = new Database(apiLoad.postgres());
        resetSchema(database);
        ApiLoader loader = apiLoad.apiLoader(apiLoad.config().withSchema(SCHEMA), database);
        try (DriftingApi api = DriftingApi.start()) {
            EndpointDefinition endpoint = EndpointDefinition.of(ENDPOINT, api.uri().toString(), WriteDisposition.MERGE, List.of("id"))
                    .withRecordsPath("/data").withRenames(Map.of(), true);
            out.printf("   %s (merge on id, contract evolve, renames applied when confident), served on %s%n", ENDPOINT, api.uri());
            for (int day = 0; day < DAYS.size(); day++) {
                api.day.set(day);
                LoadResult result = loader.run(endpoint, apiLoad.source(Map.of()));
                out.printf("%n   day %d — %s%n", day + 1, WHAT_CHANGED.get(day));
                report(locations, out, result);
                if (day < 4) {
                    out.printf("     table: %s%n", layout(loader.tables(ENDPOINT).get(ENDPOINT)));
                }
                out.flush();
            }
        }
        out.printf("%n   The table now (select id, nome, idade, email, endereco__cep, endereco__geo__lat from %s.%s):%n", SCHEMA, ENDPOINT);
        rows(database, out, "SELECT id, nome, idade, email, endereco__cep, endereco__geo__lat FROM " + SCHEMA + "." + ENDPOINT + " ORDER BY id");
        out.printf("%n   Metrics (as lagoa serve's Prometheus endpoint shows them):%n");
        apiLoad.meterRegistry().scrape().lines()
                .filter(line -> line.startsWith("lagoa_apiload_") && line.contains("endpoint=\"" + ENDPOINT + "\"") && !line.contains("_max{"))
                .forEach(line -> out.printf("     %s%n", line));
        out.printf("%n   History: lagoa -c apiload.schema=%s apiload runs %s · lagoa -c apiload.schema=%s apiload schema %s · lagoa pg url%n",
                SCHEMA, ENDPOINT, SCHEMA, ENDPOINT);
        out.flush();
    }

    private static void report(LakeLocations locations, PrintWriter out, LoadResult result) {
        out.printf("     load %s %s: %d read, %d loaded, %d rejected%s, %.0f records/s, seconds %s%n", result.loadId(), result.status(), result.rowsRead(),
                result.rowsLoaded(), result.rowsRejected(), result.pagesRejected() == 0 ? "" : " (+%d of %d page%s rejected)".formatted(
                        result.pagesRejected(), result.pages(), result.pages() == 1 ? "" : "s"), result.rowsPerSecond(), result.phaseSeconds());
        for (SchemaChange change : result.schemaChanges()) {
            out.printf("     %-18s %s%n", change.kind(), change.ddl().isEmpty() ? change.detail() : change.ddl());
        }
        for (Rename rename : result.renames()) {
            out.printf("     rename detected: %s → %s (%s), %s%n", rename.fromField(), rename.toField(), rename.evidence(), rename.outcome());
        }
        for (String file : result.rejectFiles()) {
            out.printf("     rejects in the lake: %s%n", file);
            locations.readText(file).orElse("").lines().map(ApiLoadDemo::reject).forEach(line -> out.printf("       %s%n", line));
        }
    }

    /** A line of a rejects file, for people: the reason, the detail and the raw value. */
    private static String reject(String line) {
        try {
            com.fasterxml.jackson.databind.JsonNode reject = Json.MAPPER.readTree(line);
            String raw = reject.path("raw_value").toString();
            return "%s: %s — raw %s".formatted(reject.path("reason").asText(), reject.path("detail").asText(),
                    raw.length() > 70 ? raw.substring(0, 70) + "…" : raw);
        } catch (IOException e) {
            return line;
        }
    }

    private static String layout(TableSchema table) {
        return table.name() + "(" + table.columns().stream().filter(column -> !column.name().startsWith("_lagoa_"))
                .map(column -> column.name() + " " + column.type().sql()).collect(Collectors.joining(", ")) + ")";
    }

    private static void resetSchema(Database database) {
        try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            connection.commit();
        } catch (SQLException e) {
            throw Database.error("Cannot reset the demo's schema " + SCHEMA, e);
        }
    }

    private static void rows(Database database, PrintWriter out, String sql) {
        try (Connection connection = database.open(); Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rows.getMetaData();
            java.util.List<dev.lagoa.core.query.QueryResult.Column> columns = new java.util.ArrayList<>();
            for (int column = 1; column <= meta.getColumnCount(); column++) {
                columns.add(new dev.lagoa.core.query.QueryResult.Column(meta.getColumnLabel(column), meta.getColumnTypeName(column)));
            }
            java.util.List<java.util.List<Object>> values = new java.util.ArrayList<>();
            while (rows.next()) {
                java.util.List<Object> row = new java.util.ArrayList<>();
                for (int column = 1; column <= meta.getColumnCount(); column++) {
                    row.add(rows.getString(column));
                }
                values.add(row);
            }
            connection.commit();
            java.io.StringWriter table = new java.io.StringWriter();
            SqlCommand.printTable(new dev.lagoa.core.query.QueryResult(columns, values, false), new PrintWriter(table));
            table.toString().lines().forEach(line -> out.printf("     %s%n", line));
        } catch (SQLException e) {
            throw Database.error("Cannot read the demo's table", e);
        }
    }

    /** The customers API: answers the current day's body to every request. */
    private static final class DriftingApi implements AutoCloseable {
        private final HttpServer server;
        private final AtomicInteger day = new AtomicInteger();

        private DriftingApi(HttpServer server) {
            this.server = server;
        }

        static DriftingApi start() {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                DriftingApi api = new DriftingApi(server);
                server.createContext("/api/clientes", api::answer);
                server.start();
                return api;
            } catch (IOException e) {
                throw new LagoaException(ErrorCode.SERVICE_START_FAILED, "Cannot start the demo's customers API on 127.0.0.1: " + e.getMessage(), e);
            }
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/clientes");
        }

        private void answer(HttpExchange exchange) throws IOException {
            try (exchange) {
                byte[] body = DAYS.get(day.get()).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream response = exchange.getResponseBody()) {
                    response.write(body);
                }
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
