#!/bin/sh
# compare-moto.sh measures DynamoDB GetItem, PutItem, Query (100 items) and
# EC2 DescribeInstances (1,000 instances) on iamconsole and on moto_server,
# side by side in one run, with wrk replaying one signed request per mode
# (see docs/performance.md). It needs go, jq, wrk and moto_server on PATH
# and stops the two servers it starts when it ends.
#
#   cmd/iamload/compare-moto.sh                  # from the module root
#   CONNS=16 DUR=8s ROUNDS=2 PORT=28731 MOTO_PORT=5055 cmd/iamload/compare-moto.sh
set -eu

CONNS=${CONNS:-16}
DUR=${DUR:-8s}
ROUNDS=${ROUNDS:-2}
PORT=${PORT:-28731}
MOTO_PORT=${MOTO_PORT:-5055}
MODES=${MODES:-"ddb-get ddb-put ddb-query ec2-describe"}

dir=$(mktemp -d)
serve_pid= moto_pid=
cleanup() {
	[ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null || true
	[ -n "$moto_pid" ] && kill "$moto_pid" 2>/dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM

go build -o "$dir/iamconsole" ./cmd/iamconsole
go build -o "$dir/iamload" ./cmd/iamload

# iamconsole: a new database whose management account's admin key signs.
"$dir/iamconsole" init --db "$dir/load.db" --json >"$dir/init.json"
key=$(jq -r .admin.access_key_id "$dir/init.json")
secret=$(jq -r .admin.secret_access_key "$dir/init.json")
IAMCONSOLE_LOG_LEVEL=warn "$dir/iamconsole" serve --db "$dir/load.db" --addr "127.0.0.1:$PORT" >"$dir/serve.log" 2>&1 &
serve_pid=$!

# moto takes any credentials.
moto_server -H 127.0.0.1 -p "$MOTO_PORT" >"$dir/moto.log" 2>&1 &
moto_pid=$!

wait_for() { # URL
	i=0
	until curl -s -o /dev/null "$1"; do
		i=$((i + 1))
		[ $i -gt 100 ] && { echo "compare-moto: $1 does not answer" >&2; exit 1; }
		sleep 0.2
	done
}
wait_for "http://127.0.0.1:$PORT/signin"
wait_for "http://127.0.0.1:$MOTO_PORT/"

"$dir/iamload" -url "http://127.0.0.1:$PORT" -mode setup -key "$key" -secret "$secret"
"$dir/iamload" -url "http://127.0.0.1:$MOTO_PORT" -mode setup -key AKIAIOSFODNN7EXAMPLE -secret moto

for m in $MODES; do
	"$dir/iamload" -url "http://127.0.0.1:$PORT" -mode "$m" -key "$key" -secret "$secret" -wrk-script "$dir/ours-$m.lua"
	"$dir/iamload" -url "http://127.0.0.1:$MOTO_PORT" -mode "$m" -key AKIAIOSFODNN7EXAMPLE -secret moto -wrk-script "$dir/moto-$m.lua"
done

run() { # server port mode
	out=$(wrk -t1 -c"$CONNS" -d"$DUR" --timeout 30s --latency -s "$dir/$1-$3.lua" "http://127.0.0.1:$2/" 2>&1)
	rate=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
	p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
	errs=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
	printf '%-6s %-13s %10s req/s  p99 %-9s load %s %s\n' "$1" "$3" "$rate" "$p99" "$(cut -d' ' -f1 /proc/loadavg)" "$errs"
}

for r in $(seq "$ROUNDS"); do
	echo "round $r: wrk -t1 -c$CONNS -d$DUR"
	for m in $MODES; do
		run ours "$PORT" "$m"
		run moto "$MOTO_PORT" "$m"
	done
done
