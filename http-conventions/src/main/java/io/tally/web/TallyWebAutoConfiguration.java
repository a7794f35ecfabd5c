package io.tally.web;

import io.tally.web.input.BodySizeLimitFilter;
import io.tally.web.limits.CallerLimitFilter;
import io.tally.web.limits.CallerLimits;
import io.tally.web.limits.LimitProperties;
import io.tally.web.openapi.TallyOpenApi;
import io.tally.web.problem.ProblemErrorController;
import io.tally.web.problem.ProblemErrorReportValve;
import io.tally.web.problem.ProblemExceptionHandler;
import io.tally.web.problem.ProblemWriter;
import io.tally.web.security.TallyHttpSecurity;
import io.tally.web.security.TallySecurityProperties;
import io.tally.web.security.TokenDecoders;
import io.tally.web.security.VerifiedTokenCache;
import java.io.IOException;
import java.security.GeneralSecurityException;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Web conventions both services share: strict JSON (no coercion of strings or fractions into
 * numbers, no unknown or repeated fields), a 1 MB body limit, JWT validation and problem+json everywhere.
 */
@AutoConfiguration(
        beforeName = {
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
            "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration"
        })
@EnableConfigurationProperties({
    TallySecurityProperties.class,
    OAuth2ResourceServerProperties.class,
    LimitProperties.class
})
public class TallyWebAutoConfiguration {

    @Bean
    JsonMapperBuilderCustomizer strictJson() {
        return builder -> builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                // {"amount":1,"amount":100000}: a proxy or log reader taking the first and Tally the
                // last would disagree on what was sent; a field given twice is refused instead
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    /** Errors Tomcat answers itself (before Spring) as problem+json too. */
    @Bean
    org.springframework.boot.web.server.WebServerFactoryCustomizer<
                    org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory>
            problemErrorReportValve() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof org.apache.catalina.core.StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
            // a refused body is not read to its end: the connection closes after the 413
            context.getPipeline().addValve(new io.tally.web.input.NoSwallowAfterRefusalValve());
        });
    }

    @Bean
    ProblemWriter problemWriter(JsonMapper jsonMapper) {
        return new ProblemWriter(jsonMapper);
    }

    @Bean
    ProblemExceptionHandler problemExceptionHandler(ProblemWriter problems) {
        return new ProblemExceptionHandler(problems);
    }

    @Bean
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(
            TallySecurityProperties properties, ProblemWriter problems) {
        FilterRegistrationBean<BodySizeLimitFilter> registration =
                new FilterRegistrationBean<>(new BodySizeLimitFilter(properties.maxBodyBytes(), problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** Records' components required, and null where marked @Nullable, in the documents' schemas. */
    @Bean
    io.tally.web.openapi.RecordNullability recordNullability() {
        return new io.tally.web.openapi.RecordNullability();
    }

    /** Bearer scheme, the people's sign-in flow, Idempotency-Key, If-Match and problem answers in /v3/api-docs. */
    @Bean
    TallyOpenApi tallyOpenApi(org.springframework.core.env.Environment environment) {
        return new TallyOpenApi(
                environment.getProperty("spring.application.name", "tally"),
                environment.getProperty("tally.openapi.authorization-url", ""),
                environment.getProperty("tally.openapi.token-url", ""));
    }

    @Bean
    CallerLimits callerLimits(LimitProperties properties) {
        return new CallerLimits(properties);
    }

    /** After Spring Security's chain (order -100), so the caller is known; before everything else. */
    @Bean
    FilterRegistrationBean<CallerLimitFilter> callerLimitFilter(CallerLimits limits, ProblemWriter problems) {
        FilterRegistrationBean<CallerLimitFilter> registration =
                new FilterRegistrationBean<>(new CallerLimitFilter(limits, problems));
        registration.setOrder(-90);
        return registration;
    }

    @Bean
    JwtDecoder jwtDecoder(OAuth2ResourceServerProperties resourceServer, TallySecurityProperties properties)
            throws IOException, GeneralSecurityException {
        return new VerifiedTokenCache(
                TokenDecoders.build(resourceServer.getJwt(), properties.devMode()), java.time.Clock.systemUTC());
    }

    @Bean
    JwtAuthenticationConverter jwtAuthenticationConverter() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName("roles");
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        return converter;
    }

    @Bean
    TallyHttpSecurity tallyHttpSecurity(JwtAuthenticationConverter converter, ProblemWriter problems) {
        return new TallyHttpSecurity(converter, problems);
    }
}
