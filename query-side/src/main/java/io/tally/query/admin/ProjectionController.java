package io.tally.query.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.tally.web.problem.ApiProblemException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/admin/projections")
class ProjectionController {

    private final ProjectionStatus projections;
    private final Replays replays;

    ProjectionController(ProjectionStatus projections, Replays replays) {
        this.projections = projections;
        this.replays = replays;
    }

    /**
     * Rebuilds the read model from the first event into a copy while the current one keeps
     * answering, then swaps the copy in; follow it at {@code GET /api/admin/projections/{name}}.
     */
    @Operation(operationId = "replayProjection", summary = "Rebuild a projection from the first event (blue/green)")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "202",
            description = "started; follow it at" + " the Location",
            headers =
                    @io.swagger.v3.oas.annotations.headers.Header(
                            name = "Location",
                            schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string")))
    @PostMapping("/{name}/replay")
    ResponseEntity<Map<String, Object>> replay(@PathVariable String name) {
        Replays.ReplayReport started = start(replays, name);
        return ResponseEntity.accepted()
                .location(java.net.URI.create("/api/admin/projections/" + name))
                .body(Map.of(
                        "projection",
                        name,
                        "replaying",
                        true,
                        "startedAt",
                        started.startedAt().toString()));
    }

    @Operation(operationId = "listProjections", summary = "Every projection: position, lag, replay state")
    @GetMapping
    List<ProjectionStatus.ProjectionView> projections() {
        return projections.all();
    }

    @Operation(operationId = "getProjection", summary = "One projection: position, lag, replay state")
    @GetMapping("/{name}")
    ProjectionStatus.ProjectionView projection(@PathVariable String name) {
        return projections.find(name).orElseThrow(() -> unknown(name));
    }

    /** Retries the projection's dead letters now instead of at the next scheduled retry. */
    @Operation(operationId = "retryDeadLetters", summary = "Retry a projection's dead letters")
    @PostMapping("/{name}/dead-letters/retry")
    Map<String, Object> retryDeadLetters(@PathVariable String name) {
        projections.find(name).orElseThrow(() -> unknown(name));
        int retried = projections.retryDeadLetters(name);
        return Map.of(
                "projection",
                name,
                "sequencesRetried",
                retried,
                "deadLetters",
                projections
                        .find(name)
                        .map(ProjectionStatus.ProjectionView::deadLetters)
                        .orElse(0L));
    }

    /** Starts a replay, its refusals as problems: 404 for an unknown projection, 409 while one runs (the console's too). */
    static Replays.ReplayReport start(Replays replays, String name) {
        try {
            return replays.start(name);
        } catch (Replays.UnknownProjectionException unknown) {
            throw unknown(name);
        } catch (Replays.ReplayRunningException running) {
            throw new ApiProblemException(
                    HttpStatus.CONFLICT, "replay-in-progress", "Replay in progress", running.getMessage());
        }
    }

    /** The refusal of a projection name that is not one (the console answers it too). */
    static ApiProblemException unknown(String name) {
        return new ApiProblemException(HttpStatus.NOT_FOUND, "not-found", "Not found", "no projection " + name);
    }
}
