#!/usr/bin/env bash
# The SHA-256 of a client key, as GATEWAY_KEYS_FILE wants it (docs/configuration.md#client-keys-quotas-and-usage).
#   printf %s "$KEY" | scripts/hash-key.sh   the digest of a key read from standard input (one line; a
#                                            trailing newline is not part of the key)
#   scripts/hash-key.sh --new                a new random key (32 bytes, base64url) and its digest
# The key is never taken from the command line, where other users would see it in the process list.
set -euo pipefail

digest() {
    printf %s "$1" | sha256sum | cut -d' ' -f1
}

case "${1:-}" in
    --new)
        key=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
        echo "key:    $key"
        echo "sha256: $(digest "$key")"
        ;;
    "")
        if [ -t 0 ]; then
            read -rsp "key: " key
            echo >&2
        else
            IFS= read -r key || [ -n "$key" ]
        fi
        [ -n "$key" ] || { echo "no key given" >&2; exit 1; }
        digest "$key"
        ;;
    *)
        echo "usage: printf %s \"\$KEY\" | $0    or    $0 --new" >&2
        exit 2
        ;;
esac
