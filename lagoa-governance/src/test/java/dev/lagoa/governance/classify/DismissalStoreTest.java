package dev.lagoa.governance.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.ErrorType;
import dev.lagoa.core.LagoaException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DismissalStoreTest {
    private static final Instant NOW = Instant.parse("2026-03-02T13:45:00Z");
    private static final List<String> ORDER_CODES_LIKE_PHONES = List.of("(11) 98765-4321", "(21) 99876-5432", "(31) 3456-7890", "(41) 3333-1234",
            "(85) 99123-4567");

    @TempDir
    Path folder;

    private DismissalStore store() {
        return DismissalStore.open(folder.resolve("governance"), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void aDismissalPersistsAndSticksAcrossReclassification() {
        PiiClassifier classifier = PiiClassifier.create();
        assertThat(classifier.classify("importau.pedidos", "codigo_rastreio", ORDER_CODES_LIKE_PHONES, store()).tags()).containsExactly("PII.PHONE");

        Dismissal dismissal = store().dismiss("importau.pedidos", "codigo_rastreio", PiiTag.PHONE, "carrier codes shaped like phones", "ana.lima");

        assertThat(dismissal).isEqualTo(new Dismissal("importau.pedidos", "codigo_rastreio", PiiTag.PHONE, "carrier codes shaped like phones",
                "ana.lima", NOW));
        DismissalStore reopened = DismissalStore.open(folder.resolve("governance"));
        assertThat(reopened.list()).containsExactly(dismissal);
        ColumnClassification again = classifier.classify("importau.pedidos", "codigo_rastreio", ORDER_CODES_LIKE_PHONES, reopened);
        assertThat(again.isPii()).isFalse();
        assertThat(again.dismissed()).extracting(DismissedClassification::dismissal).containsExactly(dismissal);
        // another column of the same dataset, and the same column of another dataset, are still classified
        assertThat(classifier.classify("importau.pedidos", "telefone", ORDER_CODES_LIKE_PHONES, reopened).tags()).containsExactly("PII.PHONE");
        assertThat(classifier.classify("importau.clientes", "codigo_rastreio", ORDER_CODES_LIKE_PHONES, reopened).tags()).containsExactly("PII.PHONE");
    }

    @Test
    void keepsAReadableJsonFile() throws IOException {
        store().dismiss("importau.pedidos", "codigo_rastreio", PiiTag.PHONE, "carrier codes", "ana.lima");

        assertThat(store().file()).isEqualTo(folder.resolve("governance").resolve("pii-dismissals.json"));
        assertThat(Files.readString(store().file())).isEqualToIgnoringWhitespace("""
                {"version": 1, "dismissals": [{"dataset": "importau.pedidos", "column": "codigo_rastreio", "tag": "PII.PHONE",
                 "reason": "carrier codes", "who": "ana.lima", "dismissedAt": "2026-03-02T13:45:00Z"}]}""");
    }

    @Test
    void dismissingAgainReplacesTheReasonAndNamesCompareWithoutCase() {
        store().dismiss("importau.pedidos", "codigo_rastreio", PiiTag.PHONE, "first reason", "ana.lima");
        store().dismiss("IMPORTAU.PEDIDOS", "CODIGO_RASTREIO", PiiTag.PHONE, "second reason", "bruno.costa");
        store().dismiss("importau.pedidos", "codigo_rastreio", PiiTag.CPF, "not a CPF", "ana.lima");

        assertThat(store().list()).extracting(Dismissal::tag, Dismissal::reason, Dismissal::who).containsExactly(
                org.assertj.core.groups.Tuple.tuple(PiiTag.CPF, "not a CPF", "ana.lima"),
                org.assertj.core.groups.Tuple.tuple(PiiTag.PHONE, "second reason", "bruno.costa"));
        assertThat(store().find("Importau.Pedidos", "Codigo_Rastreio", PiiTag.PHONE)).map(Dismissal::reason).contains("second reason");
    }

    @Test
    void listsByDatasetAndColumnAndRemoves() {
        store().dismiss("importau.pedidos", "codigo_rastreio", PiiTag.PHONE, "carrier codes", "ana.lima");
        store().dismiss("importau.pedidos", "observacao", PiiTag.EMAIL, "free text", "ana.lima");
        store().dismiss("importau.clientes", "contato", PiiTag.PHONE, "switchboard numbers", "ana.lima");

        assertThat(store().list()).extracting(Dismissal::dataset, Dismissal::column).containsExactly(
                org.assertj.core.groups.Tuple.tuple("importau.clientes", "contato"),
                org.assertj.core.groups.Tuple.tuple("importau.pedidos", "codigo_rastreio"),
                org.assertj.core.groups.Tuple.tuple("importau.pedidos", "observacao"));
        assertThat(store().list("importau.pedidos")).hasSize(2);
        assertThat(store().list("importau.pedidos", "observacao")).extracting(Dismissal::tag).containsExactly(PiiTag.EMAIL);
        assertThat(store().find("importau.pedidos", "observacao", PiiTag.PHONE)).isEmpty();

        assertThat(store().remove("importau.pedidos", "observacao", PiiTag.EMAIL)).isTrue();
        assertThat(store().remove("importau.pedidos", "observacao", PiiTag.EMAIL)).isFalse();
        assertThat(store().list()).hasSize(2);
    }

    @Test
    void anEmptyStoreHasNoFileAndNoDismissals() {
        assertThat(store().list()).isEmpty();
        assertThat(store().remove("importau.pedidos", "observacao", PiiTag.EMAIL)).isFalse();
        assertThat(folder.resolve("governance")).doesNotExist();
    }

    @Test
    void rejectsBlankLongAndMultiLineText() {
        assertThatThrownBy(() -> store().dismiss("importau.pedidos", "observacao", PiiTag.EMAIL, "  ", "ana.lima"))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorType()).isEqualTo(ErrorType.USER))
                .hasMessage("Invalid dismissal reason: it is blank");
        assertThatThrownBy(() -> store().dismiss("importau.pedidos", "observacao", PiiTag.EMAIL, "free text", ""))
                .hasMessage("Invalid name of who dismisses: it is blank");
        assertThatThrownBy(() -> store().dismiss("importau.pedidos", "observacao", PiiTag.EMAIL, "line one\nline two", "ana.lima"))
                .hasMessage("Invalid dismissal reason: it holds a line break or another control character");
        assertThatThrownBy(() -> store().dismiss("x".repeat(256), "observacao", PiiTag.EMAIL, "free text", "ana.lima"))
                .hasMessage("Invalid dataset name: 256 characters, at most 255");
        assertThat(store().list()).isEmpty();
    }

    @Test
    void aDamagedFileIsReportedWithItsPath() throws IOException {
        Files.createDirectories(folder.resolve("governance"));
        Files.writeString(store().file(), "{\"dismissals\": [{\"dataset\": \"importau.pedidos\"}]}", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> store().list())
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.METADATA_STORE_ERROR))
                .hasMessage("Cannot read the PII dismissals %s: a dismissal has no text field \"column\"".formatted(store().file()));

        Files.writeString(store().file(), "[1, 2", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> store().dismiss("importau.pedidos", "observacao", PiiTag.EMAIL, "free text", "ana.lima"))
                .isInstanceOf(LagoaException.class)
                .hasMessageStartingWith("Cannot read the PII dismissals " + store().file() + ": ");
    }

    @Test
    void concurrentDismissalsAreAllKept() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            List<Future<Dismissal>> futures = new ArrayList<>();
            for (int column = 0; column < 16; column++) {
                String name = "coluna_" + column;
                futures.add(executor.submit(() -> store().dismiss("importau.pedidos", name, PiiTag.PHONE, "not phones", "ana.lima")));
            }
            for (Future<Dismissal> future : futures) {
                future.get();
            }
        } finally {
            executor.shutdownNow();
        }
        assertThat(store().list()).hasSize(16);
    }
}
