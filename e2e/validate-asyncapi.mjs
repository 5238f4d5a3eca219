// Validates an AsyncAPI document (docs/asyncapi.yaml) and checks that it still says what the
// gateway does.
//
//   node e2e/validate-asyncapi.mjs <document> [--messages name,name,...]
//
// Exit 0 when every check passes, 1 when one fails, 2 on bad usage. Checks:
//   1. @asyncapi/parser parses the document: any diagnostic of severity error fails, warnings
//      are printed;
//   2. every message named by --messages (default: every action of the gateway's protocol,
//      plus the binary "audio") exists, by name or by id;
//   3. every message has at least one example, and every example's payload is valid against
//      the message's payload schema (the parser does not check this for AsyncAPI 3);
//   4. a JSON message whose payload fixes "action" with a const uses its own name there;
//   5. every property of every message payload, components schema and channel binding
//      schema has a description.
// Then it prints a summary: version, title, number of channels, operations and messages.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { Parser } from '@asyncapi/parser';

// ajv is the parser's own dependency: resolve it from there, so hoisting cannot change it.
const parserRequire = createRequire(createRequire(import.meta.url).resolve('@asyncapi/parser'));
const Ajv = parserRequire('ajv');

/** The protocol's messages: client actions, server actions, and the binary audio frame. */
const DEFAULT_MESSAGES = [
    'synthesize', 'append', 'flush', 'end', 'cancel',
    'start', 'alignment', 'done', 'error', 'audio',
];

/** Spectral's severities (@stoplight/types DiagnosticSeverity). */
const SEVERITY = ['error', 'warning', 'information', 'hint'];

function usage(message) {
    console.error(message);
    console.error('usage: node validate-asyncapi.mjs <document> [--messages name,name,...]');
    process.exit(2);
}

function parseArguments(argv) {
    let file = null;
    let messages = DEFAULT_MESSAGES;
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === '--messages') {
            if (i + 1 >= argv.length) {
                usage('--messages needs a comma-separated list');
            }
            messages = argv[++i].split(',').map((name) => name.trim()).filter((name) => name.length > 0);
        } else if (file === null) {
            file = argv[i];
        } else {
            usage(`unexpected argument ${argv[i]}`);
        }
    }
    if (file === null) {
        usage('no document given');
    }
    return { file: resolve(file), messages };
}

function location(diagnostic) {
    const path = diagnostic.path && diagnostic.path.length > 0 ? diagnostic.path.join('.') : '(root)';
    const line = diagnostic.range ? `:${diagnostic.range.start.line + 1}` : '';
    return `${path}${line}`;
}

/**
 * Collects the properties of a schema, nested ones included, that do not say what they are.
 * Conditions (if/then/else/not) only constrain fields declared elsewhere, so they are skipped.
 */
function undescribed(schema, path, seen, problems) {
    if (schema === null || typeof schema !== 'object' || seen.has(schema)) {
        return;
    }
    seen.add(schema);
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
        if (property && typeof property === 'object' && typeof property.description !== 'string') {
            problems.push(`${path}.${name}`);
        }
        undescribed(property, `${path}.${name}`, seen, problems);
    }
    if (schema.items && typeof schema.items === 'object') {
        undescribed(schema.items, `${path}[]`, seen, problems);
    }
    for (const key of ['allOf', 'anyOf', 'oneOf']) {
        (schema[key] ?? []).forEach((part, i) => undescribed(part, `${path}.${key}[${i}]`, seen, problems));
    }
}

async function main() {
    const { file, messages: required } = parseArguments(process.argv.slice(2));
    let text;
    try {
        text = await readFile(file, 'utf8');
    } catch (e) {
        console.error(`cannot read ${file}: ${e.message}`);
        process.exit(1);
    }

    const failures = [];
    const { document, diagnostics } = await new Parser().parse(text, { source: pathToFileURL(file).href });
    for (const diagnostic of diagnostics) {
        const severity = SEVERITY[diagnostic.severity] ?? String(diagnostic.severity);
        const line = `${severity}: ${diagnostic.code}: ${diagnostic.message} at ${location(diagnostic)}`;
        if (diagnostic.severity === 0) {
            failures.push(line);
        } else {
            console.log(line);
        }
    }
    if (document === undefined) {
        failures.push('the document could not be parsed');
        report(file, failures);
        return;
    }

    const messages = document.allMessages().all();
    const known = new Set(messages.flatMap((message) => [message.name(), message.id()].filter(Boolean)));
    for (const name of required) {
        if (!known.has(name)) {
            failures.push(`message "${name}" is missing`);
        }
    }

    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    const seen = new Set();
    for (const message of messages) {
        const name = message.name() ?? message.id();
        const schema = message.payload()?.json();
        if (schema === undefined) {
            failures.push(`message "${name}" has no payload`);
            continue;
        }
        const undescribedFields = [];
        undescribed(schema, `${name}.payload`, seen, undescribedFields);
        undescribedFields.forEach((path) => failures.push(`${path} has no description`));
        const action = schema.properties?.action?.const;
        if (action !== undefined && action !== message.name()) {
            failures.push(`message "${name}" has action "${action}"`);
        }
        const examples = message.examples().all();
        if (examples.length === 0) {
            failures.push(`message "${name}" has no example`);
        }
        let validate;
        try {
            validate = ajv.compile(schema);
        } catch (e) {
            failures.push(`payload schema of "${name}" does not compile: ${e.message}`);
            continue;
        }
        for (const example of examples) {
            if (!example.hasPayload()) {
                failures.push(`example "${example.name()}" of "${name}" has no payload`);
            } else if (!validate(example.payload())) {
                failures.push(`example "${example.name()}" of "${name}" does not match its payload schema: `
                                      + ajv.errorsText(validate.errors));
            }
        }
    }
    for (const schema of document.components().schemas().all()) {
        const undescribedFields = [];
        undescribed(schema.json(), `components.schemas.${schema.id()}`, new Set(), undescribedFields);
        if (typeof schema.json().description !== 'string') {
            undescribedFields.push(`components.schemas.${schema.id()}`);
        }
        undescribedFields.forEach((path) => failures.push(`${path} has no description`));
    }
    for (const channel of document.allChannels().all()) {
        for (const binding of channel.bindings().all()) {
            const value = binding.value();
            for (const key of ['query', 'headers']) {
                const undescribedFields = [];
                undescribed(value?.[key], `channels.${channel.id()}.bindings.${binding.protocol()}.${key}`, new Set(),
                            undescribedFields);
                undescribedFields.forEach((path) => failures.push(`${path} has no description`));
            }
        }
    }

    console.log(`AsyncAPI ${document.version()}: ${document.info().title()} ${document.info().version()}`);
    console.log(`channels: ${document.allChannels().length}, operations: ${document.allOperations().length}`
                        + ` (send ${document.allOperations().filterBySend().length},`
                        + ` receive ${document.allOperations().filterByReceive().length}),`
                        + ` messages: ${messages.length}, schemas: ${document.components().schemas().length}`);
    console.log(`messages: ${messages.map((message) => message.name() ?? message.id()).join(', ')}`);
    report(file, failures);
}

function report(file, failures) {
    if (failures.length > 0) {
        failures.forEach((failure) => console.log(`FAIL ${failure}`));
        console.log(`${file}: ${failures.length} problem(s)`);
        process.exit(1);
    }
    console.log(`${file}: valid`);
    process.exit(0);
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
