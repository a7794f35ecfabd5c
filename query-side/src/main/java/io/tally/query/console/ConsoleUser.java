package io.tally.query.console;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.oauth2.core.user.OAuth2User;

/**
 * Who is signed in to the console: the subject (what audit records name), the name to show
 * ({@code preferred_username}, else the subject), the roles and when the session ends (the token's
 * {@code exp}). Signed in through the identity provider, these are the access token's claims as
 * the API checks them; in dev mode, a dev account's.
 */
public record ConsoleUser(String name, String displayName, Set<String> roles, Instant expiresAt) {

    static final String EXPIRES = "exp";
    static final String NAME = "sub";

    /** The user of a console session, or null when there is none. */
    public static ConsoleUser of(Authentication authentication) {
        if (!(authentication instanceof OAuth2AuthenticationToken token)) {
            return null;
        }
        Object exp = token.getPrincipal().getAttribute(EXPIRES);
        Instant expiresAt = exp instanceof Instant instant ? instant : null;
        Object username = token.getPrincipal().getAttribute("preferred_username");
        return new ConsoleUser(
                token.getName(),
                username instanceof String given && !given.isBlank() ? given : token.getName(),
                roles(token.getAuthorities()),
                expiresAt);
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    boolean expired(Instant now) {
        return expiresAt == null || !now.isBefore(expiresAt);
    }

    /** A session for these claims and authorities; {@code registration} says how it was signed in. */
    static OAuth2AuthenticationToken authentication(
            Map<String, Object> claims, Collection<? extends GrantedAuthority> authorities, String registration) {
        OAuth2User user = new DefaultOAuth2User(authorities, new LinkedHashMap<>(claims), NAME);
        return new OAuth2AuthenticationToken(user, authorities, registration);
    }

    private static Set<String> roles(Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream()
                .map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_"))
                .map(a -> a.substring(5))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
