// Validates the Kubernetes manifests (deploy/kubernetes), offline: no cluster, no network.
//
//   node e2e/validate-kubernetes.mjs [<directory>] [--repo <dir>] [--no-render]
//
// <directory> defaults to <repo>/deploy/kubernetes; <repo> (where Dockerfile and
// docs/configuration.md are read) defaults to the folder above this script. Exit 0 when every
// check passes, 1 when one fails, 2 on bad usage. Checks:
//   1. every YAML file parses; every document names apiVersion and kind;
//   2. every document is valid against the Kubernetes OpenAPI schemas (the kubernetes-models
//      package, Kubernetes 1.27 schemas), and has no field the schema does not know (a typo such
//      as `readynessProbe` is otherwise dropped silently by a client-side apply). Strategic merge
//      patches are partial documents: for them, missing required fields are not errors;
//   3. Kustomize files (Kustomization, Component) use known fields only and every resource,
//      component, patch and generator file they name exists; every other YAML file is named by
//      one of them, except *.example.yaml (never applied);
//   4. every key of the gateway's ConfigMaps and Secrets is a setting of docs/configuration.md,
//      durations parse as ISO-8601, and no secret (API key, Redis URL with a password) sits in a
//      ConfigMap;
//   5. the gateway's Deployment: probes on the real health paths and the named port `http` =
//      PORT; a preStop sleep; terminationGracePeriodSeconds >= preStop + SHUTDOWN_GRACE_PERIOD
//      (its ConfigMap's, else 20 s) + 5 s to close sockets and exit; non-root as the Dockerfile's
//      USER, no privilege escalation, no capabilities, read-only root with the cache directory and
//      /tmp mounted; resources; ConfigMap and Secret found or optional; a Service, the
//      HorizontalPodAutoscaler and the PodDisruptionBudget that select or target it, the budget
//      not blocking drains; every workload non-root with resources;
//   6. when `kubectl` is on the PATH, every Kustomization is rendered with `kubectl kustomize`
//      (offline) and checks 2, 4 and 5 run again on the result, patches applied.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import yaml from 'js-yaml';

const KUSTOMIZE_FILES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);
const KUSTOMIZE_KINDS = {
    Kustomization: 'kustomize.config.k8s.io/v1beta1',
    Component: 'kustomize.config.k8s.io/v1alpha1',
};
const KUSTOMIZE_FIELDS = new Set([
    'apiVersion', 'kind', 'metadata', 'resources', 'components', 'patches', 'patchesStrategicMerge',
    'configMapGenerator', 'secretGenerator', 'generatorOptions', 'images', 'labels', 'commonLabels',
    'commonAnnotations', 'namespace', 'namePrefix', 'nameSuffix', 'replicas', 'replacements',
]);

/** The gateway's image, by its last path segment: tts-gateway, registry.example.com/x/tts-gateway:1.0. */
const GATEWAY_IMAGE = 'tts-gateway';
const READY_PATH = '/observe/health/ready';
const LIVE_PATH = '/observe/health/live';
const DEFAULT_GRACE_SECONDS = 20;
/** Time after the drain for closing sockets with 1001 and the JVM's exit. */
const EXIT_MARGIN_SECONDS = 5;

const SECRET_SETTING = /(_API_KEY|^GATEWAY_API_KEYS)$/;
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/@]*:[^/@]+@/i;

const failures = [];
const notes = new Set();

function fail(where, message) {
    failures.push(`${where}: ${message}`);
}

function usage(message) {
    console.error(message);
    console.error('usage: node validate-kubernetes.mjs [<directory>] [--repo <dir>] [--no-render]');
    process.exit(2);
}

function parseArguments(argv) {
    let directory = null;
    let repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
    let render = true;
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === '--repo') {
            if (i + 1 >= argv.length) {
                usage('--repo needs a directory');
            }
            repo = resolve(argv[++i]);
        } else if (argv[i] === '--no-render') {
            render = false;
        } else if (argv[i].startsWith('--')) {
            usage(`unknown option ${argv[i]}`);
        } else if (directory === null) {
            directory = resolve(argv[i]);
        } else {
            usage(`unexpected argument ${argv[i]}`);
        }
    }
    directory ??= join(repo, 'deploy', 'kubernetes');
    if (!existsSync(directory) || !statSync(directory).isDirectory()) {
        usage(`${directory} is not a directory`);
    }
    return { directory, repo, render };
}

// ---------------------------------------------------------------------------------------------
// What the repository says: settings (docs/configuration.md), user and paths (Dockerfile).
// ---------------------------------------------------------------------------------------------

/** Rows `| `NAME` | `key` | default | meaning |` of docs/configuration.md: name -> default cell. */
function readSettings(repo) {
    const file = join(repo, 'docs', 'configuration.md');
    const settings = new Map();
    for (const match of readFileSync(file, 'utf8').matchAll(/^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|[^|\n]*\|([^|\n]*)\|/gm)) {
        settings.set(match[1], { duration: /^\s*`P/.test(match[2]) });
    }
    if (settings.size === 0) {
        throw new Error(`${file} lists no settings`);
    }
    return settings;
}

function readDockerfile(repo) {
    const text = readFileSync(join(repo, 'Dockerfile'), 'utf8');
    const users = [...text.matchAll(/^USER\s+(\d+)(?::(\d+))?\s*$/gm)];
    if (users.length === 0) {
        throw new Error('the Dockerfile has no numeric USER');
    }
    const user = users[users.length - 1];
    const cacheDir = [...text.matchAll(/\bCACHE_DIR=(\S+)/g)].pop()?.[1];
    const port = [...text.matchAll(/^EXPOSE\s+(\d+)/gm)].pop()?.[1];
    return {
        uid: Number(user[1]),
        gid: user[2] === undefined ? undefined : Number(user[2]),
        cacheDir: cacheDir ?? '/var/cache/tts-gateway',
        port: port === undefined ? 8002 : Number(port),
    };
}

/** Seconds of an ISO-8601 duration as java.time.Duration parses it (PnDTnHnMn.nS), or NaN. */
function isoSeconds(text) {
    const match = /^([-+]?)P(?:([-+]?\d+)D)?(?:T(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+(?:[.,]\d{0,9})?)S)?)?$/i
        .exec(String(text).trim());
    if (match === null || /T$/i.test(String(text).trim()) || !match.slice(2).some((part) => part !== undefined)) {
        return NaN;
    }
    const [days, hours, minutes, seconds] = match.slice(2).map((part) => Number((part ?? '0').replace(',', '.')));
    return (match[1] === '-' ? -1 : 1) * (days * 86400 + hours * 3600 + minutes * 60 + seconds);
}

// ---------------------------------------------------------------------------------------------
// Schema validation with kubernetes-models, and unknown fields.
// ---------------------------------------------------------------------------------------------

const models = new Map();

/** The kubernetes-models class of an apiVersion and kind, or null when the package has none. */
async function modelClass(apiVersion, kind) {
    const key = `${apiVersion}/${kind}`;
    if (!models.has(key)) {
        let model = null;
        if (/^[a-z0-9.-]*\/?v\d+[a-z0-9]*$/.test(apiVersion) && /^[A-Z][A-Za-z0-9]*$/.test(kind)) {
            try {
                const module = await import(`kubernetes-models/${apiVersion}/${kind}`);
                const candidate = module[kind];
                if (candidate && candidate.apiVersion === apiVersion && candidate.kind === kind) {
                    model = candidate;
                }
            } catch {
                model = null;
            }
        }
        models.set(key, model);
    }
    return models.get(key);
}

/**
 * A copy of a document whose objects record which fields the schema's validator reads. The
 * validators kubernetes-models generates read every property their schema declares (`data.x`)
 * and enumerate maps (labels, data, resources); a field of a visited object that was neither read
 * nor enumerated is one the schema does not declare.
 */
function tracked(value, path, nodes) {
    if (Array.isArray(value)) {
        return value.map((item, i) => tracked(item, `${path}[${i}]`, nodes));
    }
    if (value === null || typeof value !== 'object' || value instanceof Date) {
        return value;
    }
    const node = { path, keys: Object.keys(value), read: new Set(), visited: false, enumerated: false };
    nodes.push(node);
    const target = {};
    for (const key of node.keys) {
        target[key] = tracked(value[key], path === '' ? key : `${path}.${key}`, nodes);
    }
    return new Proxy(target, {
        get(object, property, receiver) {
            if (typeof property === 'string') {
                node.visited = true;
                node.read.add(property);
            }
            return Reflect.get(object, property, receiver);
        },
        has(object, property) {
            if (typeof property === 'string') {
                node.visited = true;
                node.read.add(property);
            }
            return Reflect.has(object, property);
        },
        ownKeys(object) {
            node.enumerated = true;
            return Reflect.ownKeys(object);
        },
    });
}

/** Validates one document; a patch may leave out required fields. */
async function validateSchema(document, where, { patch = false } = {}) {
    const model = await modelClass(document.apiVersion, document.kind);
    if (model === null) {
        fail(where, `unknown apiVersion/kind ${document.apiVersion}/${document.kind} (not in the Kubernetes schemas)`);
        return;
    }
    const nodes = [];
    const data = tracked(document, '', nodes);
    let errors = [];
    try {
        model.prototype.validate.call(data);
    } catch (e) {
        if (!Array.isArray(e.errors)) {
            throw e;
        }
        errors = e.errors.filter((error) => !(patch && error.keyword === 'required'));
    }
    for (const error of errors) {
        const path = error.instancePath.split('/').slice(1)
            .reduce((text, part) => (/^\d+$/.test(part) ? `${text}[${part}]` : text === '' ? part : `${text}.${part}`), '');
        fail(where, `schema: ${path || '(root)'} ${error.message}`
                        + (error.params?.allowedValues ? ` (${error.params.allowedValues.join(', ')})` : ''));
    }
    if (errors.length > 0) {
        return; // a validator stops reading where it found an error: unknown fields would be guesses
    }
    for (const node of nodes) {
        if (node.visited && !node.enumerated) {
            for (const key of node.keys) {
                if (!node.read.has(key)) {
                    fail(where, `schema: unknown field ${node.path === '' ? key : `${node.path}.${key}`}`);
                }
            }
        }
    }
}

function describe(document) {
    return `${document?.kind ?? '?'} ${document?.metadata?.name ?? '(no name)'}`;
}

// ---------------------------------------------------------------------------------------------
// Files and Kustomize.
// ---------------------------------------------------------------------------------------------

function yamlFiles(directory) {
    const files = [];
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
        const path = join(directory, entry.name);
        if (entry.isDirectory()) {
            files.push(...yamlFiles(path));
        } else if (/\.ya?ml$/.test(entry.name) || KUSTOMIZE_FILES.has(entry.name)) {
            files.push(path);
        }
    }
    return files.sort();
}

function kustomizationIn(directory) {
    return [...KUSTOMIZE_FILES].map((name) => join(directory, name)).find((path) => existsSync(path));
}

/**
 * Checks a Kustomization or Component: known fields, and every path it names exists. Records the
 * files it names (resources, patches) in `referenced`, patches also in `patches`.
 */
function checkKustomization(document, file, referenced, patches, where) {
    const expected = KUSTOMIZE_KINDS[document?.kind];
    if (expected === undefined) {
        fail(where, `kind ${document?.kind} is not Kustomization or Component`);
        return;
    }
    if (document.apiVersion !== expected) {
        fail(where, `a ${document.kind} has apiVersion ${expected}, not ${document.apiVersion}`);
    }
    for (const field of Object.keys(document)) {
        if (!KUSTOMIZE_FIELDS.has(field)) {
            fail(where, `unknown Kustomize field ${field}`);
        }
    }
    const base = dirname(file);
    const local = (path) => typeof path === 'string' && !/^[a-z]+:\/\/|^github\.com\//.test(path);
    for (const [field, component] of [['resources', false], ['components', true]]) {
        for (const path of document[field] ?? []) {
            if (!local(path)) {
                continue;
            }
            const target = resolve(base, path);
            if (!existsSync(target)) {
                fail(where, `${field}: ${path} does not exist`);
            } else if (statSync(target).isDirectory()) {
                const kustomization = kustomizationIn(target);
                if (kustomization === undefined) {
                    fail(where, `${field}: ${path} has no kustomization.yaml`);
                } else if (component && yaml.load(readFileSync(kustomization, 'utf8'))?.kind !== 'Component') {
                    fail(where, `components: ${path} is not a Component`);
                } else if (!component && yaml.load(readFileSync(kustomization, 'utf8'))?.kind === 'Component') {
                    fail(where, `resources: ${path} is a Component: list it under components`);
                }
            } else if (component) {
                fail(where, `components: ${path} is a file, not a Component's directory`);
            } else {
                referenced.add(target);
            }
        }
    }
    const patchPaths = [
        ...(document.patches ?? []).map((patch) => patch?.path).filter((path) => path !== undefined),
        ...(document.patchesStrategicMerge ?? []).filter((patch) => !String(patch).includes('\n')),
    ];
    for (const path of patchPaths) {
        const target = resolve(base, path);
        if (!existsSync(target)) {
            fail(where, `patches: ${path} does not exist`);
        } else {
            referenced.add(target);
            patches.add(target);
        }
    }
    for (const generator of [...(document.configMapGenerator ?? []), ...(document.secretGenerator ?? [])]) {
        for (const entry of [...(generator.files ?? []), ...(generator.envs ?? [])]) {
            const path = String(entry).replace(/^[^=]*=/, '');
            if (!existsSync(resolve(base, path))) {
                fail(where, `generator ${generator.name}: ${path} does not exist`);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The gateway's settings and workloads, across the documents of one set.
// ---------------------------------------------------------------------------------------------

function checkSettingNames(document, where, settings) {
    const values = { ...(document.data ?? {}), ...(document.stringData ?? {}) };
    const secret = document.kind === 'Secret';
    for (const [name, value] of Object.entries(values)) {
        const setting = settings.get(name);
        if (setting === undefined) {
            fail(where, `${name} is not a setting of docs/configuration.md`);
            continue;
        }
        if (!secret && SECRET_SETTING.test(name)) {
            fail(where, `${name} is a secret: put it in the Secret tts-gateway-secrets, not in a ConfigMap`);
        }
        if (!secret && URL_WITH_PASSWORD.test(String(value))) {
            fail(where, `${name} holds a URL with a password: put it in the Secret tts-gateway-secrets`);
        }
        const text = String(value ?? '');
        if (setting.duration && text !== '' && Number.isNaN(isoSeconds(text))) {
            fail(where, `${name}: "${text}" is not an ISO-8601 duration (PT20S, PT0.5S, P7D)`);
        }
    }
}

function gatewayContainer(workload) {
    return (workload.spec?.template?.spec?.containers ?? [])
        .find((container) => String(container.image ?? '').split('@')[0].replace(/:[^/:]*$/, '').split('/').pop()
            === GATEWAY_IMAGE);
}

function matches(selector, labels) {
    const wanted = Object.entries(selector ?? {});
    return wanted.length > 0 && wanted.every(([key, value]) => labels?.[key] === value);
}

function preStopSeconds(container) {
    const preStop = container.lifecycle?.preStop;
    if (preStop?.sleep?.seconds !== undefined) {
        return Number(preStop.sleep.seconds);
    }
    const command = preStop?.exec?.command ?? [];
    if (command.length === 2 && /^(\/usr)?(\/bin\/)?sleep$/.test(command[0]) && /^\d+(\.\d+)?$/.test(command[1])) {
        return Number(command[1]);
    }
    return null;
}

function checkWorkloadBasics(workload, where) {
    const pod = workload.spec?.template?.spec ?? {};
    for (const container of [...(pod.containers ?? []), ...(pod.initContainers ?? [])]) {
        const at = `${where}: container ${container.name}`;
        const security = container.securityContext ?? {};
        if ((security.runAsNonRoot ?? pod.securityContext?.runAsNonRoot) !== true) {
            fail(at, 'runAsNonRoot is not true');
        }
        if (security.allowPrivilegeEscalation !== false) {
            fail(at, 'allowPrivilegeEscalation is not false');
        }
        if (!(security.capabilities?.drop ?? []).includes('ALL')) {
            fail(at, 'capabilities do not drop ALL');
        }
        if ((security.seccompProfile ?? pod.securityContext?.seccompProfile)?.type !== 'RuntimeDefault') {
            fail(at, 'seccompProfile is not RuntimeDefault');
        }
        for (const kind of ['requests', 'limits']) {
            for (const resource of ['cpu', 'memory']) {
                if (container.resources?.[kind]?.[resource] === undefined) {
                    fail(at, `resources.${kind}.${resource} is not set`);
                }
            }
        }
    }
    if (!matches(workload.spec?.selector?.matchLabels, workload.spec?.template?.metadata?.labels)) {
        fail(where, 'spec.selector.matchLabels does not match the pod template labels');
    }
}

function checkGateway(deployment, container, set, label, dockerfile) {
    const where = `${label}: ${describe(deployment)}`;
    const pod = deployment.spec.template.spec;
    const labels = deployment.spec.template.metadata?.labels;

    // Settings as the container sees them: its ConfigMaps, then its own env.
    const env = {};
    for (const source of container.envFrom ?? []) {
        if (source.configMapRef) {
            const configMap = set.find((d) => d.kind === 'ConfigMap' && d.metadata?.name === source.configMapRef.name);
            if (configMap === undefined) {
                if (source.configMapRef.optional !== true) {
                    fail(where, `envFrom: ConfigMap ${source.configMapRef.name} is not among the manifests`);
                }
            } else {
                Object.assign(env, configMap.data ?? {});
            }
        }
        if (source.secretRef && source.secretRef.optional !== true
                && !set.some((d) => d.kind === 'Secret' && d.metadata?.name === source.secretRef.name)) {
            fail(where, `envFrom: Secret ${source.secretRef.name} is neither among the manifests nor optional`);
        }
    }
    for (const variable of container.env ?? []) {
        if (variable.value !== undefined) {
            env[variable.name] = variable.value;
        }
    }

    const port = env.PORT === undefined ? dockerfile.port : Number(env.PORT);
    const named = (container.ports ?? []).find((p) => p.name === 'http');
    if (named === undefined) {
        fail(where, 'no container port named http');
    } else if (Number(named.containerPort) !== port) {
        fail(where, `container port http is ${named.containerPort}, the gateway listens on ${port}`);
    }
    const probes = { readinessProbe: READY_PATH, livenessProbe: LIVE_PATH, startupProbe: null };
    for (const [probe, path] of Object.entries(probes)) {
        const get = container[probe]?.httpGet;
        if (container[probe] === undefined) {
            if (path !== null) {
                fail(where, `no ${probe}`);
            }
            continue;
        }
        const allowed = path === null ? [READY_PATH, LIVE_PATH] : [path];
        if (get === undefined || !allowed.includes(get.path)) {
            fail(where, `${probe} must be an httpGet of ${allowed.join(' or ')}, not ${get?.path ?? 'another handler'}`);
        }
        if (get !== undefined && get.port !== 'http' && get.port !== port) {
            fail(where, `${probe} port ${get.port} is not http (${port})`);
        }
    }

    const grace = env.SHUTDOWN_GRACE_PERIOD === undefined ? DEFAULT_GRACE_SECONDS : isoSeconds(env.SHUTDOWN_GRACE_PERIOD);
    const preStop = preStopSeconds(container);
    const termination = pod.terminationGracePeriodSeconds ?? 30;
    if (preStop === null) {
        fail(where, 'no preStop sleep (exec ["sleep", "N"]): SIGTERM would come before the endpoints are removed');
    } else if (!Number.isNaN(grace) && termination < preStop + grace + EXIT_MARGIN_SECONDS) {
        fail(where, `terminationGracePeriodSeconds ${termination} is too short: it must be at least preStop ${preStop} s`
                        + ` + SHUTDOWN_GRACE_PERIOD ${grace} s + ${EXIT_MARGIN_SECONDS} s to close sockets and exit`
                        + ` = ${preStop + grace + EXIT_MARGIN_SECONDS}`);
    }

    const security = { ...(pod.securityContext ?? {}), ...(container.securityContext ?? {}) };
    if (security.runAsUser !== dockerfile.uid) {
        fail(where, `runAsUser ${security.runAsUser} is not the Dockerfile's USER ${dockerfile.uid}`);
    }
    if (dockerfile.gid !== undefined && security.runAsGroup !== dockerfile.gid) {
        fail(where, `runAsGroup ${security.runAsGroup} is not the Dockerfile's group ${dockerfile.gid}`);
    }
    if (security.readOnlyRootFilesystem !== true) {
        fail(where, 'readOnlyRootFilesystem is not true');
    }
    const cacheDir = env.CACHE_DIR ?? dockerfile.cacheDir;
    const mounts = (container.volumeMounts ?? []).map((mount) => mount.mountPath);
    for (const path of [cacheDir, '/tmp']) {
        if (!mounts.includes(path)) {
            fail(where, `nothing is mounted at ${path}, which the gateway writes (the root filesystem is read-only)`);
        }
    }

    const services = set.filter((d) => d.kind === 'Service' && matches(d.spec?.selector, labels));
    if (services.length === 0) {
        fail(where, 'no Service selects its pods');
    }
    for (const service of services) {
        if (!(service.spec.ports ?? []).some((p) => p.targetPort === 'http' || p.targetPort === port
                || (p.targetPort === undefined && p.port === port))) {
            fail(`${label}: ${describe(service)}`, `no port targets http (${port})`);
        }
    }
    const hpa = set.find((d) => d.kind === 'HorizontalPodAutoscaler' && d.spec?.scaleTargetRef?.kind === 'Deployment'
        && d.spec.scaleTargetRef.name === deployment.metadata.name);
    if (hpa === undefined) {
        fail(where, 'no HorizontalPodAutoscaler targets it');
    }
    const minReplicas = hpa?.spec?.minReplicas ?? deployment.spec.replicas ?? 1;
    const pdb = set.find((d) => d.kind === 'PodDisruptionBudget' && matches(d.spec?.selector?.matchLabels, labels));
    if (pdb === undefined) {
        fail(where, 'no PodDisruptionBudget selects its pods');
    } else if (pdb.spec.maxUnavailable === 0 || pdb.spec.maxUnavailable === '0%'
            || (Number.isInteger(pdb.spec.minAvailable) && pdb.spec.minAvailable >= minReplicas)
            || pdb.spec.minAvailable === '100%') {
        fail(`${label}: ${describe(pdb)}`, `with ${minReplicas} replica(s) at least, it never allows an eviction: node drains would hang`);
    }

    // A Redis in the cluster named by CACHE_REDIS_URL must be among the manifests.
    const redis = /^rediss?:\/\/(?:[^@/]*@)?([a-z0-9-]+)(?::(\d+))?(?:\/|$)/.exec(env.CACHE_REDIS_URL ?? '');
    if (redis !== null) {
        const redisPort = Number(redis[2] ?? 6379);
        const service = set.find((d) => d.kind === 'Service' && d.metadata?.name === redis[1]);
        if (service === undefined) {
            fail(where, `CACHE_REDIS_URL names ${redis[1]}, but no Service of that name is among the manifests`);
        } else if (!(service.spec.ports ?? []).some((p) => p.port === redisPort)) {
            fail(`${label}: ${describe(service)}`, `no port ${redisPort}, which CACHE_REDIS_URL names`);
        }
    }
}

/** Cross-document checks of one set of complete documents (the files, or one rendering). */
function checkSet(set, label, settings, dockerfile) {
    const gatewayConfigs = new Set();
    let gateways = 0;
    for (const document of set) {
        if (!['Deployment', 'StatefulSet', 'DaemonSet'].includes(document.kind)) {
            continue;
        }
        checkWorkloadBasics(document, `${label}: ${describe(document)}`);
        const container = gatewayContainer(document);
        if (container !== undefined) {
            gateways++;
            (container.envFrom ?? []).forEach((source) => {
                gatewayConfigs.add(`ConfigMap/${source.configMapRef?.name}`);
                gatewayConfigs.add(`Secret/${source.secretRef?.name}`);
            });
            if (document.kind !== 'Deployment') {
                fail(`${label}: ${describe(document)}`, 'the gateway runs as a Deployment');
            } else {
                checkGateway(document, container, set, label, dockerfile);
            }
        }
    }
    if (gateways === 0) {
        fail(label, `no Deployment runs the ${GATEWAY_IMAGE} image`);
    }
    return gatewayConfigs;
}

// ---------------------------------------------------------------------------------------------

function kubectl() {
    const probe = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8', timeout: 30_000 });
    return probe.status === 0;
}

async function main() {
    const { directory, repo, render } = parseArguments(process.argv.slice(2));
    const settings = readSettings(repo);
    const dockerfile = readDockerfile(repo);

    const files = yamlFiles(directory);
    const parsed = new Map(); // file -> documents
    for (const file of files) {
        try {
            parsed.set(file, yaml.loadAll(readFileSync(file, 'utf8')).filter((d) => d !== null && d !== undefined));
        } catch (e) {
            fail(relative(directory, file), `YAML: ${e.message.split('\n')[0]}`);
        }
    }

    const referenced = new Set();
    const patches = new Set();
    const roots = [];
    for (const [file, documents] of parsed) {
        if (KUSTOMIZE_FILES.has(basename(file))) {
            documents.forEach((document) => {
                checkKustomization(document, file, referenced, patches, relative(directory, file));
                if (document?.kind === 'Kustomization') {
                    roots.push(dirname(file));
                }
            });
        }
    }

    const complete = [];
    let count = 0;
    const settingDocuments = [];
    for (const [file, documents] of parsed) {
        const name = relative(directory, file);
        if (KUSTOMIZE_FILES.has(basename(file))) {
            continue;
        }
        const example = /\.example\.ya?ml$/.test(file);
        if (!referenced.has(file) && !example) {
            fail(name, 'no kustomization.yaml names this file (name it *.example.yaml if it is never applied)');
        }
        for (const [i, document] of documents.entries()) {
            count++;
            const where = `${name}${documents.length > 1 ? `#${i + 1}` : ''}: ${describe(document)}`;
            if (typeof document !== 'object' || typeof document.apiVersion !== 'string' || typeof document.kind !== 'string') {
                fail(where, 'not a Kubernetes object (apiVersion and kind)');
                continue;
            }
            await validateSchema(document, where, { patch: patches.has(file) });
            if (['ConfigMap', 'Secret'].includes(document.kind)) {
                settingDocuments.push({ document, where });
            }
            if (!patches.has(file) && !example) {
                complete.push(document);
            }
        }
    }

    const gatewayConfigs = checkSet(complete, 'files', settings, dockerfile);
    for (const { document, where } of settingDocuments) {
        if (gatewayConfigs.has(`${document.kind}/${document.metadata?.name}`)) {
            checkSettingNames(document, where, settings);
        }
    }

    const rendered = [];
    if (!render) {
        notes.add('--no-render: Kustomizations not rendered');
    } else if (!kubectl()) {
        notes.add('kubectl not found: Kustomizations not rendered (every file was checked on its own)');
    } else {
        for (const root of roots.sort()) {
            const label = `kubectl kustomize ${relative(directory, root) || '.'}`;
            const run = spawnSync('kubectl', ['kustomize', root], { encoding: 'utf8', timeout: 60_000 });
            if (run.status !== 0) {
                fail(label, `failed: ${(run.stderr || run.error?.message || '').trim().replace(/^E\d{4} [\d:.]+\s+\d+ \S+\] /, '')}`);
                continue;
            }
            const documents = yaml.loadAll(run.stdout).filter((d) => d !== null && d !== undefined);
            for (const document of documents) {
                await validateSchema(document, `${label}: ${describe(document)}`);
            }
            const configs = checkSet(documents, label, settings, dockerfile);
            documents.filter((d) => configs.has(`${d.kind}/${d.metadata?.name}`))
                .forEach((d) => checkSettingNames(d, `${label}: ${describe(d)}`, settings));
            rendered.push(`${relative(directory, root) || '.'} (${documents.length} objects)`);
        }
    }

    console.log(`${files.length} files, ${count} documents checked against the Kubernetes schemas`);
    if (rendered.length > 0) {
        console.log(`rendered with kubectl kustomize: ${rendered.join(', ')}`);
    }
    notes.forEach((note) => console.log(`note: ${note}`));
    if (failures.length > 0) {
        failures.forEach((failure) => console.log(`FAIL ${failure}`));
        console.log(`${directory}: ${failures.length} problem(s)`);
        process.exit(1);
    }
    console.log(`${directory}: valid`);
    process.exit(0);
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
