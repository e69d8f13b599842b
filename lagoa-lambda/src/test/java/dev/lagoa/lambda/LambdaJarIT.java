package dev.lagoa.lambda;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lagoa.contracts.FunctionHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The Lambda package as the build left it ({@code target/lagoa-lambda-<version>.jar}): every handler the pipelines
 * name loads from the jar alone, nothing of the control plane's services is inside, it stays far below Lambda's
 * 250 MB, and a handler run from it (in a JVM whose classpath is the jar) starts a Glue run through the AWS SDK.
 */
class LambdaJarIT {
    /**
     * Measured at 20.8 MiB (55.3 MiB unzipped; Lambda allows 250 MB unzipped): room to grow, and still a failure when a
     * whole dependency tree slips in (DuckDB alone is larger than the margin).
     */
    private static final long SIZE_LIMIT = 30L * 1024 * 1024;
    private static final List<String> FORBIDDEN = List.of("org/apache/spark/", "org/apache/kafka/", "org/duckdb/", "io/zonky/",
            "org/elasticmq/", "org/postgresql/", "org/sqlite/", "scala/", "io/netty/");

    private final Path jar = Path.of(System.getProperty("lagoa.lambda.jar"));

    @Test
    void everyHandlerLoadsFromTheJarAlone() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> requestHandler = Class.forName("com.amazonaws.services.lambda.runtime.RequestHandler", false, loader);
            assertThat(requestHandler.getClassLoader()).isSameAs(loader);
            for (FunctionHandler function : FunctionHandler.values()) {
                Class<?> handler = Class.forName(function.handlerClass(), true, loader);
                assertThat(handler.getClassLoader()).as(function.name()).isSameAs(loader);
                assertThat(requestHandler.isAssignableFrom(handler)).as(function + " is a RequestHandler").isTrue();
                assertThat(handler.getConstructor()).as(function + " has the no-arg constructor Lambda calls").isNotNull();
            }
        }
    }

    @Test
    void holdsNothingOfTheControlPlanesServices() throws IOException {
        List<String> found = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Collections.list(file.entries()).forEach(entry -> FORBIDDEN.stream()
                    .filter(prefix -> entry.getName().startsWith(prefix))
                    .forEach(prefix -> found.add(entry.getName())));
        }
        assertThat(found).isEmpty();
    }

    @Test
    void staysFarBelowLambdasLimit() throws IOException {
        assertThat(Files.size(jar)).isLessThan(SIZE_LIMIT);
    }

    /**
     * Every handler is created as Lambda creates it (no-arg constructor, configuration from the environment), and the
     * IBOV trigger handles a landed object: it asks a Glue stub for the job's runs and starts one, with the object as
     * {@code --source}. A class missing from the jar would end the child JVM with a NoClassDefFoundError instead.
     */
    @Test
    void aHandlerRunFromTheJarStartsAGlueRun() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        HttpServer glue = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        glue.createContext("/", exchange -> answerAsGlue(exchange, requests));
        glue.start();
        try {
            Path testClasses = Path.of(HandlerInvoker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", jar + java.io.File.pathSeparator + testClasses, HandlerInvoker.class.getName(),
                    FunctionHandler.IBOV_REFINE_TRIGGER.name(), "lagoa-b3", "raw/2022-12-08/dados_originais.parquet")
                    .redirectErrorStream(true);
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("LAGOA_"));
            environment.put("LAGOA_AWS_REGION", "sa-east-1");
            environment.put("LAGOA_AWS_ENDPOINT_OVERRIDE", "http://127.0.0.1:" + glue.getAddress().getPort());
            environment.put("LAGOA_AWS_ACCESS_KEY_ID", "AKIAEXAMPLE");
            environment.put("LAGOA_AWS_SECRET_ACCESS_KEY", "example-secret");
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), UTF_8);
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("answer: started lagoa-ibov-refine run jr_0a1b2c3d for s3://lagoa-b3/raw/2022-12-08/dados_originais.parquet");
            assertThat(requests).anyMatch(request -> request.startsWith("AWSGlue.GetJobRuns "));
            assertThat(requests).anyMatch(request -> request.startsWith("AWSGlue.StartJobRun ")
                    && request.contains("\"--source\":\"s3://lagoa-b3/raw/2022-12-08/dados_originais.parquet\""));
        } finally {
            glue.stop(0);
        }
    }

    /** The three Glue operations the trigger calls, answered as Glue's JSON protocol does. */
    private static void answerAsGlue(HttpExchange exchange, List<String> requests) throws IOException {
        String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
        requests.add(target + " " + body);
        String answer = switch (target) {
            case "AWSGlue.GetJobRuns" -> "{\"JobRuns\":[]}";
            case "AWSGlue.StartJobRun" -> "{\"JobRunId\":\"jr_0a1b2c3d\"}";
            case "AWSGlue.GetJobRun" -> "{\"JobRun\":{\"Id\":\"jr_0a1b2c3d\",\"JobName\":\"lagoa-ibov-refine\",\"Attempt\":0,"
                    + "\"JobRunState\":\"RUNNING\",\"StartedOn\":1670533200.0,\"Arguments\":{}}}";
            default -> null;
        };
        byte[] bytes = (answer == null ? "{\"__type\":\"InvalidInputException\",\"Message\":\"unexpected " + target + "\"}" : answer).getBytes(UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(answer == null ? 400 : 200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
