package io.tally.tools.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The invariants a campaign's history must hold, each by name, with the calls that break it. */
final class Checks {

    /** A rule and what breaks it (empty: it holds). */
    record Result(String name, List<String> broken, String summary) {
        boolean holds() {
            return broken.isEmpty();
        }
    }

    private Checks() {}

    /** No 500 anywhere: only 503 with Retry-After (or 429) while a part is down. */
    static Result noServerErrors(History history) {
        List<String> broken = new ArrayList<>();
        long unavailable = 0;
        long limited = 0;
        for (History.Call call : history.calls) {
            if (call.status() == 503) {
                unavailable++;
                if (!call.retryAfter()) {
                    broken.add("503 without Retry-After: " + call);
                }
            } else if (call.status() == 429) {
                limited++;
            } else if (call.status() >= 500) {
                broken.add(call.toString());
            }
        }
        return new Result(
                "no 500: only 503 with Retry-After or 429",
                broken,
                unavailable + " answers 503, " + limited + " answers 429");
    }

    /**
     * Every acknowledged command stored exactly once (its event found by idempotency key in its
     * aggregate), every refused one not stored at all.
     */
    static Result[] storedOnce(History history, String jdbcUrl, String password) throws Exception {
        List<String> lost = new ArrayList<>();
        List<String> doubled = new ArrayList<>();
        List<String> refusedStored = new ArrayList<>();
        long acknowledged = 0;
        long refused = 0;
        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", password);
                PreparedStatement byKey = db.prepareStatement("SELECT aggregate_identifier, payload_type"
                        + " FROM tally_events.domain_event_entry WHERE meta_data::jsonb ->> 'idempotencyKey' = ?")) {
            for (History.Command command : history.commands) {
                if (!command.acknowledged() && !command.refused()) {
                    continue;
                }
                byKey.setString(1, command.key());
                long primary = 0;
                long any = 0;
                try (ResultSet rows = byKey.executeQuery()) {
                    while (rows.next()) {
                        any++;
                        if (rows.getString(2).endsWith("." + command.eventType())
                                && (command.aggregate() == null
                                        || command.aggregate().equals(rows.getString(1)))) {
                            primary++;
                        }
                    }
                }
                if (command.acknowledged()) {
                    acknowledged++;
                    if (primary == 0) {
                        lost.add(command.toString());
                    } else if (primary > 1) {
                        doubled.add(command + ": " + primary + "x " + command.eventType());
                    }
                } else {
                    refused++;
                    if (any > 0) {
                        refusedStored.add(command + ": " + any + " events stored under its key");
                    }
                }
            }
        }
        return new Result[] {
            new Result("every acknowledged command stored (lost)", lost, acknowledged + " acknowledged"),
            new Result("no acknowledged command stored twice (doubled)", doubled, acknowledged + " acknowledged"),
            new Result("nothing refused stored", refusedStored, refused + " refused")
        };
    }

    /** A request sent again with its key and body is answered as the first time (status, version). */
    static Result replaysAgree(History history) {
        List<String> broken = new ArrayList<>();
        for (History.Call[] pair : history.replays) {
            if (pair[1].status() != pair[0].status() || pair[1].version() != pair[0].version()) {
                broken.add("first " + pair[0] + ", again " + pair[1]);
            }
        }
        return new Result("a retried key answers as the first time", broken, history.replays.size() + " replays");
    }

    /** Two writes with one If-Match: never both succeed. */
    static Result racesHaveOneWinner(History history) {
        List<String> broken = new ArrayList<>();
        for (History.Call[] race : history.races) {
            if (race[0].status() / 100 == 2 && race[1].status() / 100 == 2) {
                broken.add("both won: " + race[0] + " and " + race[1]);
            }
        }
        return new Result("If-Match races have at most one winner", broken, history.races.size() + " races");
    }

    /**
     * In each aggregate's recorded history: a read with minVersion answered 200 shows at least that
     * version (read-your-writes), and writes that did not overlap in time answered versions in the
     * order they were made (ETag ordering).
     */
    static Result historiesOrdered(History history) {
        List<String> broken = new ArrayList<>();
        Map<String, List<History.Call>> byAggregate = new HashMap<>();
        for (History.Call call : history.calls) {
            String aggregate = history.aggregateOf(call);
            if (aggregate != null) {
                byAggregate.computeIfAbsent(aggregate, a -> new ArrayList<>()).add(call);
            }
        }
        long checked = 0;
        for (Map.Entry<String, List<History.Call>> entry : byAggregate.entrySet()) {
            List<History.Call> writes = new ArrayList<>();
            Map<String, History.Call> firstAnswer = new LinkedHashMap<>();
            for (History.Call call : entry.getValue()) {
                if (call.minVersion() >= 0 && call.status() == 200) {
                    checked++;
                    if (call.version() < call.minVersion()) {
                        broken.add(entry.getKey() + ": read below its minVersion: " + call);
                    }
                }
                if (!call.method().equals("GET") && call.status() / 100 == 2 && call.version() >= 0) {
                    // an idempotent replay repeats the first answer: only the first counts
                    if (firstAnswer.putIfAbsent(call.key(), call) == null) {
                        writes.add(call);
                    }
                }
            }
            writes.sort((a, b) -> Long.compare(a.startNanos(), b.startNanos()));
            for (int i = 0; i < writes.size(); i++) {
                for (int j = i + 1; j < writes.size(); j++) {
                    History.Call a = writes.get(i);
                    History.Call b = writes.get(j);
                    if (a.endNanos() < b.startNanos() && a.version() >= b.version()) {
                        broken.add(entry.getKey() + ": " + a + " finished before " + b + " began");
                    }
                    checked++;
                }
            }
        }
        return new Result(
                "read-your-writes (minVersion) and ETag order per aggregate", broken, checked + " pairs and reads");
    }
}
