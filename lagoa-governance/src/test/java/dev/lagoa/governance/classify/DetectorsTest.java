package dev.lagoa.governance.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DetectorsTest {
    private static final boolean NO_NAME = false;
    private static final boolean NAME = true;

    @Test
    void cpfFormattedOrBareWithValidCheckDigits() {
        CpfDetector cpf = new CpfDetector();
        assertThat(cpf.matches("529.982.247-25", NO_NAME)).isTrue();
        assertThat(cpf.matches("52998224725", NO_NAME)).isTrue();
        assertThat(cpf.matches("529.982.247-26", NAME)).isFalse();
        assertThat(cpf.matches("111.111.111-11", NAME)).isFalse();
        assertThat(cpf.matches("529.982.24725", NO_NAME)).isFalse();
        assertThat(cpf.matches("529 982 247 25", NO_NAME)).isFalse();
        assertThat(cpf.matches("CPF 529.982.247-25", NO_NAME)).isFalse();
        assertThat(cpf.mask("123.456.789-09")).isEqualTo("***.456.789-**");
        assertThat(cpf.mask("12345678909")).isEqualTo("***.456.789-**");
    }

    @Test
    void cnpjNumericAndAlphanumeric() {
        CnpjDetector cnpj = new CnpjDetector();
        assertThat(cnpj.matches("11.222.333/0001-81", NO_NAME)).isTrue();
        assertThat(cnpj.matches("11222333000181", NO_NAME)).isTrue();
        assertThat(cnpj.matches("12.ABC.345/01DE-35", NO_NAME)).isTrue();
        assertThat(cnpj.matches("12ABC34501DE35", NO_NAME)).isTrue();
        assertThat(cnpj.matches("12.ABC.345/01DE-53", NAME)).isFalse();
        assertThat(cnpj.matches("11.222.333/0001-18", NAME)).isFalse();
        assertThat(cnpj.matches("11.222.333.0001-81", NO_NAME)).isFalse();
        assertThat(cnpj.mask("11.222.333/0001-81")).isEqualTo("**.222.333/****-**");
        assertThat(cnpj.mask("12ABC34501DE35")).isEqualTo("**.ABC.345/****-**");
    }

    @Test
    void emailAnchoredConservative() {
        EmailDetector email = new EmailDetector();
        assertThat(email.matches("joao.silva@empresa.com.br", NO_NAME)).isTrue();
        assertThat(email.matches("j+tag@e.co", NO_NAME)).isTrue();
        assertThat(email.matches("maria_souza@mail.example-test.org", NO_NAME)).isTrue();
        assertThat(email.matches("joao..silva@empresa.com", NO_NAME)).isFalse();
        assertThat(email.matches(".joao@empresa.com", NO_NAME)).isFalse();
        assertThat(email.matches("joao@empresa", NO_NAME)).isFalse();
        assertThat(email.matches("joao@-empresa.com", NO_NAME)).isFalse();
        assertThat(email.matches("joao@empresa.c0m", NO_NAME)).isFalse();
        assertThat(email.matches("\"joao silva\"@empresa.com", NO_NAME)).isFalse();
        assertThat(email.matches("contato: joao@empresa.com", NO_NAME)).isFalse();
        assertThat(email.matches("a".repeat(65) + "@empresa.com", NO_NAME)).isFalse();
        assertThat(email.mask("joao@example.com")).isEqualTo("j***@e***.com");
        assertThat(email.mask("joao.silva@empresa.com.br")).isEqualTo("j***@e***.com.br");
    }

    @Test
    void brazilianPhonesFormattedAloneBareOnlyWithTheName() {
        PhoneDetector phone = new PhoneDetector();
        assertThat(phone.matches("(11) 98765-4321", NO_NAME)).isTrue();
        assertThat(phone.matches("(11)98765-4321", NO_NAME)).isTrue();
        assertThat(phone.matches("+55 11 98765-4321", NO_NAME)).isTrue();
        assertThat(phone.matches("+55 (21) 3456-7890", NO_NAME)).isTrue();
        assertThat(phone.matches("+5511987654321", NO_NAME)).isTrue();
        assertThat(phone.matches("11 3456-7890", NO_NAME)).isTrue();
        assertThat(phone.matches("11 98765 4321", NO_NAME)).isTrue();
        // bare digits: order numbers look the same
        assertThat(phone.matches("11987654321", NO_NAME)).isFalse();
        assertThat(phone.matches("11987654321", NAME)).isTrue();
        assertThat(phone.matches("1134567890", NAME)).isTrue();
        assertThat(phone.matches("5511987654321", NO_NAME)).isFalse();
        assertThat(phone.matches("5511987654321", NAME)).isTrue();
        // area codes Anatel never assigned: 20, 23, 25, 26, 29, 30, 36, 39, 40, 50, 52, 56-60, 70, 72, 76, 78, 80, 90, 10
        for (String area : new String[] {"10", "20", "23", "25", "26", "29", "30", "36", "39", "40", "50", "52", "56", "57", "58", "59", "60",
                "70", "72", "76", "78", "80", "90"}) {
            assertThat(phone.matches("(" + area + ") 98765-4321", NAME)).as(area).isFalse();
        }
        // a mobile is 9 then a non-zero digit; a landline starts with 2 to 5; 8 digits starting with 9 are the old mobile format
        assertThat(phone.matches("(11) 90765-4321", NAME)).isFalse();
        assertThat(phone.matches("(11) 88765-4321", NAME)).isFalse();
        assertThat(phone.matches("(11) 9876-5432", NAME)).isFalse();
        assertThat(phone.matches("(11) 6456-7890", NAME)).isFalse();
        assertThat(phone.matches("(11) 99999-9999", NAME)).isFalse();
        // no area code, extensions, text
        assertThat(phone.matches("98765-4321", NAME)).isFalse();
        assertThat(phone.matches("(11) 98765-4321 ramal 12", NAME)).isFalse();
        assertThat(phone.matches("tel (11) 98765-4321", NAME)).isFalse();
        assertThat(phone.matches("11-98765-4321", NAME)).isFalse();
        assertThat(phone.mask("(11) 98765-4334")).isEqualTo("(11) 9****-**34");
        assertThat(phone.mask("+55 21 3456-7890")).isEqualTo("(21) 3***-**90");
        assertThat(phone.mask("5511987654334")).isEqualTo("(11) 9****-**34");
    }

    @Test
    void cepFormattedAloneBareOnlyWithTheName() {
        CepDetector cep = new CepDetector();
        assertThat(cep.matches("01310-100", NO_NAME)).isTrue();
        assertThat(cep.matches("01.310-100", NO_NAME)).isTrue();
        assertThat(cep.matches("01310100", NO_NAME)).isFalse();
        assertThat(cep.matches("01310100", NAME)).isTrue();
        assertThat(cep.matches("00999-999", NAME)).isFalse();
        assertThat(cep.matches("11111-111", NAME)).isFalse();
        assertThat(cep.matches("0131-0100", NAME)).isFalse();
        assertThat(cep.matches("01310-1000", NAME)).isFalse();
        assertThat(cep.mask("01310-100")).isEqualTo("01***-***");
    }

    @Test
    void cardNumbersWithLuhnAndAKnownIssuer() {
        CreditCardDetector card = new CreditCardDetector();
        assertThat(card.matches("4111 1111 1111 1111", NO_NAME)).isTrue();
        assertThat(card.matches("4111-1111-1111-1111", NO_NAME)).isTrue();
        assertThat(card.matches("5555555555554444", NO_NAME)).isTrue();
        assertThat(card.matches("2223003122003222", NO_NAME)).isTrue();
        assertThat(card.matches("3782 822463 10005", NO_NAME)).isTrue();
        assertThat(card.matches("6062825624254001", NO_NAME)).isTrue();
        assertThat(card.matches("4111 1111 1111 1112", NAME)).isFalse();
        // Luhn passes but no brand issues 7 as a first digit (a GTIN/EAN barcode often looks like this)
        assertThat(card.matches("7891000100103", NAME)).isFalse();
        // an Amex prefix with a Visa length
        assertThat(card.matches("3400000000000009", NAME)).isFalse();
        assertThat(card.matches("4111 1111-1111 1111", NAME)).isFalse();
        assertThat(card.matches("0000000000000000", NAME)).isFalse();
        assertThat(card.mask("4111 1111 1111 1234")).isEqualTo("**** **** **** 1234");
        assertThat(card.mask("378282246310005")).isEqualTo("**** **** *** 0005");
    }

    @Test
    void personNamesConservative() {
        PersonNameDetector name = PersonNameDetector.withBundledNames();
        assertThat(name.matches("Maria Souza", NO_NAME)).isTrue();
        assertThat(name.matches("João da Silva", NO_NAME)).isTrue();
        assertThat(name.matches("Ana Paula dos Santos Oliveira", NO_NAME)).isTrue();
        assertThat(name.matches("JOSÉ CARLOS DE ALMEIDA", NO_NAME)).isTrue();
        assertThat(name.matches("Luís D'Ávila", NO_NAME)).isTrue();
        assertThat(name.matches("Ana-Maria Costa", NO_NAME)).isTrue();
        // a first name no list holds, a common surname
        assertThat(name.matches("Weslley Santos", NO_NAME)).isTrue();
        assertThat(name.matches("KLEYTON FERREIRA FILHO", NO_NAME)).isTrue();
        // one word, unknown first names, more than five words, casing that is not a name's
        assertThat(name.matches("Maria", NAME)).isFalse();
        assertThat(name.matches("Xpto Yzwk", NAME)).isFalse();
        assertThat(name.matches("Maria Ana Paula Beatriz Souza Lima", NAME)).isFalse();
        assertThat(name.matches("maria souza", NAME)).isFalse();
        assertThat(name.matches("Maria SOUZA", NAME)).isFalse();
        assertThat(name.matches("Maria  Souza", NAME)).isFalse();
        assertThat(name.matches("Maria da", NAME)).isFalse();
        assertThat(name.matches("Maria de da Souza", NAME)).isFalse();
        // companies and places, even when named after people
        assertThat(name.matches("Ricardo Almeida Comércio Ltda", NAME)).isFalse();
        assertThat(name.matches("Pedro Alimentos", NAME)).isFalse();
        assertThat(name.matches("São Paulo", NAME)).isFalse();
        assertThat(name.matches("Rio de Janeiro", NAME)).isFalse();
        assertThat(name.mask("Maria da Silva")).isEqualTo("M*** da S***");
    }

    @Test
    void ipAddressesVersionFourAndSix() {
        IpAddressDetector ip = new IpAddressDetector();
        assertThat(ip.matches("192.168.0.10", NO_NAME)).isTrue();
        assertThat(ip.matches("8.8.8.8", NO_NAME)).isTrue();
        assertThat(ip.matches("2001:db8:85a3::8a2e:370:7334", NO_NAME)).isTrue();
        assertThat(ip.matches("2001:0db8:85a3:0000:0000:8a2e:0370:7334", NO_NAME)).isTrue();
        assertThat(ip.matches("::1", NO_NAME)).isTrue();
        assertThat(ip.matches("::ffff:192.0.2.128", NO_NAME)).isTrue();
        assertThat(ip.matches("fe80::", NO_NAME)).isTrue();
        assertThat(ip.matches("256.1.1.1", NAME)).isFalse();
        assertThat(ip.matches("192.168.01.1", NAME)).isFalse();
        assertThat(ip.matches("1.2.3", NAME)).isFalse();
        assertThat(ip.matches("2001:db8::85a3::7334", NAME)).isFalse();
        assertThat(ip.matches("2001:db8:85a3:0:0:8a2e:370", NAME)).isFalse();
        assertThat(ip.matches("00:1A:2B:3C:4D:5E", NAME)).isFalse();
        assertThat(ip.matches("12:30:45", NAME)).isFalse();
        assertThat(ip.matches("12345::", NAME)).isFalse();
        assertThat(ip.mask("192.168.0.10")).isEqualTo("192.*.*.*");
        assertThat(ip.mask("2001:db8::1")).isEqualTo("2001:*:*:*:*:*:*:*");
    }
}
