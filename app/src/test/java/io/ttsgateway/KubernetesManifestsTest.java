package io.ttsgateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * The manifests of {@code deploy/kubernetes} are valid against the Kubernetes schemas, offline,
 * and keep the gateway's rules (health paths, grace periods, non-root user of the Dockerfile, only
 * documented settings, no keys in the ConfigMap). The validator ({@code e2e/validate-kubernetes.mjs},
 * run with Node) is shown to reject broken copies, so its success means something.
 */
class KubernetesManifestsTest {

    private static final String VALIDATOR = "validate-kubernetes.mjs";

    @Test
    void manifestsAreValid() throws Exception {
        NodeScript.Result result = NodeScript.run(VALIDATOR, manifests().toString());
        assertThat(result.output(), result.exitCode(), is(0));
        assertThat(result.output(), containsString("documents checked against the Kubernetes schemas"));
        assertThat(result.output(), containsString(": valid"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            grace period shorter than preStop + drain  | base/deployment.yaml                  | 'terminationGracePeriodSeconds: 40' | 'terminationGracePeriodSeconds: 10' | terminationGracePeriodSeconds 10 is too short
            a field of the wrong type                  | base/deployment.yaml                  | 'containerPort: 8002'               | 'containerPort: "8002"'             | containerPort must be integer
            a misspelt field                           | base/deployment.yaml                  | 'readinessProbe:'                   | 'readynessProbe:'                   | unknown field spec.template.spec.containers[0].readynessProbe
            a misspelt field of the Redis StatefulSet  | components/redis/statefulset.yaml     | 'serviceName: tts-redis'            | 'serviceNme: tts-redis'             | unknown field spec.serviceNme
            a probe on a path the gateway lacks        | base/deployment.yaml                  | 'path: /observe/health/ready'       | 'path: /health/ready'               | readinessProbe must be an httpGet of /observe/health/ready
            root instead of the image's user           | base/deployment.yaml                  | 'runAsUser: 10001'                  | 'runAsUser: 0'                      | runAsUser 0 is not the Dockerfile's USER 10001
            a setting that does not exist              | base/configmap.yaml                   | 'TTS_PROVIDER: auto'                | 'TTS_PROVIDR: auto'                 | TTS_PROVIDR is not a setting of docs/configuration.md
            a provider key in the ConfigMap            | base/configmap.yaml                   | 'TTS_PROVIDER: auto'                | 'OPENAI_API_KEY: sk-test'           | OPENAI_API_KEY is a secret
            a duration that is not ISO-8601            | components/redis/configmap-patch.yaml | 'CACHE_REDIS_TTL: P7D'              | 'CACHE_REDIS_TTL: 7d'               | is not an ISO-8601 duration
            a disruption budget that blocks drains     | base/pdb.yaml                         | 'maxUnavailable: 1'                 | 'minAvailable: 2'                   | never allows an eviction
            a resource file that does not exist        | base/kustomization.yaml               | '- pdb.yaml'                        | '- pdbs.yaml'                       | resources: pdbs.yaml does not exist
            """)
    void brokenCopyFails(String breakage, String file, String original, String broken, String expected,
                         @TempDir Path dir) throws Exception {
        Path copy = dir.resolve("kubernetes");
        copyTree(manifests(), copy);
        Path target = copy.resolve(file);
        String text = Files.readString(target);
        assertThat(file + " should contain " + original + " once",
                   text.indexOf(original) >= 0 && text.indexOf(original) == text.lastIndexOf(original), is(true));
        Files.writeString(target, text.replace(original, broken));

        NodeScript.Result result = NodeScript.run(VALIDATOR, copy.toString());

        assertThat(breakage + ":\n" + result.output(), result.exitCode(), is(1));
        assertThat(result.output(), containsString(expected));
    }

    @Test
    void unlistedManifestFails(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("kubernetes");
        copyTree(manifests(), copy);
        Files.copy(copy.resolve("base/service.yaml"), copy.resolve("base/ingress.yaml"));

        NodeScript.Result result = NodeScript.run(VALIDATOR, copy.toString());

        assertThat(result.output(), result.exitCode(), is(1));
        assertThat(result.output(), containsString("base/ingress.yaml: no kustomization.yaml names this file"));
    }

    private static Path manifests() {
        Path dir = NodeScript.e2eDirectory().getParent().resolve("deploy").resolve("kubernetes");
        assertThat(dir + " exists", Files.isDirectory(dir), is(true));
        return dir;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            paths.forEach(path -> {
                try {
                    Files.copy(path, to.resolve(from.relativize(path).toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
