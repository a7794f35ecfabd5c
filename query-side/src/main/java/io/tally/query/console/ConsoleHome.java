package io.tally.query.console;

import static io.tally.web.security.TallyHttpSecurity.ANALYST;
import static io.tally.web.security.TallyHttpSecurity.AUDITOR;
import static io.tally.web.security.TallyHttpSecurity.OPS;

import io.tally.web.security.TallySecurityProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/** Sign-in, the start page and the refusal page. */
@ConsoleController
@RequestMapping("/console")
class ConsoleHome {

    /** The dev-mode accounts: one per role a person holds. */
    record DevAccount(String name, String role, String does) {}

    static final List<DevAccount> DEV_ACCOUNTS = List.of(
            new DevAccount("analyst", ANALYST, "searches orders, reads revenue and top products"),
            new DevAccount("auditor", AUDITOR, "browses the event log, verifies it, exports it"),
            new DevAccount("operator", OPS, "watches projections, replays them, retries dead letters"));

    private final ConsoleProperties console;
    private final boolean devMode;
    private final SecurityContextRepository contexts;
    private final Clock clock = Clock.systemUTC();

    ConsoleHome(ConsoleProperties console, TallySecurityProperties security, SecurityContextRepository contexts) {
        this.console = console;
        this.devMode = security.devMode();
        this.contexts = contexts;
    }

    @GetMapping({"", "/"})
    String home() {
        return "console/home";
    }

    @GetMapping("/sign-in")
    String signIn(Model model) {
        model.addAllAttributes(signInModel());
        return "console/sign-in";
    }

    /** What the sign-in page shows: the dev accounts (dev mode only) and the way to the identity provider. */
    private Map<String, Object> signInModel() {
        return Map.of(
                "devAccounts",
                devMode ? DEV_ACCOUNTS : List.of(),
                "identityProvider",
                console.identityProvider(),
                "providerPath",
                "/console/oauth2/authorization/" + ConsoleSecurityConfiguration.REGISTRATION);
    }

    /** Dev mode only: signs in as one of {@link #DEV_ACCOUNTS} for {@code tally.console.dev-session}. */
    @PostMapping("/sign-in/dev")
    ModelAndView devSignIn(
            @RequestParam(required = false) String account,
            @RequestParam(required = false) String secret,
            HttpServletRequest request,
            HttpServletResponse response) {
        if (!devMode) {
            return ConsolePages.error(
                    HttpStatus.NOT_FOUND,
                    "No dev accounts here",
                    "Dev accounts exist only in the embedded dev mode (./tally up).",
                    "Sign in through your identity provider.");
        }
        Optional<DevAccount> chosen =
                DEV_ACCOUNTS.stream().filter(a -> a.name().equals(account)).findFirst();
        if (chosen.isEmpty()) {
            ModelAndView page = new ModelAndView("console/sign-in", signInModel(), HttpStatus.BAD_REQUEST);
            page.addObject("problem", "Choose one of the accounts.");
            return page;
        }
        if (!console.devSecretMatches(secret)) {
            // the dev accounts have no passwords: the secret ./tally up printed stands in for them
            ModelAndView page = new ModelAndView("console/sign-in", signInModel(), HttpStatus.UNAUTHORIZED);
            page.addObject(
                    "problem",
                    console.devSecret().isEmpty()
                            ? "Dev sign-in needs TALLY_CONSOLE_DEV_SECRET; ./tally up sets it and prints it."
                            : "That is not the dev sign-in secret ./tally up printed.");
            return page;
        }
        DevAccount who = chosen.get();
        Instant now = clock.instant();
        Map<String, Object> claims = Map.of(
                ConsoleUser.NAME,
                who.name(),
                "iat",
                now,
                ConsoleUser.EXPIRES,
                now.plus(console.devSession()),
                "roles",
                List.of(who.role()));
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(
                ConsoleUser.authentication(claims, List.of(new SimpleGrantedAuthority("ROLE_" + who.role())), "dev"));
        SecurityContextHolder.setContext(context);
        request.getSession(true);
        request.changeSessionId();
        contexts.saveContext(context, request, response);
        return new ModelAndView("redirect:/console");
    }

    /** A form sent without a valid CSRF token: nothing was done. */
    @RequestMapping("/form-expired")
    ModelAndView formExpired() {
        return ConsolePages.error(
                HttpStatus.FORBIDDEN,
                "The form has expired",
                "The form was sent without the token of this session, so nothing was done.",
                "Open the page again and send the form from there.");
    }

    @RequestMapping("/forbidden")
    ModelAndView forbidden() {
        return ConsolePages.error(
                HttpStatus.FORBIDDEN,
                "Not for your role",
                "Your role may not open this page.",
                "Go back to the start page, or ask for the role it needs.");
    }
}
