#!/usr/bin/env bash
# Checks that the embedded engine's early first phrase (MARYTTS_FIRST_PHRASE_WORDS) costs no
# intelligibility: speaks each sentence of scripts/intelligibility-sentences.txt through the gateway
# (POST /v1/audio/speech, WAV at 24 kHz) once as configured and once with the first sentence whole
# (MARYTTS_FIRST_PHRASE_WORDS=0, same voice, same rate), has pocketsphinx (Debian's recognizer and
# US English model, installed if missing) recognize both at 16 kHz, and prints the word error rate
# (WER) of each against the text. Fails when the cut audio's WER exceeds the whole sentence's by more
# than MAX_WER_INCREASE (default 0.05): on the first sentence (issue 14's), or over all of them.
# The vocoder's noise differs from one synthesis to the next (a word more or less recognized in 20),
# so each sentence is spoken INTELLIGIBILITY_REPEAT times (default 3, the cache off) and the WER is
# over all repeats. Takes 1 to 3 minutes on 2 cores: a benchmark step, not part of ./test.sh.
#   scripts/intelligibility.sh [SENTENCES_FILE]
# INTELLIGIBILITY_PORT (default 8303) and the next port are the two gateways' ports; FIRST_PHRASE_WORDS the setting checked
# (default: the gateway's own default). Builds the gateway unless app/target/tts-gateway.jar exists
# (SKIP_BUILD=false rebuilds).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
. scripts/system-packages.sh
require_packages pocketsphinx_continuous:pocketsphinx \
    /usr/share/pocketsphinx/model/en-us/en-us/mdef:pocketsphinx-en-us sox:sox curl:curl || exit 1

SENTENCES=${1:-scripts/intelligibility-sentences.txt}
PORT=${INTELLIGIBILITY_PORT:-8303}
MAX_INCREASE=${MAX_WER_INCREASE:-0.05}
REPEAT=${INTELLIGIBILITY_REPEAT:-3}
if [ "${SKIP_BUILD:-true}" != true ] || [ ! -f app/target/tts-gateway.jar ]; then
    ./mvnw -B -q -DskipTests package
fi
. scripts/gateway-lib.sh

start_gateway() { # port env-assignments...: one engine, so its warm-up is short; ready is awaited apart
    local port=$1
    shift
    require_free_port "$port" INTELLIGIBILITY_PORT
    launch_gateway "$port" "$WORK/gateway-$port.log" "$WORK/cache-$port" CACHE_ENABLED=false TTS_PROVIDER=marytts \
        MARYTTS_MAX_CONCURRENT=1 "$@" -- -Xmx512m
}

speak() { # name port repeat: fetches every sentence's audio as WAV, resampled to 16 kHz mono for the recognizer
    local n=0 sentence body
    while IFS= read -r sentence; do
        [ -z "$sentence" ] && continue
        n=$((n + 1))
        body=$(printf '{"model":"marytts","voice":"cmu-slt-hsmm","response_format":"wav","input":"%s"}' "$sentence")
        curl -sf -o "$WORK/$1-$n-$3.wav" localhost:"$2"/v1/audio/speech -H 'Content-Type: application/json' -d "$body"
        # The gateway streams its WAV with an open length; sox reads to the end of the data.
        sox -V1 --ignore-length "$WORK/$1-$n-$3.wav" -r 16000 -c 1 -b 16 "$WORK/$1-$n-$3-16k.wav"
    done < "$SENTENCES"
}

heard() { # name sentence-number: what the recognizer heard in every repeat, one line each
    local r
    for r in $(seq 1 "$REPEAT"); do
        cat "$WORK/$1-$2-$r-16k.wav.txt"
        echo
    done
}

errors_of() { # name sentence-number sentence: word errors summed over the repeats, and words
    local line errors=0 words=0 e w
    while IFS= read -r line; do
        read -r e w < <(errors "$3" "$line")
        errors=$((errors + e)) words=$((words + w))
    done < <(heard "$1" "$2")
    echo "$errors $words"
}

# errors and reference words between a reference and a hypothesis: word-level Levenshtein distance.
errors() { # reference hypothesis
    awk -v ref="$1" -v hyp="$2" 'BEGIN {
        n = split(norm(ref), r, " "); m = split(norm(hyp), h, " ")
        for (j = 0; j <= m; j++) d[0, j] = j
        for (i = 1; i <= n; i++) {
            d[i, 0] = i
            for (j = 1; j <= m; j++) {
                c = d[i - 1, j - 1] + (r[i] != h[j])
                if (d[i - 1, j] + 1 < c) c = d[i - 1, j] + 1
                if (d[i, j - 1] + 1 < c) c = d[i, j - 1] + 1
                d[i, j] = c
            }
        }
        print d[n, m], n
    }
    function norm(s) { s = tolower(s); gsub(/[^a-z0-9'"'"' ]/, " ", s); gsub(/ +/, " ", s); return s }'
}

cut_env=()
[ -n "${FIRST_PHRASE_WORDS:-}" ] && cut_env=(MARYTTS_FIRST_PHRASE_WORDS="$FIRST_PHRASE_WORDS")
# Both gateways warm up at once; the whole sentences come from the second, on the next port.
start_gateway "$PORT" "${cut_env[@]}"
start_gateway $((PORT + 1)) MARYTTS_FIRST_PHRASE_WORDS=0
await_ready "$PORT" "$WORK/gateway-$PORT.log"
await_ready $((PORT + 1)) "$WORK/gateway-$((PORT + 1)).log"
for r in $(seq 1 "$REPEAT"); do
    speak cut "$PORT" "$r" &
    speak whole $((PORT + 1)) "$r"
    wait $!
done
stop_started
# Recognized two at a time: pocketsphinx takes a core for about a third of the audio's length.
for file in "$WORK"/*-16k.wav; do
    echo "$file"
done | xargs -P 2 -I{} sh -c 'pocketsphinx_continuous -infile "$1" -logfn /dev/null 2>/dev/null | tr "\n" " " > "$1.txt"' _ {}

n=0 cut_total=0 whole_total=0 words_total=0 first_cut=0 first_whole=0 first_words=0
printf '%-6s %-6s %s\n' "cut" "whole" "sentence (WER: word errors / words)"
while IFS= read -r sentence; do
    [ -z "$sentence" ] && continue
    n=$((n + 1))
    read -r cut_errors words < <(errors_of cut "$n" "$sentence")
    read -r whole_errors _ < <(errors_of whole "$n" "$sentence")
    awk -v c="$cut_errors" -v w="$whole_errors" -v n="$words" -v s="$sentence" \
        'BEGIN { printf "%-6.2f %-6.2f %s\n", c / n, w / n, s }'
    cut_total=$((cut_total + cut_errors)) whole_total=$((whole_total + whole_errors)) words_total=$((words_total + words))
    if [ "$n" -eq 1 ]; then
        first_cut=$cut_errors first_whole=$whole_errors first_words=$words
    fi
done < "$SENTENCES"

awk -v fc="$first_cut" -v fw="$first_whole" -v fn="$first_words" -v tc="$cut_total" -v tw="$whole_total" \
    -v tn="$words_total" -v max="$MAX_INCREASE" 'BEGIN {
    printf "first sentence: WER %.2f with the first phrase cut, %.2f whole (allowed: +%.2f)\n", fc / fn, fw / fn, max
    printf "all sentences:  WER %.2f with the first phrase cut, %.2f whole (allowed: +%.2f)\n", tc / tn, tw / tn, max
    bad = (fc / fn > fw / fn + max + 1e-9) || (tc / tn > tw / tn + max + 1e-9)
    print bad ? "FAIL: cutting the first phrase costs intelligibility" : "OK"
    exit bad
}'
