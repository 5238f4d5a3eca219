// Validates the OpenAPI document of the HTTP API (docs/openapi.yaml) and checks that it still says
// what the gateway does.
//
//   node e2e/validate-openapi.mjs <document> --operations "post /audio/speech,get /models" --formats pcm,wav
//
// Exit 0 when every check passes, 1 when one fails, 2 on bad usage. Checks:
//   1. the document is valid OpenAPI 3.1 (@seriousme/openapi-schema-validator, the official schemas);
//   2. every operation named by --operations exists;
//   3. the speech request's response_format enum is exactly the gateway's formats (--formats);
//   4. every component schema compiles as JSON Schema 2020-12 (Ajv), and every example of a request
//      or response body is valid against its schema;
//   5. every property of every component schema has a description.
import { readFile } from 'node:fs/promises';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020.js';
import yaml from 'js-yaml';

const args = process.argv.slice(2);
const file = args[0];
const option = (name) => {
    const at = args.indexOf(name);
    return at < 0 ? null : args[at + 1];
};
if (!file || !option('--operations') || !option('--formats')) {
    console.error('usage: node e2e/validate-openapi.mjs <document> --operations "method /path,..." --formats a,b');
    process.exit(2);
}
const problems = [];
const document = yaml.load(await readFile(file, 'utf8'));

const result = await new Validator().validate(document);
if (!result.valid) {
    for (const error of [].concat(result.errors ?? [])) {
        problems.push(`not valid OpenAPI: ${error.instancePath ?? ''} ${error.message ?? JSON.stringify(error)}`);
    }
}
if (document.openapi !== '3.1.0') {
    problems.push(`openapi is ${document.openapi}, not 3.1.0`);
}
for (const operation of option('--operations').split(',')) {
    const [method, path] = operation.trim().split(/\s+/);
    if (!document.paths?.[path]?.[method]) {
        problems.push(`missing operation ${method.toUpperCase()} ${path}`);
    }
}
const documented = document.components?.schemas?.SpeechRequest?.properties?.response_format?.enum ?? [];
const formats = option('--formats').split(',');
if ([...documented].sort().join(',') !== [...formats].sort().join(',')) {
    problems.push(`response_format enum [${documented}] is not the gateway's formats [${formats}]`);
}
// The OpenAPI schema does not look inside schema objects: Ajv compiles each one, with the
// components reachable through $ref, and checks the examples against them.
const ajv = new Ajv2020({ strict: false, validateFormats: false });
ajv.addSchema({ components: document.components ?? {} }, 'doc');
const resolve = (schema) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/'));
for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    try {
        ajv.compile(resolve(schema));
    } catch (e) {
        problems.push(`schema ${name} does not compile: ${e.message}`);
    }
}
const refOf = (schema) => schema?.$ref?.startsWith('#/components/responses/')
    ? document.components.responses[schema.$ref.split('/').pop()] : schema;
for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
        const bodies = [['request', operation.requestBody]]
            .concat(Object.entries(operation.responses ?? {}).map(([status, response]) => [status, refOf(response)]));
        for (const [what, body] of bodies) {
            for (const [type, media] of Object.entries(body?.content ?? {})) {
                if (media.example === undefined || !media.schema || type === 'text/event-stream') {
                    continue;
                }
                try {
                    const validate = ajv.compile(resolve(media.schema));
                    if (!validate(media.example)) {
                        problems.push(`${method.toUpperCase()} ${path} ${what} ${type}: example not valid: `
                            + ajv.errorsText(validate.errors));
                    }
                } catch (e) {
                    problems.push(`${method.toUpperCase()} ${path} ${what} ${type}: schema does not compile: ${e.message}`);
                }
            }
        }
    }
}
const described = (schema, where) => {
    for (const [name, property] of Object.entries(schema?.properties ?? {})) {
        if (!property.description && !property.$ref) {
            problems.push(`${where}.${name} has no description`);
        }
        described(property, `${where}.${name}`);
        described(property.items, `${where}.${name}[]`);
    }
};
for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    described(schema, name);
}
for (const problem of problems) {
    console.error('FAIL ' + problem);
}
if (problems.length > 0) {
    process.exit(1);
}
console.log(`${file}: valid OpenAPI ${document.openapi}, ${Object.keys(document.paths).length} paths`);
