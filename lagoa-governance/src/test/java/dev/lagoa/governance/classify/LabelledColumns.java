package dev.lagoa.governance.classify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The labelled test set of the classifier: columns of made-up but real-looking PII, and columns that look like PII
 * and are not (wrong check digits, order ids shaped like phones, dates shaped like CEPs, companies and cities). Each
 * has its name, its sampled values and the tags a person would give it. {@link #generate()} builds it from a fixed
 * seed; the test resource {@value #RESOURCE} is its output, checked by {@code LabelledColumnsTest}.
 */
final class LabelledColumns {
    static final String RESOURCE = "labelled-columns.json";
    private static final int SAMPLE = 30;

    record Column(String name, List<String> values, List<String> expected, String note) {}

    private final SyntheticPii pii = new SyntheticPii(20260101L);
    private final List<Column> columns = new ArrayList<>();

    static List<Column> generate() {
        LabelledColumns set = new LabelledColumns();
        set.positives();
        set.negatives();
        return List.copyOf(set.columns);
    }

    static String json(List<Column> columns) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode array = json.createArrayNode();
        for (Column column : columns) {
            ObjectNode node = array.addObject();
            node.put("name", column.name());
            node.put("note", column.note());
            ArrayNode expected = node.putArray("expected");
            column.expected().forEach(expected::add);
            ArrayNode values = node.putArray("values");
            column.values().forEach(values::add);
        }
        try {
            return json.writeValueAsString(array) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void column(String name, String note, List<String> expected, List<String> values) {
        columns.add(new Column(name, values, expected, note));
    }

    private void column(String name, String note, List<String> expected, Supplier<String> value) {
        List<String> values = new ArrayList<>();
        for (int index = 0; index < SAMPLE; index++) {
            values.add(value.get());
        }
        column(name, note, expected, values);
    }

    private List<String> cycle(int size, String... values) {
        List<String> cycled = new ArrayList<>();
        for (int index = 0; index < size; index++) {
            cycled.add(values[pii.random().nextInt(values.length)]);
        }
        return cycled;
    }

    private static List<String> tags(String... tags) {
        return Arrays.stream(tags).map(tag -> "PII." + tag).toList();
    }

    private void positives() {
        column("cpf_cliente", "formatted CPFs", tags("CPF"), pii::cpf);
        column("documento", "bare CPFs, a name that says nothing", tags("CPF"), pii::bareCpf);
        List<String> withNulls = new ArrayList<>();
        for (int index = 0; index < SAMPLE; index++) {
            withNulls.add(index % 6 == 0 ? null : index % 7 == 0 ? "" : pii.random().nextBoolean() ? pii.cpf() : pii.bareCpf());
        }
        column("nr_cpf_titular", "CPFs formatted and bare, with nulls and blanks", tags("CPF"), withNulls);
        List<String> someTypos = new ArrayList<>();
        for (int index = 0; index < SAMPLE; index++) {
            someTypos.add(index % 10 == 3 ? pii.cpfWithWrongCheckDigit() : pii.cpf());
        }
        column("cpfResponsavel", "CPFs, one in ten mistyped: 90% pass", tags("CPF"), someTypos);
        column("cnpj_fornecedor", "formatted numeric CNPJs", tags("CNPJ"), () -> pii.cnpj(false));
        column("cnpj", "bare numeric CNPJs", tags("CNPJ"), () -> pii.bareCnpj(false));
        column("cnpj_alfanumerico", "formatted alphanumeric CNPJs (2026 format)", tags("CNPJ"), () -> pii.cnpj(true));
        column("id_receita", "bare alphanumeric and numeric CNPJs, a name that says nothing", tags("CNPJ"),
                () -> pii.bareCnpj(pii.random().nextBoolean()));
        column("cpf_cnpj", "CPFs and CNPJs in one column, about 60/40", tags("CPF", "CNPJ"),
                () -> pii.random().nextInt(10) < 6 ? pii.cpf() : pii.cnpj(false));
        column("email", "e-mail addresses", tags("EMAIL"), pii::email);
        column("emailContato", "e-mail addresses, camelCase name", tags("EMAIL"), pii::email);
        column("login", "e-mail addresses used as logins", tags("EMAIL"), pii::email);
        List<String> someMissing = new ArrayList<>();
        for (int index = 0; index < SAMPLE; index++) {
            someMissing.add(index % 6 == 1 ? pii.pick(List.of("nao informado", "sem email", "-", "N/A")) : pii.email());
        }
        column("E_MAIL_RESPONSAVEL", "e-mail addresses, one in six a placeholder: 83% pass", tags("EMAIL"), someMissing);
        column("telefone", "mobiles as (11) 98765-4321", tags("PHONE"),
                () -> "(" + pii.areaCode() + ") " + SyntheticPii.dashed(pii.mobileSubscriber()));
        column("fone_fixo", "landlines as (21) 3456-7890", tags("PHONE"),
                () -> "(" + pii.areaCode() + ") " + SyntheticPii.dashed(pii.landlineSubscriber()));
        column("celular", "mobiles as +55 11 98765-4321", tags("PHONE"),
                () -> "+55 " + pii.areaCode() + " " + SyntheticPii.dashed(pii.mobileSubscriber()));
        column("whatsapp", "mobiles as bare digits: the name admits them", tags("PHONE"), () -> pii.areaCode() + pii.mobileSubscriber());
        column("contato", "mobiles as +5511987654321, a name that says nothing", tags("PHONE"),
                () -> "+55" + pii.areaCode() + pii.mobileSubscriber());
        column("telefoneComercial", "landlines as 11 3456-7890", tags("PHONE"),
                () -> pii.areaCode() + " " + SyntheticPii.dashed(pii.landlineSubscriber()));
        column("nr_telefone", "landlines as bare digits, and 55 in front", tags("PHONE"),
                () -> (pii.random().nextBoolean() ? "55" : "") + pii.areaCode() + pii.landlineSubscriber());
        column("cep", "CEPs as 01310-100", tags("CEP"), pii::cep);
        column("cep_entrega", "CEPs as bare digits: the name admits them", tags("CEP"), () -> pii.cep().replace("-", ""));
        column("codigo_postal", "CEPs, name in two words", tags("CEP"), pii::cep);
        column("zipCode", "CEPs as bare digits, English name", tags("CEP"), () -> pii.cep().replace("-", ""));
        column("endereco_cobranca_cep", "CEPs in the older 01.310-100 form", tags("CEP"), () -> {
            String cep = pii.cep();
            return cep.substring(0, 2) + "." + cep.substring(2);
        });
        column("numero_cartao", "Visa and Mastercard numbers in groups of four", tags("CREDIT_CARD"),
                () -> SyntheticPii.grouped(pii.card(pii.pick(List.of("4", "51", "53", "55", "2221", "2500")), 16), " "));
        column("cartao_credito", "card numbers of several brands, bare", tags("CREDIT_CARD"), () -> switch (pii.random().nextInt(4)) {
            case 0 -> pii.card("4", 16);
            case 1 -> pii.card(pii.pick(List.of("34", "37")), 15);
            case 2 -> pii.card("36", 14);
            default -> pii.card("6011", 16);
        });
        column("card_number", "Elo and Hipercard numbers", tags("CREDIT_CARD"),
                () -> pii.card(pii.pick(List.of("636368", "504175", "509123", "650487", "606282")), 16));
        column("meio_pagamento", "card numbers grouped by hyphens, a name that says nothing", tags("CREDIT_CARD"),
                () -> SyntheticPii.grouped(pii.card(pii.pick(List.of("4", "52")), 16), "-"));
        column("nome_cliente", "person names", tags("PERSON_NAME"), pii::personName);
        column("NOME_TITULAR", "person names in capitals", tags("PERSON_NAME"),
                () -> pii.personName().toUpperCase(java.util.Locale.ROOT));
        column("responsavel", "person names with particles", tags("PERSON_NAME"), pii::personName);
        column("vendedor", "first name and surname", tags("PERSON_NAME"), () -> pii.firstName() + " " + pii.pick(SyntheticPii.SURNAMES));
        column("passageiro", "person names, a name that says nothing", tags("PERSON_NAME"), pii::personName);
        column("nome_pagador", "person names, two in five with a first name no list holds", tags("PERSON_NAME"),
                () -> (pii.random().nextInt(5) < 2 ? pii.pick(SyntheticPii.RARE_FIRST_NAMES) : pii.pick(SyntheticPii.FIRST_NAMES)) + " "
                        + pii.pick(SyntheticPii.SURNAMES));
        column("nome_associado", "names of Japanese, German, Italian and Lebanese descent, half with a Portuguese first name: "
                + "the lists hold neither part of the other half", tags("PERSON_NAME"), () -> (pii.random().nextBoolean()
                        ? pii.pick(SyntheticPii.FIRST_NAMES)
                        : pii.pick(List.of("Hiroshi", "Kenji", "Yuki", "Akira", "Hans", "Klaus", "Giuseppe", "Enzo", "Salim", "Nagib", "Yumi", "Greta")))
                        + " " + pii.pick(List.of("Tanaka", "Nakamura", "Sato", "Yamamoto", "Schmidt", "Müller", "Bianchi", "Rossi", "Haddad",
                                "Khoury", "Watanabe", "Becker")));
        column("ip_origem", "IPv4 addresses", tags("IP_ADDRESS"), pii::ipv4);
        column("clientIp", "IPv6 addresses", tags("IP_ADDRESS"), pii::ipv6);
        column("remote_addr", "IPv4 and IPv6 addresses", tags("IP_ADDRESS"), () -> pii.random().nextBoolean() ? pii.ipv4() : pii.ipv6());
        column("meios_de_contato", "e-mail addresses and phones in one column", tags("EMAIL", "PHONE"),
                () -> pii.random().nextBoolean() ? pii.email() : "(" + pii.areaCode() + ") " + SyntheticPii.dashed(pii.mobileSubscriber()));
        List<String> fewSellers = List.of(pii.cpf(), pii.cpf(), pii.cpf(), pii.cpf());
        column("cpf_vendedor", "four sellers' CPFs repeated over the orders: low cardinality, the name admits it", tags("CPF"),
                cycle(SAMPLE, fewSellers.toArray(String[]::new)));
    }

    private void negatives() {
        column("cpf_invalido", "CPF-shaped values with a wrong check digit, under a CPF name", tags(), pii::cpfWithWrongCheckDigit);
        List<String> repeated = new ArrayList<>();
        for (int digit = 0; digit <= 9; digit++) {
            String same = String.valueOf(digit).repeat(11);
            repeated.add(SyntheticPii.formatCpf(same));
            repeated.add(same);
        }
        column("cpf_teste", "placeholder CPFs of one repeated digit", tags(), repeated);
        column("cnpj_errado", "CNPJ-shaped values with wrong check digits", tags(), () -> SyntheticPii.formatCnpj(pii.bareCnpjWithWrongCheckDigits(false)));
        column("codigo_lote_alfa", "14-character alphanumeric lot codes, check digits wrong", tags(), () -> pii.bareCnpjWithWrongCheckDigits(true));
        column("numero_pedido", "10-digit order numbers that read like landlines", tags(), () -> "11" + pii.between(2, 5) + pii.digits(7));
        column("id_transacao", "11-digit ids that read like mobiles", tags(), () -> pii.areaCode() + "9" + pii.between(6, 9) + pii.digits(7));
        column("codigo_barras", "EAN-13 barcodes of Brazilian products", tags(), () -> ean13("789" + pii.digits(9)));
        column("sku", "product codes shaped like phones", tags(), () -> pii.areaCode() + "-" + SyntheticPii.dashed(pii.mobileSubscriber()));
        column("ano", "years", tags(), () -> String.valueOf(pii.between(2015, 2025)));
        column("ano_mes", "year and month", tags(), () -> "20" + pii.between(20, 25) + String.format("%02d", pii.between(1, 12)));
        column("data_pedido", "dates as 8 digits, CEP-shaped", tags(),
                () -> "20" + pii.between(20, 25) + String.format("%02d%02d", pii.between(1, 12), pii.between(1, 28)));
        column("cod_municipio_ibge", "IBGE municipality codes", tags(), () -> pii.between(11, 53) + pii.digits(5));
        column("numero_lote", "8-digit lot numbers, CEP-shaped", tags(), () -> pii.between(1, 9) + pii.digits(7));
        column("ncm", "NCM codes, dotted and bare", tags(),
                () -> pii.random().nextBoolean() ? pii.between(1, 9) + pii.digits(3) + "." + pii.digits(2) + "." + pii.digits(2) : pii.between(1, 9) + pii.digits(7));
        column("codigo_interno", "zero-padded internal codes shaped like CEPs", tags(), () -> "00" + pii.digits(3) + "-" + pii.digits(3));
        column("cfop", "CFOP codes", tags(), () -> pii.pick(List.of("5102", "5405", "6102", "1202", "5929", "6108", "5949")));
        column("uf", "state codes", tags(), cycle(SAMPLE, "SP", "RJ", "MG", "RS", "PR", "BA", "PE", "CE", "SC", "GO", "AM", "PA", "DF", "ES"));
        column("cidade", "cities, some named after people", tags(), cycle(SAMPLE, "São Paulo", "Rio de Janeiro", "Belo Horizonte", "Salvador",
                "Fortaleza", "Curitiba", "Manaus", "Recife", "Porto Alegre", "Campinas", "São José dos Campos", "Vitória da Conquista",
                "Luís Eduardo Magalhães", "Getúlio Vargas", "Juiz de Fora", "Santa Maria", "Ribeirão Preto", "Teresina", "Natal", "Goiânia",
                "Aparecida de Goiânia", "Campina Grande", "Feira de Santana", "Paulo Afonso", "Francisco Morato", "Franco da Rocha",
                "Nova Lima", "Vera Cruz", "Lima Duarte", "Santa Cruz", "Governador Valadares", "Teófilo Otoni", "Pedro Leopoldo"));
        column("municipio_entrega", "cities in capitals", tags(), cycle(SAMPLE, "SAO PAULO", "GUARULHOS", "OSASCO", "SANTO ANDRE",
                "SAO BERNARDO DO CAMPO", "DIADEMA", "BARUERI", "MOGI DAS CRUZES", "JUNDIAI", "SOROCABA", "CAMPINAS", "SANTOS",
                "PRAIA GRANDE", "TABOAO DA SERRA", "CARAPICUIBA", "FRANCISCO MORATO", "FRANCO DA ROCHA"));
        column("razao_social", "company names", tags(), cycle(SAMPLE, "Comercial Silva Ltda", "Importau Importação e Exportação S/A",
                "Transportes Rodrigues Ltda", "Pedro Alves Comércio de Peças Ltda", "Distribuidora Santos EIRELI", "Mercado Bom Preço Ltda",
                "Farmácia São João", "Construtora Almeida S.A.", "Ana Costa Confecções ME", "Tecnologia Souza Ltda",
                "Padaria Pão Quente", "Auto Peças Ferreira", "Grupo Oliveira Participações", "Maria Lima Advogados Associados",
                "Metalúrgica Moreira Ltda", "Supermercados Nunes"));
        column("nome_fantasia", "trade names, some a person's name", tags(), cycle(SAMPLE, "Magazine Luiza", "Casas Bahia", "Ricardo Eletro",
                "Lojas Renner", "Boticário", "Havaianas", "Marisa", "Riachuelo", "Pernambucanas", "Natura", "Drogasil", "Raia", "Carrefour",
                "Assaí Atacadista", "Leroy Merlin", "Kalunga", "Centauro", "Netshoes", "Amaro", "Hering"));
        column("produto", "product names", tags(), cycle(SAMPLE, "Arroz Tipo 1 5kg", "Feijão Carioca 1kg", "Camisa Polo Azul",
                "Notebook 15 polegadas", "Mouse Sem Fio", "Café Torrado 500g", "Óleo de Soja", "Cabo USB-C 2m", "Tênis Corrida 42",
                "Monitor 24", "Cadeira Escritório", "Teclado Mecânico", "Pneu Aro 15", "Filtro de Óleo"));
        column("status", "statuses", tags(), cycle(SAMPLE, "ATIVO", "INATIVO", "PENDENTE", "CANCELADO"));
        column("valor_total", "amounts", tags(), () -> pii.between(1, 99999) + "." + pii.digits(2));
        column("versao", "software versions", tags(), () -> pii.between(1, 12) + "." + pii.between(0, 30) + "." + pii.between(0, 99));
        column("horario", "times of day", tags(), () -> String.format("%02d:%02d:%02d", pii.between(0, 23), pii.between(0, 59), pii.between(0, 59)));
        column("mac_address", "MAC addresses", tags(), () -> String.join(":", pii.hex(2), pii.hex(2), pii.hex(2), pii.hex(2), pii.hex(2), pii.hex(2)));
        column("hash_arquivo", "MD5 hashes", tags(), () -> pii.hex(32));
        column("id_evento", "UUIDs", tags(), () -> pii.hex(8) + "-" + pii.hex(4) + "-4" + pii.hex(3) + "-a" + pii.hex(3) + "-" + pii.hex(12));
        column("codigo_rastreio", "Correios tracking codes", tags(), () -> pii.pick(List.of("AA", "OJ", "LB", "QB", "NX")) + pii.digits(9) + "BR");
        column("placa", "Mercosul licence plates", tags(), () -> "ABCDEFGHJK".charAt(pii.between(0, 9)) + "RT".substring(0, 1) + "QXZ".charAt(pii.between(0, 2))
                + pii.between(0, 9) + "ABCDEFGHIJ".charAt(pii.between(0, 9)) + pii.digits(2));
        column("acid_level", "pH readings: 'cid' in the name is no CID", tags(), () -> pii.between(3, 9) + "." + pii.between(0, 9));
        column("telefone_invalido", "phone-shaped values with area codes Anatel never assigned", tags(),
                () -> "(" + pii.pick(List.of("20", "23", "25", "26", "29", "30", "36", "39", "40", "50", "52", "56", "57", "58", "59", "60", "70", "72", "76",
                        "78", "80", "90")) + ") " + SyntheticPii.dashed(pii.mobileSubscriber()));
        column("email_suporte", "two mailboxes of the company, repeated: fewer than 3 distinct matches", tags(),
                cycle(SAMPLE, "suporte@importau.com.br", "contato@importau.com.br"));
        column("canal", "four mailboxes repeated, a name that says nothing: low cardinality", tags(),
                cycle(SAMPLE, "vendas@importau.com.br", "sac@importau.com.br", "financeiro@importau.com.br", "compras@importau.com.br"));
        column("pis", "PIS numbers: 11 digits, another check-digit rule", tags(), () -> pis(pii.between(1, 2) + pii.digits(9)));
        column("titulo_eleitor", "voter registration numbers: 12 digits", tags(), () -> pii.digits(12));
        column("chave_nfe", "NF-e access keys: 44 digits", tags(), () -> pii.between(11, 53) + "2401" + pii.bareCnpj(false) + "55001" + pii.digits(19));
        column("isin", "ISIN codes: 12 characters", tags(), cycle(SAMPLE, "BRPETRACNPR6", "BRVALEACNOR0", "BRITUBACNPR1", "BRBBDCACNPR8",
                "BRABEVACNOR1", "BRBBASACNOR3", "BRWEGEACNOR0", "BRRENTACNOR4"));
        column("ticker", "B3 tickers", tags(), cycle(SAMPLE, "PETR4", "VALE3", "ITUB4", "BBDC4", "ABEV3", "BBAS3", "WEGE3", "RENT3", "MGLU3"));
        column("bairro", "neighbourhoods", tags(), cycle(SAMPLE, "Vila Mariana", "Jardim Paulista", "Pinheiros", "Moema", "Santa Cecília",
                "Bela Vista", "Liberdade", "Mooca", "Tatuapé", "Santana", "Lapa", "Butantã", "Jardim América", "Vila Madalena"));
        column("logradouro", "street addresses", tags(), () -> pii.pick(List.of("Rua Augusta", "Avenida Paulista", "Rua João Moura",
                "Alameda Santos", "Rua Maria Antônia", "Avenida Rebouças", "Rua Teodoro Sampaio")) + ", " + pii.between(1, 3000));
        column("banco", "bank names", tags(), cycle(SAMPLE, "Banco do Brasil", "Itaú Unibanco", "Bradesco", "Caixa Econômica Federal",
                "Santander", "Nubank", "Banco Inter", "Sicoob", "BTG Pactual"));
        column("cnae", "CNAE activity codes", tags(), () -> pii.digits(4) + "-" + pii.digits(1) + "/" + pii.digits(2));
        column("cartao_fidelidade", "16-digit loyalty card numbers passing Luhn, no card issuer's prefix, under a card name", tags(),
                () -> pii.card("8" + pii.between(0, 9), 16));
        column("rg", "RG numbers", tags(), () -> pii.digits(2) + "." + pii.digits(3) + "." + pii.digits(3) + "-" + pii.digits(1));
        column("ramal", "phone extensions", tags(), () -> "ramal " + pii.between(2000, 2999));
        column("idade", "ages", tags(), () -> String.valueOf(pii.between(18, 90)));
        column("percentual_desconto", "percentages", tags(), () -> pii.between(0, 50) + "," + pii.between(0, 9) + "%");
        column("conta_corrente", "bank accounts", tags(), () -> pii.digits(5) + "-" + pii.digits(1));
        column("protocolo", "16-digit protocol numbers starting 4 or 5, random check: about one in ten passes Luhn", tags(),
                () -> pii.between(4, 5) + pii.digits(15));
        column("observacao", "free text that mentions a phone and an e-mail", tags(), cycle(SAMPLE,
                "Cliente pediu retorno pelo telefone (11) 98765-4321", "Enviar nota para joao.silva@exemplo.org", "Entregar após as 18h",
                "Reagendado", "Ligar antes: (21) 99876-5432", "Sem observações"));
    }

    /** The EAN-13 check digit: weights 1 and 3 alternating from the left, up to the next multiple of ten. */
    private static String ean13(String twelve) {
        int sum = 0;
        for (int index = 0; index < 12; index++) {
            sum += (twelve.charAt(index) - '0') * (index % 2 == 0 ? 1 : 3);
        }
        return twelve + (10 - sum % 10) % 10;
    }

    /** The PIS/NIS check digit: weights 3,2,9,8,7,6,5,4,3,2, 11 minus the remainder (0 for 10 and 11). */
    private static String pis(String ten) {
        int[] weights = {3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
        int sum = 0;
        for (int index = 0; index < 10; index++) {
            sum += (ten.charAt(index) - '0') * weights[index];
        }
        int digit = 11 - sum % 11;
        return ten + (digit >= 10 ? 0 : digit);
    }
}
