package io.tally.query.admin;

import io.tally.query.console.ConsoleController;
import java.util.List;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The operators' page: every projection with its position, lag and dead letters; a replay started
 * from the page, its progress and ETA until the swap (the page refreshes itself while one runs);
 * dead letters retried. The same services as {@code /api/admin/projections}.
 */
@ConsoleController
@RequestMapping("/console/projections")
class ProjectionConsole {

    private final ProjectionStatus projections;
    private final Replays replays;

    ProjectionConsole(ProjectionStatus projections, Replays replays) {
        this.projections = projections;
        this.replays = replays;
    }

    @GetMapping
    String projections(Model model) {
        List<ProjectionStatus.ProjectionView> all = projections.all();
        model.addAttribute("projections", all);
        model.addAttribute("replaying", all.stream().anyMatch(ProjectionStatus.ProjectionView::replaying));
        return "console/projections";
    }

    @PostMapping("/{name}/replay")
    String replay(@PathVariable String name, RedirectAttributes flash) {
        known(name);
        ProjectionController.start(replays, name);
        flash.addFlashAttribute(
                "notice",
                "Replay of " + name + " started: the current read model keeps answering"
                        + " until the rebuilt copy is swapped in.");
        return "redirect:/console/projections";
    }

    @PostMapping("/{name}/dead-letters/retry")
    String retry(@PathVariable String name, RedirectAttributes flash) {
        known(name);
        int retried = projections.retryDeadLetters(name);
        long left = projections
                .find(name)
                .map(ProjectionStatus.ProjectionView::deadLetters)
                .orElse(0L);
        flash.addFlashAttribute(
                "notice",
                "Retried " + retried + " dead-letter sequence" + (retried == 1 ? "" : "s") + " of " + name + "; " + left
                        + " event" + (left == 1 ? "" : "s") + " still wait.");
        return "redirect:/console/projections";
    }

    private void known(String name) {
        projections.find(name).orElseThrow(() -> ProjectionController.unknown(name));
    }
}
