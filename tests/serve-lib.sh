# serve-lib.sh: sourced by the scrutiny-serve tests: a database of the
# sample corpus, the server on a free loopback port over it, and checks
# that count failures.  Needs SCRUTINY_BUILDDIR and SCRUTINY_SRCDIR (make
# check sets them).
build=${SCRUTINY_BUILDDIR:?run by make check}
src=${SCRUTINY_SRCDIR:?run by make check}
failures=0
checks=0

# skip WHY: exit 77, which make check reports as SKIP
skip() { echo "SKIP: $*"; exit 77; }

# check NAME COMMAND...: one assertion
check() {
    name=$1
    shift
    checks=$((checks + 1))
    if "$@"; then
        echo "ok - $name"
    else
        echo "FAIL - $name"
        failures=$((failures + 1))
    fi
}

finish() {
    echo "$checks checks, $failures failed"
    [ "$failures" -eq 0 ]
}

# start_server TMPDIR [OPTION...]: indexes the corpus into TMPDIR/db (once)
# and starts the server over it, with the options given, on a port of its
# choosing (behind $SCRUTINY_TEST_WRAPPER, e.g. valgrind, when set); sets
# $base (http://127.0.0.1:PORT) and $server_pid
start_server() {
    dir=$1
    shift
    [ -d "$dir/db" ] || "$build/scrutiny-index" --db "$dir/db" "$src/corpus" >"$dir/index.log" 2>&1 ||
        { echo "indexing the corpus failed:"; cat "$dir/index.log"; exit 1; }
    # an earlier server's log would name its port: the new server's
    # redirection truncates it only once its process runs
    rm -f "$dir/serve.log"
    # shellcheck disable=SC2086 # the wrapper is a command with its options
    ${SCRUTINY_TEST_WRAPPER:-} "$build/scrutiny-serve" --db "$dir/db" "$@" --listen 127.0.0.1:0 \
        --threads 2 >"$dir/serve.out" 2>"$dir/serve.log" &
    server_pid=$!
    port=
    for _ in $(seq 300); do
        port=$(sed -n 's|.*serving http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$dir/serve.log" 2>/dev/null)
        [ -n "$port" ] && break
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    [ -n "$port" ] || { echo "scrutiny-serve did not start:"; cat "$dir/serve.log"; exit 1; }
    base=http://127.0.0.1:$port
}

# stop_server: SIGTERM, then its exit status in $server_status; a server
# still there a minute later is killed (137), so that one that hangs on
# its way out fails the test instead of holding it for ever
stop_server() {
    kill -TERM "$server_pid" 2>/dev/null
    for _ in $(seq 600); do
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null
    server_status=0
    wait "$server_pid" || server_status=$?
}
