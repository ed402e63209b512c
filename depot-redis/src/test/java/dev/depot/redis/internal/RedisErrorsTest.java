package dev.depot.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.DepotException;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each case of {@link RedisErrors}, with the exceptions and message texts Lettuce and Redis produce. */
class RedisErrorsTest {
    @Test
    void lettucesConnectionFailureTypesAreUnavailable() {
        assertThat(RedisErrors.isUnavailable(new RedisConnectionException("Unable to connect to 127.0.0.1:1"))).isTrue();
        assertThat(RedisErrors.isUnavailable(new RedisCommandTimeoutException("Command timed out after 1 second(s)"))).isTrue();
        assertThat(RedisErrors.isUnavailable(new RedisCommandInterruptedException(new InterruptedException()))).isTrue();
        assertThat(RedisErrors.isUnavailable(new RedisLoadingException("LOADING Redis is loading the dataset in memory"))).isTrue();
        assertThat(RedisErrors.isUnavailable(new RedisBusyException("BUSY Redis is busy running a script"))).isTrue();
        assertThat(RedisErrors.isUnavailable(new IOException("Connection reset by peer"))).isTrue();
        assertThat(RedisErrors.isUnavailable(new TimeoutException())).isTrue();
    }

    /**
     * Replies of a replica, a failover in progress, a cluster reconfiguring or a server loading
     * its data are unavailable; a wrong type, a missing permission or command, a flushed script
     * are not (retrying would not help).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "READONLY You can't write against a read only replica.                           | true",
        "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'. | true",
        "CLUSTERDOWN The cluster is down                                                 | true",
        "TRYAGAIN Multiple keys request during rehashing of slot                         | true",
        "LOADING Redis is loading the dataset in memory                                  | true",
        "NOREPLICAS Not enough good replicas to write.                                   | true",
        "WRONGTYPE Operation against a key holding the wrong kind of value               | false",
        "NOPERM this user has no permissions to run the 'hset' command                   | false",
        "ERR unknown command 'HGETDEL'                                                   | false",
        "NOSCRIPT No matching script. Please use EVAL.                                   | false"})
    void serverRepliesAreUnavailableWhenTheyMeanNotNow(String reply, boolean unavailable) {
        assertThat(RedisErrors.isUnavailable(new RedisCommandExecutionException(reply))).isEqualTo(unavailable);
    }

    /** Lettuce's own texts for a connection that went away, some only in the message of a plain RedisException. */
    @ParameterizedTest
    @ValueSource(strings = {
        "Connection closed",
        "Connection closed prematurely",
        "Connection disconnected",
        "Currently not connected. Commands are rejected.",
        "Connection is closed",
        "java.io.IOException: Connection reset by peer"})
    void lettuceMessagesOfALostConnectionAreUnavailable(String message) {
        assertThat(RedisErrors.isUnavailable(new RedisException(message))).isTrue();
    }

    @Test
    void aRedisExceptionIsUnavailableWhenItsCauseIs() {
        assertThat(RedisErrors.isUnavailable(new RedisException("wrapped", new IOException("broken pipe")))).isTrue();
        assertThat(RedisErrors.isUnavailable(new RedisException("wrapped", new IllegalStateException("bug")))).isFalse();
        assertThat(RedisErrors.isUnavailable(new RedisException("Connection is closing"))).isFalse();
    }

    @Test
    void otherFailuresAreNotUnavailable() {
        assertThat(RedisErrors.isUnavailable(new IllegalArgumentException("bad"))).isFalse();
        assertThat(RedisErrors.isUnavailable(new DepotException("already mapped"))).isFalse();
        assertThat(RedisErrors.isUnavailable(new RedisException((String) null))).isFalse();
    }

    @Test
    void onlyCommandsRefusedBeforeWritingCountAsNotSent() {
        assertThat(RedisErrors.notSent(new RedisException("Currently not connected. Commands are rejected."))).isTrue();
        assertThat(RedisErrors.notSent(new RedisException("Connection is closed"))).isTrue();
        // the server may have run these: sending again could apply a compare-and-set twice
        assertThat(RedisErrors.notSent(new RedisException("Connection disconnected"))).isFalse();
        assertThat(RedisErrors.notSent(new RedisCommandTimeoutException("Command timed out"))).isFalse();
        assertThat(RedisErrors.notSent(new IOException("Connection is closed"))).isFalse();
        assertThat(RedisErrors.notSent(new RedisException((String) null))).isFalse();
    }

    @Test
    void timeoutsAreFoundAnywhereInTheChain() {
        assertThat(RedisErrors.isTimeout(new RedisCommandTimeoutException())).isTrue();
        assertThat(RedisErrors.isTimeout(new RedisConnectionException("Unable to connect", new TimeoutException()))).isTrue();
        assertThat(RedisErrors.isTimeout(new RedisConnectionException("Unable to connect",
                new ConnectException("connection timed out: /10.255.255.1:6379")))).isTrue();
        assertThat(RedisErrors.isTimeout(new RedisConnectionException("Unable to connect",
                new ConnectException("Connection refused")))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "WRONGPASS invalid username-password pair or user is disabled.",
        "NOAUTH HELLO must be called with the client already authenticated",
        "ERR invalid password",
        "ERR invalid username-password pair"})
    void refusedCredentialsAreRecognisedInTheChain(String reply) {
        RedisCommandExecutionException refusal = new RedisCommandExecutionException(reply);
        assertThat(RedisErrors.authFailure(new RedisConnectionException("Unable to connect", refusal))).isSameAs(refusal);
    }

    @Test
    void otherRepliesAreNotRefusedCredentials() {
        assertThat(RedisErrors.authFailure(new RedisConnectionException("Unable to connect",
                new RedisCommandExecutionException("ERR unknown command 'HELLO'")))).isNull();
        assertThat(RedisErrors.authFailure(new RedisConnectionException("Unable to connect"))).isNull();
    }

    /** Lettuce 7's report when the server refused the handshake and closed the connection before Lettuce read the outcome. */
    @Test
    void aHandshakeWhoseReplyLettuceLostIsRecognised() {
        RedisConnectionException lost = new RedisConnectionException("Unable to connect to 127.0.0.1/<unresolved>:6379",
                new IllegalStateException("RedisHandshakeHandler not registered"));
        assertThat(RedisErrors.handshakeReplyLost(lost)).isTrue();
        assertThat(RedisErrors.handshakeReplyLost(new CompletionException(lost))).isTrue();
        assertThat(RedisErrors.handshakeReplyLost(new RedisConnectionException("Unable to connect",
                new IllegalStateException("bug")))).isFalse();
        assertThat(RedisErrors.handshakeReplyLost(new RedisConnectionException("Unable to connect",
                new ConnectException("Connection refused")))).isFalse();
        assertThat(RedisErrors.handshakeReplyLost(new RedisConnectionException("Unable to connect",
                new RedisCommandExecutionException("WRONGPASS invalid username-password pair or user is disabled.")))).isFalse();
    }

    @Test
    void hintsNameWhatTheOperatorCanDo() {
        assertThat(RedisErrors.hint("WRONGTYPE Operation against a key holding the wrong kind of value"))
                .contains("another program uses this prefix");
        assertThat(RedisErrors.hint("NOPERM this user has no permissions")).contains("grant the Redis user").contains("EVALSHA");
        assertThat(RedisErrors.hint("ERR something else")).isEmpty();
    }

    @Test
    void rootMessageAddsTheRootCause() {
        assertThat(RedisErrors.rootMessage(new RedisConnectionException("Unable to connect to h:1",
                new IOException("wrapped", new ConnectException("Connection refused")))))
                .isEqualTo("Unable to connect to h:1: Connection refused");
        assertThat(RedisErrors.rootMessage(new IOException("alone"))).isEqualTo("alone");
    }

    @Test
    void findReturnsTheFirstOfATypeInTheChain() {
        SSLException ssl = new SSLException("PKIX path building failed");
        assertThat(RedisErrors.find(new RedisConnectionException("x", new IOException("y", ssl)), SSLException.class)).isSameAs(ssl);
        assertThat(RedisErrors.find(new IOException("y"), SSLException.class)).isNull();
    }
}
