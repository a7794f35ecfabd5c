package io.tally.e2e;

/** The shared scenario suite against the shared system, every departure from stock Axon on. */
class AxonScenariosOnDeparturesEndToEndTest extends AxonScenarios {

    @Override
    RunningSystem system() throws Exception {
        return RunningSystem.get();
    }
}
