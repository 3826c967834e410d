package dev.custos.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * What checking one credential costs: the SHA-256 Custos uses for API keys (random 192-bit secrets) against the
 * Argon2id it uses for passwords. Every API request pays the first; only sign-ins pay the second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class CredentialHashingBenchmark {

    private static final String API_KEY = "cst_AbCdEfGh_0123456789abcdefghijABCDEFGHIJklmno";
    private static final String PASSWORD = "a-long-enough-passphrase";

    private final Argon2PasswordEncoder argon2 = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    private String passwordHash;

    @Setup
    public void hashOnce() {
        passwordHash = argon2.encode(PASSWORD);
    }

    @Benchmark
    public byte[] apiKeySha256() throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(API_KEY.getBytes(StandardCharsets.UTF_8));
    }

    @Benchmark
    public boolean passwordArgon2id() {
        return argon2.matches(PASSWORD, passwordHash);
    }
}
