package dev.sagebox.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SageMaker framework image URIs from {@code frameworks.json}, a table derived from the SageMaker Python SDK's
 * {@code image_uri_config} files: per framework and scope a repository, a registry (accounts per region), a tag
 * template, processors, versions with their py versions, and short version aliases.
 */
public final class FrameworkImages {
    private static final String TABLE = "/dev/sagebox/images/frameworks.json";

    private final JsonNode table;

    private FrameworkImages(JsonNode table) {
        this.table = table;
    }

    /** The table shipped in the jar. */
    public static FrameworkImages shipped() {
        try (InputStream in = FrameworkImages.class.getResourceAsStream(TABLE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + TABLE);
            }
            return new FrameworkImages(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> frameworks() {
        return names(table.path("frameworks"));
    }

    /** The image URI for {@code query}, as the SageMaker Python SDK's {@code image_uris.retrieve} names it. */
    public String resolve(ImageQuery query) throws ImageLookupException {
        String framework = query.framework().toLowerCase(Locale.ROOT);
        JsonNode scopes = table.path("frameworks").path(framework);
        if (scopes.isMissingNode()) {
            throw new ImageLookupException("unknown framework '" + query.framework() + "'; known: "
                    + String.join(", ", frameworks()));
        }
        String scopeName = query.scope() == null ? "training" : query.scope();
        JsonNode scope = scopes.path(scopeName);
        if (scope.isMissingNode()) {
            throw new ImageLookupException(framework + " has no '" + scopeName + "' images; scopes: "
                    + String.join(", ", names(scopes)));
        }
        String version = scope.path("aliases").path(query.version()).asText(query.version());
        JsonNode entry = scope.path("versions").path(version);
        if (entry.isMissingNode()) {
            throw new ImageLookupException("unknown " + framework + " " + scopeName + " version '" + query.version()
                    + "'; valid versions: " + String.join(", ", names(scope.path("versions")))
                    + aliasesText(scope.path("aliases")));
        }
        String processor = choose("processor", query.processor(), texts(scope.path("processors")), framework, version);
        String repository = scope.path("repository").asText();
        String baseVersion = "";
        if (entry.has("bases")) {
            String base = choose("base framework (--base)", query.base(), names(entry.path("bases")), framework,
                    version);
            JsonNode baseEntry = entry.path("bases").path(base);
            int digit = firstDigit(base);
            repository = repository.replace("{base}", base.substring(0, digit));
            baseVersion = base.substring(digit);
            entry = baseEntry;
        }
        String py = choose("py version", query.py(), texts(entry.path("py")), framework, version);
        String container = entry.path("container").path(processor).asText("");
        String template = scope.path("tags").path(version).asText(scope.path("tag").asText());
        String tag = template.replace("{version}", version).replace("{processor}", processor)
                .replace("{py}", py == null ? "" : py).replace("{base_version}", baseVersion)
                .replace("{container}", container);
        return registry(scope.path("registry").asText(), query.region()) + "/" + repository + ":" + tag;
    }

    private String registry(String name, String region) throws ImageLookupException {
        String account = table.path("registries").path(name).path(region).asText(null);
        if (account == null) {
            throw new ImageLookupException("no " + name + " image registry in region '" + region + "'; regions: "
                    + String.join(", ", names(table.path("registries").path(name))));
        }
        String domain = "amazonaws.com";
        String longest = "";
        for (Map.Entry<String, JsonNode> prefix : table.path("domains").properties()) {
            if (region.startsWith(prefix.getKey()) && prefix.getKey().length() > longest.length()) {
                longest = prefix.getKey();
                domain = prefix.getValue().asText();
            }
        }
        return account + ".dkr.ecr." + region + "." + domain;
    }

    /** The requested value if allowed, else the first allowed one; null when nothing is allowed (no such tag part). */
    private static String choose(String what, String requested, List<String> allowed, String framework,
                                 String version) throws ImageLookupException {
        if (allowed.isEmpty()) {
            return null;
        }
        if (requested == null) {
            return allowed.getFirst();
        }
        if (!allowed.contains(requested)) {
            throw new ImageLookupException(framework + " " + version + " has no " + what + " '" + requested
                    + "'; valid: " + String.join(", ", allowed));
        }
        return requested;
    }

    private static int firstDigit(String base) {
        for (int i = 0; i < base.length(); i++) {
            if (Character.isDigit(base.charAt(i))) {
                return i;
            }
        }
        return base.length();
    }

    private static String aliasesText(JsonNode aliases) {
        List<String> pairs = new ArrayList<>();
        aliases.properties().forEach(e -> pairs.add(e.getKey() + "=" + e.getValue().asText()));
        return pairs.isEmpty() ? "" : " (short forms: " + String.join(", ", pairs) + ")";
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
