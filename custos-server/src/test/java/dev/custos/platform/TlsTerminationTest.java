package dev.custos.platform;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

import dev.custos.support.CustosIntegrationTest;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Custos terminating TLS itself (SC-01): given a certificate, it speaks TLS 1.3 and nothing older, sends HSTS,
 * and every cookie it sets is Secure. Runs its own server, with a certificate made for the test.
 */
@Tag("SC-01")
@DirtiesContext
@TestPropertySource(properties = "custos.database.data-directory=target/test-postgres-tls")
class TlsTerminationTest extends CustosIntegrationTest {

    private static final Path DIRECTORY = Path.of("target", "test-tls");
    private static X509Certificate certificate;

    @DynamicPropertySource
    static void certificate(DynamicPropertyRegistry properties) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair key = generator.generateKeyPair();
        X500Name name = new X500Name("CN=localhost");
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(1, ChronoUnit.DAYS)), name,
                key.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
        certificate = new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        Files.createDirectories(DIRECTORY);
        Path chain = DIRECTORY.resolve("certificate.pem");
        Path privateKey = DIRECTORY.resolve("private-key.pem");
        Files.writeString(chain, pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(privateKey, pem("PRIVATE KEY", key.getPrivate().getEncoded()));
        properties.add("custos.tls.certificate", chain::toString);
        properties.add("custos.tls.private-key", privateKey::toString);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private HttpClient client(String... protocols) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("custos", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(protocols);
        return HttpClient.newBuilder().sslContext(context).sslParameters(parameters).build();
    }

    private HttpResponse<String> get(HttpClient client, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("with a certificate, Custos speaks TLS 1.3, sends HSTS and sets every cookie Secure")
    void tls13WithHstsAndSecureCookies() throws Exception {
        HttpResponse<String> page = get(client("TLSv1.3", "TLSv1.2"), "/signin");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(page.headers().firstValue("Strict-Transport-Security").orElseThrow()).contains("max-age=");
        assertThat(page.headers().allValues("Set-Cookie")).isNotEmpty()
                .allSatisfy(cookie -> assertThat(cookie).contains("Secure"));
    }

    @Test
    @DisplayName("a client that offers only TLS 1.2 or older gets no connection")
    void olderProtocolsRefused() {
        assertThatThrownBy(() -> get(client("TLSv1.2"), "/signin")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> get(client("TLSv1.1"), "/signin")).isInstanceOf(IOException.class);
    }

    @Test
    @DisplayName("plain HTTP to the TLS port gets no page")
    void plainHttpGetsNothing() throws InterruptedException {
        int status;
        try {
            status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/signin")).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            status = -1; // no HTTP answer at all
        }
        assertThat(status).as("Tomcat answers 400 (TLS required) or drops the connection").isIn(-1, 400);
    }
}
