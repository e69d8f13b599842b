package dev.lagoa.governance.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnNamesTest {
    @Test
    void splitsSnakeCaseCamelCaseAcronymsAndDigits() {
        assertThat(ColumnNames.words("cpf_cliente")).containsExactly("cpf", "cliente");
        assertThat(ColumnNames.words("CPF_CLIENTE")).containsExactly("cpf", "cliente");
        assertThat(ColumnNames.words("cpfCliente")).containsExactly("cpf", "cliente");
        assertThat(ColumnNames.words("CPFCliente")).containsExactly("cpf", "cliente");
        assertThat(ColumnNames.words("IPAddress")).containsExactly("ip", "address");
        assertThat(ColumnNames.words("ip_v4")).containsExactly("ip", "v", "4");
        assertThat(ColumnNames.words("ipv4")).containsExactly("ipv", "4");
        assertThat(ColumnNames.words("e-mail do cliente")).containsExactly("e", "mail", "do", "cliente");
        assertThat(ColumnNames.words("__")).isEmpty();
    }

    @Test
    void foldsAccents() {
        assertThat(ColumnNames.words("Endereço_Número")).containsExactly("endereco", "numero");
        assertThat(ColumnNames.words("cartãoDeCrédito")).containsExactly("cartao", "de", "credito");
    }

    @Test
    void matchesWholeWordsNeverSubstrings() {
        List<List<String>> cid = ColumnNames.phrases("cid");
        assertThat(ColumnNames.signal(ColumnNames.words("acid_level"), cid)).isEmpty();
        assertThat(ColumnNames.signal(ColumnNames.words("cid_paciente"), cid)).isEqualTo("cid");

        List<List<String>> ip = ColumnNames.phrases("ip");
        assertThat(ColumnNames.signal(ColumnNames.words("zip_code"), ip)).isEmpty();
        assertThat(ColumnNames.signal(ColumnNames.words("description"), ip)).isEmpty();
        assertThat(ColumnNames.signal(ColumnNames.words("clientIp"), ip)).isEqualTo("ip");

        List<List<String>> cep = ColumnNames.phrases("cep");
        assertThat(ColumnNames.signal(ColumnNames.words("receptor_id"), cep)).isEmpty();
        assertThat(ColumnNames.signal(ColumnNames.words("excepcional"), cep)).isEmpty();
    }

    @Test
    void matchesPhrasesOfSeveralWordsAndPlurals() {
        List<List<String>> email = ColumnNames.phrases("email", "e-mail");
        assertThat(ColumnNames.signal(ColumnNames.words("E_MAIL_RESPONSAVEL"), email)).isEqualTo("e mail");
        assertThat(ColumnNames.signal(ColumnNames.words("emails"), email)).isEqualTo("emails");
        assertThat(ColumnNames.signal(ColumnNames.words("codigoPostal"), ColumnNames.phrases("codigo postal"))).isEqualTo("codigo postal");
        assertThat(ColumnNames.signal(ColumnNames.words("codigo_do_postal"), ColumnNames.phrases("codigo postal"))).isEmpty();
    }
}
