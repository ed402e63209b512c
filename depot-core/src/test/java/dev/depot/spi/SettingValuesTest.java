package dev.depot.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingValuesTest {
    @Test
    void booleansAcceptTheSameWordsEverywhere() {
        for (String yes : new String[] {"true", "YES", " on ", "1"}) {
            assertThat(SettingValues.parseBoolean("S", yes)).as(yes).isTrue();
        }
        for (String no : new String[] {"False", "no", "OFF", "0"}) {
            assertThat(SettingValues.parseBoolean("S", no)).as(no).isFalse();
        }
        assertThatThrownBy(() -> SettingValues.parseBoolean("DEPOT_SHARED", "maybe"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DEPOT_SHARED").hasMessageContaining("maybe");
    }

    @Test
    void durationsAreMillisecondsOrCarryAUnit() {
        assertThat(SettingValues.parseDuration("T", "1500")).isEqualTo(Duration.ofMillis(1500));
        assertThat(SettingValues.parseDuration("T", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(SettingValues.parseDuration("T", "5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(SettingValues.parseDuration("T", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(SettingValues.parseDuration("T", "3h")).isEqualTo(Duration.ofHours(3));
        assertThat(SettingValues.parseDuration("T", "7d")).isEqualTo(Duration.ofDays(7));
        assertThat(SettingValues.parseDuration("T", "PT5S")).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> SettingValues.parseDuration("T", "-5s")).hasMessageContaining("negative");
        assertThatThrownBy(() -> SettingValues.parseDuration("T", "soon")).hasMessageContaining("T must be a duration");
        assertThatThrownBy(() -> SettingValues.parseDuration("timeout", "0", Duration.ofMillis(1), Duration.ofHours(1)))
                .hasMessageContaining("timeout must be from 1 ms to 3600000 ms");
    }

    @Test
    void wholeNumbersHaveBounds() {
        assertThat(SettingValues.parseLong("DB_POOL", " 25 ", 1, 1000)).isEqualTo(25);
        assertThatThrownBy(() -> SettingValues.parseLong("DB_POOL", "many", 1, 1000))
                .hasMessage("DB_POOL must be a whole number from 1 to 1000, not 'many'");
        assertThatThrownBy(() -> SettingValues.parseLong("DB_POOL", "0", 1, 1000)).hasMessageContaining("from 1 to 1000");
        assertThatThrownBy(() -> SettingValues.parseLong("DB_POOL", "1.5", 1, 1000)).hasMessageContaining("'1.5'");
    }

    @Test
    void urlParametersUseTheSameRulesNameTheUrlMaskedAndTreatBlankAsUnset() {
        StoreUrl url = StoreUrl.parse("redis://u:hunter2@h?verifyPeer=off&timeout=2s&n=7&blank=&bad=maybe");
        assertThat(url.booleanParam("verifyPeer", true)).isFalse();
        assertThat(url.booleanParam("blank", true)).isTrue();
        assertThat(url.booleanParam("absent", false)).isFalse();
        assertThat(url.durationParam("timeout", null, Duration.ofMillis(1), Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(2));
        assertThat(url.durationParam("absent", Duration.ofSeconds(9), Duration.ZERO, Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(9));
        assertThat(url.longParam("n", 0, 0, 10)).isEqualTo(7);
        assertThat(url.longParam("blank", 3, 0, 10)).isEqualTo(3);
        assertThatThrownBy(() -> url.booleanParam("bad", true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad must be true or false").hasMessageContaining("in redis://u:****@h")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> url.longParam("n", 0, 0, 5)).hasMessageContaining("n must be a whole number from 0 to 5, not '7'");
    }
}
