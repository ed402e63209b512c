package dev.depot.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {
    @Test
    void scrubsEverySecretFromForeignText() {
        SecretMasker masker = SecretMasker.of("s3cret", null, "sentinelpw");
        assertThat(masker.scrub("AUTH s3cret failed; sentinel sentinelpw; again s3cret"))
                .isEqualTo("AUTH **** failed; sentinel ****; again ****");
        assertThat(masker.scrub(null)).isEmpty();
    }

    @Test
    void aSecretThatContainsAnotherIsMaskedWhole() {
        assertThat(SecretMasker.of("pass", "password123").scrub("login password123 refused"))
                .isEqualTo("login **** refused");
    }

    @Test
    void secretsTooShortToMaskWithoutRevealingThemAreLeftAlone() {
        assertThat(SecretMasker.of("ab", "").scrub("a table of bytes")).isEqualTo("a table of bytes");
        assertThat(SecretMasker.of(Arrays.asList("abc", null)).scrub("abcd")).isEqualTo("****d");
    }

    @Test
    void masksTheUserInfoOfAUrlThatDidNotParse() {
        assertThat(SecretMasker.maskUrlText("postgres://app:hunter2@db:bad/x and redis://:pw@h"))
                .isEqualTo("postgres://app:****@db:bad/x and redis://:****@h");
        assertThat(SecretMasker.maskUrlText("sqlite:./no-secret.db")).isEqualTo("sqlite:./no-secret.db");
    }

    @Test
    void findsThePasswordOfAUrlAsWritten() {
        assertThat(SecretMasker.rawUrlPassword("postgres://u:p%40ss@127.0.0.1:1/db")).contains("p%40ss");
        assertThat(SecretMasker.rawUrlPassword("postgres://u@127.0.0.1:1/db")).isEmpty();
    }

    @Test
    void parsedUrlsMaskWithTheSameMark() {
        assertThat(StoreUrl.parse("redis://u:hunter2@h:1?sentinelPassword=x").masked())
                .isEqualTo("redis://u:" + SecretMasker.MASK + "@h:1?sentinelPassword=" + SecretMasker.MASK);
    }
}
