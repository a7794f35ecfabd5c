package io.tally.query.admin;

import java.io.IOException;

/** The copy of one read model that a replay rebuilds and then swaps in for the live one. */
interface ReadModelCopy {

    /** An empty copy, whatever an earlier, unfinished replay left thrown away. */
    void prepare() throws IOException;

    /** Puts the copy where queries read; runs inside the transaction that hands the token over. */
    void swap();

    /** After the replay ended, swapped or not: what the old copy still holds is freed. */
    void afterSwap();

    /** After a replay that did not swap: the copy is dropped. */
    void cleanUp() throws IOException;
}
