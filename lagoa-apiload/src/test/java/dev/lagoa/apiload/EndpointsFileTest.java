package dev.lagoa.apiload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.apiload.schema.Contract;
import dev.lagoa.core.LagoaException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointsFileTest {
    private static List<EndpointDefinition> parse(String json, Map<String, String> environment) throws Exception {
        return EndpointsFile.parse(new ObjectMapper().readTree(json), "endpoints.json", environment);
    }

    @Test
    void readsAnEndpoint() throws Exception {
        List<EndpointDefinition> endpoints = parse("""
                {"endpoints": [{"name": "customers", "url": "http://127.0.0.1:8080/customers", "records": "/data",
                  "headers": {"Authorization": "Bearer ${env:CRM_TOKEN}"},
                  "pagination": {"type": "cursor", "cursor-path": "/next"}, "primary-key": ["id"],
                  "contract": "discard_row", "aliases": {"full_name": "name"}, "renames": "apply"}]}""", Map.of("CRM_TOKEN", "x"));

        EndpointDefinition endpoint = endpoints.get(0);
        assertThat(endpoint.write()).isEqualTo(WriteDisposition.MERGE);
        assertThat(endpoint.contract()).isEqualTo(Contract.DISCARD_ROW);
        assertThat(endpoint.pagination()).isEqualTo(new Pagination.Cursor("cursor", "/next"));
        assertThat(endpoint.headers()).containsEntry("Authorization", "Bearer ${env:CRM_TOKEN}");
        assertThat(endpoint.applyRenames()).isTrue();
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> parse("""
                {"endpoints": [{"name": "Bad Name", "url": "ftp://x", "colour": 1, "write": "merge",
                  "headers": {"X-Key": "${env:MISSING_KEY}"}, "pagination": {"type": "pages"}}]}""", Map.of()))
                .isInstanceOf(LagoaException.class)
                .hasMessageStartingWith("Invalid endpoints file endpoints.json (6 problems):")
                .hasMessageContaining("unknown key \"colour\"")
                .hasMessageContaining("\"name\" must be lower-case letters")
                .hasMessageContaining("\"url\" must be an http:// or https:// URL: 'ftp://x'")
                .hasMessageContaining("header X-Key refers to the environment variable MISSING_KEY, which is not set")
                .hasMessageContaining("\"pagination\".\"type\" must be none, page, offset, cursor or link: 'pages'")
                .hasMessageContaining("\"write\": \"merge\" needs a \"primary-key\"");
    }

    /** Issue 14 item 13: two names that make one table name are refused, each pair named, with every other problem. */
    @Test
    void endpointsWhoseTablesWouldBeTheSameAreRefused() {
        assertThatThrownBy(() -> parse("""
                {"endpoints": [{"name": "a-b", "url": "http://127.0.0.1/a"}, {"name": "a_b", "url": "http://127.0.0.1/b"},
                  {"name": "a--b", "url": "http://127.0.0.1/c"}, {"name": "other", "url": "http://127.0.0.1/d"}]}""", Map.of()))
                .isInstanceOf(LagoaException.class)
                .hasMessageStartingWith("Invalid endpoints file endpoints.json (2 problems):")
                .hasMessageContaining("endpoints[1] (a_b): it would load into table a_b, the table of endpoint a-b; give it another name")
                .hasMessageContaining("endpoints[2] (a--b): it would load into table a_b, the table of endpoint a-b; give it another name");
    }
}
