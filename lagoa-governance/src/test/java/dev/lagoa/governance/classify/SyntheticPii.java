package dev.lagoa.governance.classify;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Made-up personal data with valid check digits, from a seeded random source: no value belongs to a real person
 * except by chance. The check digits are computed here independently of {@link CheckDigits}, in the textbook form
 * ({@code sum * 10 % 11} for CPF, weights cycling 2..9 from the right for CNPJ), so that a mistake in one shows in the
 * other.
 */
final class SyntheticPii {
    static final List<String> FIRST_NAMES = List.of(
            "Maria", "José", "Ana", "João", "Antônio", "Francisca", "Carlos", "Paulo", "Adriana", "Lucas", "Juliana", "Pedro",
            "Márcia", "Fernanda", "Luiz", "Gabriel", "Patrícia", "Rafael", "Aline", "Marcos", "Sandra", "Camila", "Daniel",
            "Amanda", "Bruno", "Letícia", "Eduardo", "Júlia", "Felipe", "Beatriz", "Rodrigo", "Larissa", "Gustavo", "Vanessa",
            "Thiago", "Helena", "Mateus", "Sofia", "Vitória", "Raimundo", "Severino", "Cícero", "Heloísa", "Davi", "Arthur");
    /** First names a list of common ones may lack, as real columns hold some. */
    static final List<String> RARE_FIRST_NAMES = List.of("Weslley", "Dyego", "Kleyton", "Jhonatan", "Rayane", "Thayná", "Ueslei", "Maicon", "Kauany");
    static final List<String> SURNAMES = List.of(
            "Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes", "Costa", "Ribeiro",
            "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes", "Vieira", "Barbosa", "Rocha", "Dias", "Nascimento",
            "Andrade", "Moreira", "Nunes", "Marques", "Machado", "Mendes", "Freitas", "Cardoso", "Ramos", "Gonçalves", "Teixeira");
    private static final List<String> PARTICLES = List.of("da", "de", "do", "dos", "das");
    private static final List<String> DOMAINS = List.of("gmail.com", "hotmail.com", "yahoo.com.br", "outlook.com", "uol.com.br",
            "empresa.com.br", "bol.com.br", "terra.com.br", "importau.com.br", "exemplo.org");
    private static final int[] AREA_CODES = {11, 12, 13, 15, 16, 19, 21, 22, 24, 27, 31, 34, 41, 43, 47, 48, 51, 54, 61, 62, 65, 67, 71, 75, 79,
            81, 83, 85, 86, 91, 92, 95, 98};

    private final Random random;

    SyntheticPii(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    String digits(int count) {
        StringBuilder digits = new StringBuilder();
        for (int index = 0; index < count; index++) {
            digits.append(random.nextInt(10));
        }
        return digits.toString();
    }

    int between(int low, int high) {
        return low + random.nextInt(high - low + 1);
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    // CPF: the check digit is (sum of digit * weight, weights 10..2 then 11..2) * 10 mod 11, where 10 becomes 0

    String bareCpf() {
        String base;
        do {
            base = digits(9);
        } while (base.chars().distinct().count() == 1);
        String withFirst = base + cpfCheckDigit(base);
        return withFirst + cpfCheckDigit(withFirst);
    }

    static int cpfCheckDigit(String digits) {
        int sum = 0;
        int weight = digits.length() + 1;
        for (char digit : digits.toCharArray()) {
            sum += (digit - '0') * weight--;
        }
        return sum * 10 % 11 % 10;
    }

    String cpf() {
        return formatCpf(bareCpf());
    }

    static String formatCpf(String digits) {
        return digits.substring(0, 3) + "." + digits.substring(3, 6) + "." + digits.substring(6, 9) + "-" + digits.substring(9);
    }

    /** A CPF with its last check digit off by one to nine: the arithmetic fails. */
    String cpfWithWrongCheckDigit() {
        String valid = bareCpf();
        int wrong = (valid.charAt(10) - '0' + between(1, 9)) % 10;
        return formatCpf(valid.substring(0, 10) + wrong);
    }

    // CNPJ: weights 2..9 from the right, repeating; characters count as their ASCII code minus 48

    String bareCnpj(boolean alphanumeric) {
        StringBuilder base = new StringBuilder();
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        for (int index = 0; index < 12; index++) {
            base.append(alphanumeric && index < 8 ? alphabet.charAt(random.nextInt(alphabet.length())) : (char) ('0' + random.nextInt(10)));
        }
        if (!alphanumeric) {
            base.replace(8, 12, "000" + between(1, 9));
        }
        String withFirst = base.toString() + cnpjCheckDigit(base.toString());
        return withFirst + cnpjCheckDigit(withFirst);
    }

    static int cnpjCheckDigit(String characters) {
        int sum = 0;
        int weight = 2;
        for (int index = characters.length() - 1; index >= 0; index--) {
            sum += (characters.charAt(index) - 48) * weight;
            weight = weight == 9 ? 2 : weight + 1;
        }
        int remainder = sum % 11;
        return remainder < 2 ? 0 : 11 - remainder;
    }

    static String formatCnpj(String characters) {
        return characters.substring(0, 2) + "." + characters.substring(2, 5) + "." + characters.substring(5, 8) + "/" + characters.substring(8, 12) + "-"
                + characters.substring(12);
    }

    String cnpj(boolean alphanumeric) {
        return formatCnpj(bareCnpj(alphanumeric));
    }

    String bareCnpjWithWrongCheckDigits(boolean alphanumeric) {
        String valid = bareCnpj(alphanumeric);
        int wrong = (valid.charAt(13) - '0' + between(1, 9)) % 10;
        return valid.substring(0, 13) + wrong;
    }

    // people

    String firstName() {
        return random.nextInt(10) == 0 ? pick(RARE_FIRST_NAMES) : pick(FIRST_NAMES);
    }

    String personName() {
        StringBuilder name = new StringBuilder(firstName());
        int surnames = between(1, 3);
        for (int index = 0; index < surnames; index++) {
            name.append(' ');
            if (random.nextInt(3) == 0) {
                name.append(pick(PARTICLES)).append(' ');
            }
            name.append(pick(SURNAMES));
        }
        return name.toString();
    }

    String email() {
        String first = ColumnNames.fold(pick(FIRST_NAMES));
        String last = ColumnNames.fold(pick(SURNAMES));
        String local = switch (random.nextInt(4)) {
            case 0 -> first + "." + last;
            case 1 -> first + last + between(1, 99);
            case 2 -> first.charAt(0) + last;
            default -> first + "_" + last + "+compras";
        };
        return local + "@" + pick(DOMAINS);
    }

    // phones

    int areaCode() {
        return AREA_CODES[random.nextInt(AREA_CODES.length)];
    }

    String mobileSubscriber() {
        return "9" + between(6, 9) + digits(7);
    }

    String landlineSubscriber() {
        return between(2, 5) + digits(7);
    }

    static String dashed(String subscriber) {
        return subscriber.substring(0, subscriber.length() - 4) + "-" + subscriber.substring(subscriber.length() - 4);
    }

    // places

    String cep() {
        String digits = between(1, 9) + digits(7);
        return digits.substring(0, 5) + "-" + digits.substring(5);
    }

    // cards: the Luhn check digit makes the doubled-digit sum a multiple of ten

    String card(String prefix, int length) {
        String body = prefix + digits(length - prefix.length() - 1);
        return body + luhnCheckDigit(body);
    }

    static int luhnCheckDigit(String body) {
        int sum = 0;
        for (int index = 0; index < body.length(); index++) {
            int digit = body.charAt(body.length() - 1 - index) - '0';
            sum += index % 2 == 0 ? (digit * 2) / 10 + (digit * 2) % 10 : digit;
        }
        return (10 - sum % 10) % 10;
    }

    static String grouped(String digits, String separator) {
        StringBuilder grouped = new StringBuilder();
        for (int index = 0; index < digits.length(); index += 4) {
            if (index > 0) {
                grouped.append(separator);
            }
            grouped.append(digits, index, Math.min(index + 4, digits.length()));
        }
        return grouped.toString();
    }

    // networks

    String ipv4() {
        return between(1, 223) + "." + between(0, 255) + "." + between(0, 255) + "." + between(1, 254);
    }

    String ipv6() {
        StringBuilder address = new StringBuilder("2001:db8");
        int groups = random.nextBoolean() ? 6 : 3;
        for (int index = 0; index < groups; index++) {
            address.append(':').append(Integer.toHexString(random.nextInt(0x10000)));
        }
        return groups == 6 ? address.toString() : address.append("::").append(Integer.toHexString(between(1, 0xffff))).toString();
    }

    String hex(int length) {
        StringBuilder hex = new StringBuilder();
        for (int index = 0; index < length; index++) {
            hex.append(Integer.toHexString(random.nextInt(16)));
        }
        return hex.toString().toLowerCase(Locale.ROOT);
    }
}
