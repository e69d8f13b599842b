package dev.lagoa.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** STS GetCallerIdentity (query protocol: a form-encoded POST, an XML answer) against a stub. */
class CallerIdentityIT {
    private static WireMockServer sts;

    @BeforeAll
    static void startStub() {
        sts = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        sts.start();
    }

    @AfterAll
    static void stopStub() {
        sts.stop();
    }

    static void stubCaller(WireMockServer server, String arn) {
        server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=GetCallerIdentity")).willReturn(aResponse()
                .withHeader("Content-Type", "text/xml").withBody("""
                        <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                          <GetCallerIdentityResult><Arn>%s</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult>
                          <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
                        </GetCallerIdentityResponse>""".formatted(arn))));
    }

    @Test
    void anIamUserIsNamedByItsUserName() {
        stubCaller(sts, "arn:aws:iam::123456789012:user/team/Ana.Souza");

        CallerIdentity identity = CallerIdentity.fetch(AthenaQueryEngineIT.aws(sts.baseUrl()));

        assertThat(identity).isEqualTo(new CallerIdentity("123456789012", "arn:aws:iam::123456789012:user/team/Ana.Souza", "AIDAEXAMPLE"));
        assertThat(identity.userName()).isEqualTo("Ana.Souza");
        assertThat(identity.isAssumedRole()).isFalse();
        assertThat(identity.principalArn()).isEqualTo(identity.arn());
    }

    @Test
    void anAssumedRoleIsNamedByItsSessionAndSimulatedAsItsRole() {
        stubCaller(sts, "arn:aws:sts::123456789012:assumed-role/DataEngineer/ana");

        CallerIdentity identity = CallerIdentity.fetch(AthenaQueryEngineIT.aws(sts.baseUrl()));

        assertThat(identity.userName()).isEqualTo("ana");
        assertThat(identity.isAssumedRole()).isTrue();
        assertThat(identity.principalArn()).isEqualTo("arn:aws:iam::123456789012:role/DataEngineer");
    }
}
