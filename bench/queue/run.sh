#!/usr/bin/env bash
# Starts Redis (tests/services/services.sh start-redis) and RabbitMQ (tests/services/rabbitmq.sh) in
# temp dirs, runs nestbox-bench-queue against the job table, Redis Streams and RabbitMQ, stops them.
#   bench/queue/run.sh BUILD_DIR [bench args…]
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR [--jobs=N --workers=N]}; shift
here=$(cd "$(dirname "$0")" && pwd)
services=$here/../../tests/services
work=$(mktemp -d "${TMPDIR:-/tmp}/nestbox-bench-queue.XXXXXX")
cleanup() {
  "$services/rabbitmq.sh" stop "$work/rabbitmq.env" >/dev/null 2>&1 || true
  "$services/services.sh" stop "$work/services.env" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
"$services/services.sh" start-redis "$work/services.env" 2>/dev/null
"$services/rabbitmq.sh" start "$work/rabbitmq.env" 2>/dev/null
. "$work/services.env"; . "$work/rabbitmq.env"
"$build/bench/queue/nestbox-bench-queue" --redis-url="redis://127.0.0.1:$REDIS_PORT/0" \
  --amqp-url="$RABBITMQ_URL" "$@"
