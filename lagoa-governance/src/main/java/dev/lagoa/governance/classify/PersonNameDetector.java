package dev.lagoa.governance.classify;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Person names, conservatively: 2 to 5 capitalised words ({@code Maria Souza}, or all in capitals, {@code MARIA
 * SOUZA}), joined by single spaces, with the particles {@code da de do das dos e} between them; the first word a common
 * Brazilian first name (the bundled list {@code first-names.txt}) or the last a common surname ({@code surnames.txt},
 * for the many first names no list holds: {@code Weslley Santos}); and no word that marks a company or a place
 * ({@code Ltda}, {@code Comércio}, {@code Rua}). A column of company names or cities stays below the threshold even
 * when some are named after people.
 */
final class PersonNameDetector implements Detector {
    static final String FIRST_NAMES_RESOURCE = "first-names.txt";
    static final String SURNAMES_RESOURCE = "surnames.txt";

    private static final Pattern TITLE_WORD = Pattern.compile("(?:\\p{Lu}')?\\p{Lu}\\p{Ll}+(?:-\\p{Lu}\\p{Ll}+)?");
    private static final Pattern UPPER_WORD = Pattern.compile("(?:\\p{Lu}')?\\p{Lu}{2,}(?:-\\p{Lu}{2,})?");
    private static final Set<String> PARTICLES = Set.of("da", "de", "do", "das", "dos", "e");
    private static final Set<String> NOT_A_PERSON = Set.of(
            // companies
            "ltda", "sa", "me", "epp", "eireli", "cia", "companhia", "comercio", "comercial", "industria", "industrias", "industrial",
            "servicos", "distribuidora", "distribuicao", "transportes", "transportadora", "importacao", "exportacao", "importadora",
            "exportadora", "grupo", "holding", "participacoes", "tecnologia", "engenharia", "construtora", "construcoes",
            "empreendimentos", "logistica", "farmacia", "drogaria", "supermercado", "supermercados", "mercado", "restaurante",
            "padaria", "loja", "lojas", "magazine", "banco", "associacao", "instituto", "fundacao", "escola", "colegio",
            "universidade", "hospital", "clinica", "laboratorio", "consultoria", "advogados", "advocacia", "contabilidade",
            "auto", "pecas", "materiais", "alimentos", "bebidas", "confeccoes", "moveis", "eletro", "eletronicos", "informatica",
            "sistemas", "solucoes", "agropecuaria", "agricola", "mineracao", "energia", "seguros", "seguradora", "editora", "hotel",
            "pousada", "imobiliaria", "cooperativa", "sindicato", "igreja", "prefeitura", "secretaria", "ministerio", "tribunal",
            "filial", "matriz", "brasil", "brasileira", "nacional", "internacional", "atacado", "varejo", "atacadista", "modas",
            "presentes", "calcados", "veiculos", "motos", "tintas", "embalagens", "plasticos", "metalurgica", "quimica", "textil",
            // places
            "rua", "avenida", "alameda", "travessa", "praca", "rodovia", "estrada", "jardim", "parque", "bairro", "cidade",
            "municipio", "condominio", "edificio", "residencial", "estado", "distrito");
    private static final List<List<String>> NAME_SIGNALS = ColumnNames.phrases(
            "nome", "name", "titular", "pessoa", "cliente", "responsavel", "contato", "vendedor", "funcionario", "paciente",
            "aluno", "motorista", "comprador", "destinatario", "remetente", "full name", "nome completo");

    private final Set<String> firstNames;
    private final Set<String> surnames;

    PersonNameDetector(Set<String> firstNames, Set<String> surnames) {
        this.firstNames = Set.copyOf(requireNonNull(firstNames, "firstNames is null"));
        this.surnames = Set.copyOf(requireNonNull(surnames, "surnames is null"));
    }

    /** The detector with the bundled lists of first names and surnames. */
    static PersonNameDetector withBundledNames() {
        return new PersonNameDetector(loadNames(FIRST_NAMES_RESOURCE), loadNames(SURNAMES_RESOURCE));
    }

    @Override
    public PiiTag tag() {
        return PiiTag.PERSON_NAME;
    }

    @Override
    public String rule() {
        return "person-name";
    }

    @Override
    public String description() {
        return "person name: 2 to 5 capitalised words (or all capitals) with da/de/do/das/dos/e between them, the first a common "
                + "Brazilian first name (" + firstNames.size() + " bundled) or the last a common surname (" + surnames.size()
                + " bundled), no word of a company or a place";
    }

    @Override
    public List<List<String>> nameSignals() {
        return NAME_SIGNALS;
    }

    @Override
    public boolean matches(String value, boolean nameSignal) {
        if (value.length() > 80) {
            return false;
        }
        String[] tokens = value.split(" ", -1);
        if (tokens.length < 2) {
            return false;
        }
        boolean upper = UPPER_WORD.matcher(tokens[0]).matches();
        Pattern word = upper ? UPPER_WORD : TITLE_WORD;
        int words = 0;
        boolean previousParticle = true;
        for (int index = 0; index < tokens.length; index++) {
            String token = tokens[index];
            String folded = ColumnNames.fold(token);
            if (PARTICLES.contains(folded) && (upper ? token.equals(token.toUpperCase(Locale.ROOT)) : token.equals(folded))) {
                if (previousParticle || index == tokens.length - 1) {
                    return false;
                }
                previousParticle = true;
                continue;
            }
            if (!word.matcher(token).matches() || NOT_A_PERSON.contains(folded)) {
                return false;
            }
            words++;
            previousParticle = false;
        }
        return words >= 2 && words <= 5
                && (firstNames.contains(ColumnNames.fold(tokens[0].split("-")[0])) || surnames.contains(ColumnNames.fold(tokens[tokens.length - 1])));
    }

    /** Initials only: {@code M*** S***}. */
    @Override
    public String mask(String value) {
        StringBuilder masked = new StringBuilder();
        for (String token : value.split(" ")) {
            if (!masked.isEmpty()) {
                masked.append(' ');
            }
            masked.append(PARTICLES.contains(ColumnNames.fold(token)) ? token : token.charAt(0) + "***");
        }
        return masked.toString();
    }

    private static Set<String> loadNames(String resource) {
        try (InputStream stream = PersonNameDetector.class.getResourceAsStream(resource)) {
            if (stream == null) {
                throw new LagoaException(ErrorCode.INTERNAL_ERROR, "The list of names " + resource + " is missing from the classpath");
            }
            Set<String> names = new HashSet<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    names.add(ColumnNames.fold(name));
                }
            }
            return names;
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.INTERNAL_ERROR, "Cannot read the list of names " + resource + ": " + e.getMessage(), e);
        }
    }
}
