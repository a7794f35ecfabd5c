package io.tally.e2e;

import org.junit.jupiter.api.AfterAll;

/**
 * The shared scenario suite against both services on stock Axon ({@code TALLY_AXON_STOCK=all}), on
 * a database of their own: the oracle the departures are held to.
 */
class AxonScenariosOnStockAxonEndToEndTest extends AxonScenarios {

    @Override
    RunningSystem system() throws Exception {
        return RunningSystem.stockAxon();
    }

    /** The stock system is this class's alone: its processes go when it is done. */
    @AfterAll
    static void stop() throws Exception {
        RunningSystem.stopStockAxon();
    }
}
