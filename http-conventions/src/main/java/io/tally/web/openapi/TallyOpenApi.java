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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * What every Tally OpenAPI document says beyond the controllers: the bearer scheme (and, when an
 * identity provider is named, its authorization-code flow, which the Swagger UI runs with PKCE),
 * {@code Idempotency-Key} and {@code If-Match} on the commands, and the problem+json answers each
 * operation can give, with an example of each.
 */
public final class TallyOpenApi implements OpenApiCustomizer {

    /** {@code name} is the shared response's name under {@code components/responses}. */
    private record Problem(String name, String code, String title, String detail) {}

    private static final Map<String, Problem> PROBLEMS = new LinkedHashMap<>();

    static {
        PROBLEMS.put(
                "400",
                new Problem(
                        "InvalidRequest",
                        "invalid-request",
                        "Invalid request",
                        "lines[0].quantity: must be at least 1"));
        PROBLEMS.put(
                "401", new Problem("Unauthorized", "unauthorized", "Unauthorized", "a valid bearer token is required"));
        PROBLEMS.put("403", new Problem("Forbidden", "forbidden", "Forbidden", "your role may not do this"));
        PROBLEMS.put("404", new Problem("NotFound", "not-found", "Not found", "no order ord_0c5d..."));
        PROBLEMS.put(
                "405",
                new Problem(
                        "MethodNotAllowed",
                        "method-not-allowed",
                        "Method not allowed",
                        "DELETE /api/orders/ord_0c5d... is not a command; the query side serves this path"));
        PROBLEMS.put(
                "409",
                new Problem(
                        "NotYetConsistent",
                        "not-yet-consistent",
                        "Not yet consistent",
                        "the read model has not reached version 4 within 5 s; retry"));
        PROBLEMS.put(
                "412",
                new Problem(
                        "VersionMismatch",
                        "version-mismatch",
                        "Version mismatch",
                        "the aggregate is at version 7, If-Match named 6"));
        PROBLEMS.put(
                "413",
                new Problem(
                        "PayloadTooLarge", "payload-too-large", "Payload too large", "the body exceeds 1048576 bytes"));
        PROBLEMS.put(
                "415",
                new Problem(
                        "UnsupportedMediaType",
                        "unsupported-media-type",
                        "Unsupported media type",
                        "Content-Type 'text/plain' is not supported"));
        PROBLEMS.put(
                "422",
                new Problem(
                        "RuleRefused",
                        "insufficient-stock",
                        "Business rule refused the command",
                        "MUG-1: 3 available, 5 asked"));
        PROBLEMS.put(
                "429",
                new Problem(
                        "TooManyRequests",
                        "too-many-requests",
                        "Too many requests",
                        "more than 1000 requests a second from this caller; retry after 1 s"));
        PROBLEMS.put(
                "500",
                new Problem(
                        "InternalError",
                        "internal-error",
                        "Internal error",
                        "the request failed unexpectedly; nothing was stored"));
        PROBLEMS.put(
                "501",
                new Problem(
                        "NotImplemented",
                        "not-available-with-axon-server",
                        "Not implemented",
                        "the audit API needs the PostgreSQL event store; this deployment keeps events in Axon Server"));
        PROBLEMS.put(
                "503",
                new Problem(
                        "ServiceUnavailable",
                        "service-unavailable",
                        "Service unavailable",
                        "a store this service depends on is unavailable; retry shortly"));
    }

    /**
     * The API's version, in both documents. Raise it (the major for a breaking change) with any
     * change of contract: {@code ReleasedContractTest} compares the documents with the last
     * release's (docs/openapi/released/) and refuses a breaking change under the same major.
     */
    public static final String API_VERSION = "1.0.0";

    private final String service;
    private final String authorizationUrl;
    private final String tokenUrl;

    /**
     * {@code service} is the application's name ({@code command-side}, {@code query-side});
     * {@code authorizationUrl} and {@code tokenUrl} of the identity provider, or blank for none.
     */
    public TallyOpenApi(String service, String authorizationUrl, String tokenUrl) {
        this.service = service;
        this.authorizationUrl = authorizationUrl;
        this.tokenUrl = tokenUrl;
    }

    @Override
    public void customise(OpenAPI openApi) {
        openApi.setInfo(new io.swagger.v3.oas.models.info.Info()
                .title("Tally " + service.replace('-', ' '))
                .version(API_VERSION)
                .description("The " + service + " of Tally. The narrative contract, what each"
                        + " answer means, is API.md; this document is generated from the code and checked against"
                        + " every answer of the end-to-end suite. Events: GET /api/audit/schemas on the query side."));
        // relative to where the document was fetched: never an address taken from the request's Host
        openApi.setServers(List.of(new io.swagger.v3.oas.models.servers.Server()
                .url("/")
                .description("this service, where this document was fetched")));
        Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
        openApi.setComponents(components);
        components.addSecuritySchemes(
                "bearer",
                new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("JWT")
                        .description("An access token of the configured issuer for the audience `tally`,"
                                + " roles in its `roles` claim (locally: `./tally token ROLE`)"));
        openApi.addSecurityItem(new SecurityRequirement().addList("bearer"));
        if (authorizationUrl != null && !authorizationUrl.isBlank()) {
            components.addSecuritySchemes(
                    "oidc",
                    new SecurityScheme()
                            .type(SecurityScheme.Type.OAUTH2)
                            .description(
                                    "Sign in as a person (authorization code with PKCE, the realm's public client)")
                            .flows(new OAuthFlows()
                                    .authorizationCode(new OAuthFlow()
                                            .authorizationUrl(authorizationUrl)
                                            .tokenUrl(tokenUrl)
                                            .scopes(new Scopes().addString("openid", "sign in")))));
            openApi.addSecurityItem(new SecurityRequirement().addList("oidc"));
        }
        components.addSchemas("Problem", problemSchema());
        // each refusal described once, referenced by every operation that can give it
        PROBLEMS.forEach((status, problem) -> components.addResponses(problem.name(), problemResponse(status)));
        components.addParameters(
                "Idempotency-Key",
                new HeaderParameter()
                        .name("Idempotency-Key")
                        .required(false)
                        .description(
                                "Any string up to 255 characters: a retry with the same key and body is answered as"
                                        + " the first time and applies nothing again; the same key with another body is 422")
                        .schema(new StringSchema().maxLength(255))
                        .example("order-4711-attempt"));
        components.addParameters(
                "If-Match",
                new HeaderParameter()
                        .name("If-Match")
                        .required(false)
                        .description("The aggregate version the command expects (the ETag of the last answer); another"
                                + " version answers 412 version-mismatch")
                        .schema(new StringSchema())
                        .example("\"3\""));
        refineSchemas(components);
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths()
                .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                    // tags by resource (the path's first segment after /api), the same in both services' documents
                    operation.setTags(List.of(resourceOf(path)));
                    if (operation.getParameters() != null) {
                        operation.getParameters().forEach(parameter -> anchorPatterns(parameter.getSchema()));
                    }
                    boolean command = method == PathItem.HttpMethod.POST
                            || method == PathItem.HttpMethod.PUT
                            || method == PathItem.HttpMethod.DELETE;
                    if (command && !path.startsWith("/api/admin") && !path.startsWith("/api/customers")) {
                        addParameter(operation, components, "Idempotency-Key");
                        if (path.contains("{")) {
                            addParameter(operation, components, "If-Match");
                        }
                    }
                    List<String> statuses =
                            new java.util.ArrayList<>(List.of("400", "401", "403", "405", "429", "500", "503"));
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
                    ApiResponses responses =
                            operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
                    operation.setResponses(responses);
                    for (String status : statuses) {
                        if (!responses.containsKey(status)) {
                            responses.addApiResponse(
                                    status,
                                    new ApiResponse()
                                            .$ref("#/components/responses/"
                                                    + PROBLEMS.get(status).name()));
                        }
                    }
                    // a refusal a controller declares itself (@ApiResponse without content) is problem+json too
                    responses.forEach((status, response) -> {
                        if (response.getContent() != null
                                && response.getContent().get("text/event-stream") != null) {
                            // server-sent events are a text stream, not the emitter class springdoc would describe
                            response.getContent()
                                    .get("text/event-stream")
                                    .setSchema(
                                            new StringSchema()
                                                    .description(
                                                            "server-sent events (text/event-stream), one `data:` JSON object per change"));
                        }
                        boolean problem = response.getContent() != null
                                && response.getContent().values().stream()
                                        .anyMatch(media -> media.getSchema() != null
                                                && "#/components/schemas/Problem"
                                                        .equals(media.getSchema()
                                                                .get$ref()));
                        // (springdoc gives a declared refusal the method's return type; the answer is a problem)
                        if ((status.startsWith("4") || status.startsWith("5"))
                                && !problem
                                && response.get$ref() == null) {
                            response.setContent(problemResponse(PROBLEMS.containsKey(status) ? status : "400")
                                    .getContent());
                        }
                    });
                }));
        // a shared refusal or header no operation of this service has is left out
        java.util.Set<String> used = new java.util.HashSet<>();
        java.util.Set<String> parameters = new java.util.HashSet<>();
        openApi.getPaths()
                .values()
                .forEach(item -> item.readOperations().forEach(operation -> {
                    operation.getResponses().values().forEach(response -> addComponentName(used, response.get$ref()));
                    if (operation.getParameters() != null) {
                        operation
                                .getParameters()
                                .forEach(parameter -> addComponentName(parameters, parameter.get$ref()));
                    }
                }));
        components.getResponses().keySet().removeIf(name -> !used.contains(name));
        components.getParameters().keySet().removeIf(name -> !parameters.contains(name));
    }

    /** Adds the component a {@code $ref} names ({@code #/components/responses/NotFound}: NotFound), if any. */
    private static void addComponentName(java.util.Set<String> names, String ref) {
        if (ref != null) {
            names.add(ref.substring(ref.lastIndexOf('/') + 1));
        }
    }

    /**
     * Money's currency is an ISO-4217 code wherever it appears; an audited event's payload and
     * metadata any JSON value; patterns anchored; and the stream emitter class no schema once the
     * stream is described as text.
     */
    @SuppressWarnings("rawtypes")
    private static void refineSchemas(Components components) {
        if (components.getSchemas() == null) {
            return;
        }
        components.getSchemas().remove("SseEmitter");
        // an audited event's payload and metadata are shown as stored: any JSON value (Tally's events store
        // objects; whatever else an insider planted in the log is shown as it is, not reshaped)
        Schema audited = components.getSchemas().get("AuditEvent");
        if (audited != null && audited.getProperties() != null) {
            for (String field : List.of("payload", "metadata")) {
                Object property = audited.getProperties().get(field);
                if (property instanceof Schema declared) {
                    audited.getProperties()
                            .put(
                                    field,
                                    new Schema<>()
                                            .description(declared.getDescription() + "; any JSON value, as stored"));
                }
            }
        }
        components.getSchemas().values().forEach(TallyOpenApi::anchorPatterns);
        components.getSchemas().forEach((name, schema) -> {
            if (schema.getProperties() == null) {
                return;
            }
            Object currency = schema.getProperties().get("currency");
            if (currency instanceof Schema property && property.get$ref() == null) {
                property.setPattern("^[A-Z]{3}$");
                if (property.getDescription() == null) {
                    property.setDescription("ISO-4217 currency code");
                }
            }
        });
    }

    /**
     * Bean validation's {@code @Pattern} matches the whole value; a JSON Schema {@code pattern} matches
     * anywhere in it. Anchored, the document says what the service really takes.
     */
    @SuppressWarnings("rawtypes")
    private static void anchorPatterns(Schema schema) {
        if (schema == null) {
            return;
        }
        String pattern = schema.getPattern();
        if (pattern != null && !(pattern.startsWith("^") && pattern.endsWith("$"))) {
            schema.setPattern("^(?:" + pattern + ")$");
        }
        if (schema.getProperties() != null) {
            ((Map<?, ?>) schema.getProperties()).values().forEach(property -> anchorPatterns((Schema) property));
        }
        anchorPatterns(schema.getItems());
        if (schema.getAnyOf() != null) {
            ((List<?>) schema.getAnyOf()).forEach(option -> anchorPatterns((Schema) option));
        }
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
        MediaType media = new MediaType()
                .schema(new Schema<>().$ref("#/components/schemas/Problem"))
                .addExamples(problem.code(), new Example().value(example));
        ApiResponse response = new ApiResponse()
                .description(problem.title() + " (problem+json, `code` "
                        + problem.code()
                        + (status.equals("429") || status.equals("503") ? "; `Retry-After` says when" : "")
                        + ")")
                .content(new Content().addMediaType("application/problem+json", media));
        if (status.equals("429") || status.equals("503")) {
            response.addHeaderObject(
                    "Retry-After",
                    new io.swagger.v3.oas.models.headers.Header()
                            .description("seconds to wait before retrying")
                            .schema(new IntegerSchema().minimum(java.math.BigDecimal.ZERO)));
        }
        return response;
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details; `code` is stable, `detail` a sentence for people")
                .required(List.of("type", "title", "status", "code"))
                .addProperty("type", new StringSchema().format("uri"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("code", new StringSchema())
                .addProperty(
                        "errors",
                        new io.swagger.v3.oas.models.media.ArraySchema()
                                .items(new ObjectSchema()
                                        .addProperty("field", new StringSchema())
                                        .addProperty("message", new StringSchema())));
    }
}
