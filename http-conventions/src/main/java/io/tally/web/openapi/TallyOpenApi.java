package io.tally.web.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every Tally OpenAPI document says beyond the controllers: the bearer scheme (and, when an
 * identity provider is named, its authorization-code flow, which the Swagger UI runs with PKCE),
 * {@code Idempotency-Key} and {@code If-Match} on the commands, and the problem+json answers each
 * operation can give, with an example of each.
 */
public final class TallyOpenApi implements OpenApiCustomizer {

    private record Problem(String code, String title, String detail) {
    }

    private static final Map<String, Problem> PROBLEMS = new LinkedHashMap<>();

    static {
        PROBLEMS.put("400", new Problem("invalid-request", "Invalid request", "lines[0].quantity: must be at least 1"));
        PROBLEMS.put("401", new Problem("unauthorized", "Unauthorized", "a valid bearer token is required"));
        PROBLEMS.put("403", new Problem("forbidden", "Forbidden", "your role may not do this"));
        PROBLEMS.put("404", new Problem("not-found", "Not found", "no order ord_0c5d..."));
        PROBLEMS.put("405", new Problem("method-not-allowed", "Method not allowed",
                "DELETE /api/orders/ord_0c5d... is not a command; the query side serves this path"));
        PROBLEMS.put("409", new Problem("not-yet-consistent", "Not yet consistent",
                "the read model has not reached version 4 within 5 s; retry"));
        PROBLEMS.put("412", new Problem("version-mismatch", "Version mismatch",
                "the aggregate is at version 7, If-Match named 6"));
        PROBLEMS.put("413", new Problem("payload-too-large", "Payload too large", "the body exceeds 1048576 bytes"));
        PROBLEMS.put("415", new Problem("unsupported-media-type", "Unsupported media type",
                "Content-Type 'text/plain' is not supported"));
        PROBLEMS.put("422", new Problem("insufficient-stock", "Business rule refused the command",
                "MUG-1: 3 available, 5 asked"));
        PROBLEMS.put("429", new Problem("too-many-requests", "Too many requests",
                "more than 1000 requests a second from this caller; retry after 1 s"));
        PROBLEMS.put("500", new Problem("internal-error", "Internal error",
                "the request failed unexpectedly; nothing was stored"));
        PROBLEMS.put("501", new Problem("not-available-with-axon-server", "Not implemented",
                "the audit API needs the PostgreSQL event store; this deployment keeps events in Axon Server"));
        PROBLEMS.put("503", new Problem("service-unavailable", "Service unavailable",
                "a store this service depends on is unavailable; retry shortly"));
    }

    private final String authorizationUrl;
    private final String tokenUrl;

    /** {@code authorizationUrl} and {@code tokenUrl} of the identity provider, or blank for none. */
    public TallyOpenApi(String authorizationUrl, String tokenUrl) {
        this.authorizationUrl = authorizationUrl;
        this.tokenUrl = tokenUrl;
    }

    @Override
    public void customise(OpenAPI openApi) {
        // relative to where the document was fetched: never an address taken from the request's Host
        openApi.setServers(List.of(new io.swagger.v3.oas.models.servers.Server().url("/")
                .description("this service, where this document was fetched")));
        Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
        openApi.setComponents(components);
        components.addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .bearerFormat("JWT").description("An access token of the configured issuer for the audience `tally`,"
                        + " roles in its `roles` claim (locally: `./tally token ROLE`)"));
        openApi.addSecurityItem(new SecurityRequirement().addList("bearer"));
        if (authorizationUrl != null && !authorizationUrl.isBlank()) {
            components.addSecuritySchemes("oidc", new SecurityScheme().type(SecurityScheme.Type.OAUTH2)
                    .description("Sign in as a person (authorization code with PKCE, the realm's public client)")
                    .flows(new OAuthFlows().authorizationCode(new OAuthFlow().authorizationUrl(authorizationUrl)
                            .tokenUrl(tokenUrl).scopes(new Scopes().addString("openid", "sign in")))));
            openApi.addSecurityItem(new SecurityRequirement().addList("oidc"));
        }
        components.addSchemas("Problem", problemSchema());
        components.addParameters("Idempotency-Key", new HeaderParameter().name("Idempotency-Key").required(false)
                .description("Any string up to 255 characters: a retry with the same key and body is answered as"
                        + " the first time and applies nothing again; the same key with another body is 422")
                .schema(new StringSchema().maxLength(255)).example("order-4711-attempt"));
        components.addParameters("If-Match", new HeaderParameter().name("If-Match").required(false)
                .description("The aggregate version the command expects (the ETag of the last answer); another"
                        + " version answers 412 version-mismatch")
                .schema(new StringSchema()).example("\"3\""));
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            // tags by resource (the path's first segment after /api), the same in both services' documents
            operation.setTags(List.of(resourceOf(path)));
            boolean command = method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT
                    || method == PathItem.HttpMethod.DELETE;
            if (command && !path.startsWith("/api/admin") && !path.startsWith("/api/customers")) {
                addParameter(operation, components, "Idempotency-Key");
                if (path.contains("{")) {
                    addParameter(operation, components, "If-Match");
                }
            }
            List<String> statuses = new java.util.ArrayList<>(List.of("400", "401", "403", "405", "429", "500",
                    "503"));
            if (path.startsWith("/api/audit") || path.endsWith("/replay")) {
                statuses.add("501"); // with events in Axon Server (opt-in), these are refused
            }
            if (path.contains("{")) {
                statuses.add("404");
            }
            if (command) {
                statuses.addAll(List.of("409", "413", "415", "422"));
                if (path.contains("{")) {
                    statuses.add("412");
                }
            } else if (path.contains("{")) {
                statuses.add("409");
            }
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            operation.setResponses(responses);
            for (String status : statuses) {
                if (!responses.containsKey(status)) {
                    responses.addApiResponse(status, problemResponse(status));
                }
            }
            // a refusal a controller declares itself (@ApiResponse without content) is problem+json too
            responses.forEach((status, response) -> {
                boolean problem = response.getContent() != null && response.getContent().values().stream()
                        .anyMatch(media -> media.getSchema() != null
                                && "#/components/schemas/Problem".equals(media.getSchema().get$ref()));
                // (springdoc gives a declared refusal the method's return type; the answer is a problem)
                if ((status.startsWith("4") || status.startsWith("5")) && !problem) {
                    response.setContent(problemResponse(PROBLEMS.containsKey(status) ? status : "400").getContent());
                }
            });
        }));
    }

    /** {@code /api/orders/{orderId}/ship} is about {@code orders}. */
    static String resourceOf(String path) {
        String[] segments = path.split("/");
        return segments.length > 2 && segments[1].equals("api") ? segments[2] : "other";
    }

    /** The shared header parameter, or its description on the one the controller declares itself. */
    private void addParameter(Operation operation, Components components, String name) {
        Parameter shared = components.getParameters().get(name);
        if (operation.getParameters() != null) {
            for (Parameter declared : operation.getParameters()) {
                if (name.equalsIgnoreCase(declared.getName())) {
                    if (declared.getDescription() == null) {
                        declared.setDescription(shared.getDescription());
                        declared.setExample(shared.getExample());
                    }
                    return;
                }
                if (("#/components/parameters/" + name).equals(declared.get$ref())) {
                    return;
                }
            }
        }
        operation.addParametersItem(new Parameter().$ref("#/components/parameters/" + name));
    }

    private static ApiResponse problemResponse(String status) {
        Problem problem = PROBLEMS.get(status);
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", "https://tally.dev/problems/" + problem.code());
        example.put("title", problem.title());
        example.put("status", Integer.parseInt(status));
        example.put("detail", problem.detail());
        example.put("code", problem.code());
        MediaType media = new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))
                .addExamples(problem.code(), new Example().value(example));
        ApiResponse response = new ApiResponse().description(problem.title() + " (problem+json, `code` "
                + problem.code() + (status.equals("429") || status.equals("503") ? "; `Retry-After` says when" : "")
                + ")").content(new Content().addMediaType("application/problem+json", media));
        return response;
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        return new ObjectSchema().description("RFC 9457 problem details; `code` is stable, `detail` a sentence for people")
                .addProperty("type", new StringSchema().format("uri"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("code", new StringSchema())
                .addProperty("errors", new io.swagger.v3.oas.models.media.ArraySchema().items(new ObjectSchema()
                        .addProperty("field", new StringSchema()).addProperty("message", new StringSchema())));
    }
}
