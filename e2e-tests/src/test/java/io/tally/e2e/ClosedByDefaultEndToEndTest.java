package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 34, point 7, played from the network and from another local process: the services listen
 * on 127.0.0.1 unless configured, and the stores' control endpoint stops nothing without its token.
 */
class ClosedByDefaultEndToEndTest {

    private static RunningSystem system;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
    }

    @Test
    void theServicesAreNotReachableOnTheMachinesOtherAddresses() throws Exception {
        Optional<InetAddress> other = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(nic -> isUp(nic))
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst();
        assumeThat(other).as("a network address besides loopback").isPresent();
        for (int port : new int[] {system.commandPort, system.queryPort}) {
            try (Socket local = new Socket()) {
                local.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            }
            assertThatThrownBy(() -> {
                        try (Socket remote = new Socket()) {
                            remote.connect(new InetSocketAddress(other.get(), port), 2000);
                        }
                    })
                    .as("port " + port + " on " + other.get())
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void theStoresControlEndpointRefusesARequestWithoutItsToken() throws Exception {
        String control = System.getenv("TALLY_STORES_CONTROL");
        assumeThat(control).as("stores started by ./tally test").isNotNull();
        String withoutToken = control.substring(0, control.lastIndexOf('/'));
        HttpURLConnection stop = (HttpURLConnection)
                URI.create(withoutToken + "/postgres/stop").toURL().openConnection();
        stop.setRequestMethod("POST");
        assertThat(stop.getResponseCode()).isEqualTo(403);
        HttpURLConnection guessed =
                (HttpURLConnection) URI.create(withoutToken + "/" + "0".repeat(32) + "/postgres/stop")
                        .toURL()
                        .openConnection();
        guessed.setRequestMethod("POST");
        assertThat(guessed.getResponseCode()).isEqualTo(403);
        assertThat(system.send("GET", system.commandPort, "/actuator/health/readiness", null, null)
                        .statusCode())
                .as("PostgreSQL still up")
                .isEqualTo(200);
    }

    private static boolean isUp(NetworkInterface nic) {
        try {
            return nic.isUp();
        } catch (IOException e) {
            return false;
        }
    }
}
