#!/usr/bin/env bash
# The SQL Server (Azure SQL) migration as a deployment step (docs/adr/0003): writes the idempotent script of the
# SqlServer migration set (each migration runs only if __EFMigrationsHistory does not list it, so the script can run
# against a database at any earlier migration, or twice) and, with --apply, applies it with sqlcmd signed in with
# Microsoft Entra ID (-G). The app never migrates SQL Server itself: it refuses to start while migrations are pending.
#
# Usage: scripts/sqlserver-migration.sh OUTPUT.sql [--apply [--connection "Server=tcp:HOST,1433;Database=NAME;..."]]
#   The connection string may come from CAREHUB_SQL_CONNECTION instead of --connection; only its server and database
#   are used (sqlcmd signs in with Entra ID: the pipeline's identity needs db_ddladmin, or db_owner, on the database).
# Exit codes: 0 done, 1 failed, 2 bad arguments, 3 --apply asked but sqlcmd is not on PATH (the script is written).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: scripts/sqlserver-migration.sh OUTPUT.sql [--apply [--connection CONNECTION_STRING]]" >&2; exit 2; }

output=""
apply=false
connection="${CAREHUB_SQL_CONNECTION:-}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --apply) apply=true ;;
    --connection) [[ $# -ge 2 ]] || usage; connection="$2"; shift ;;
    -h|--help) usage ;;
    -*) echo "unknown option: $1" >&2; usage ;;
    *) [[ -z "$output" ]] || usage; output="$1" ;;
  esac
  shift
done
[[ -n "$output" ]] || usage

# A value of the connection string by any of its key names (case-insensitive), without "tcp:" handling.
connection_value() {
  local key part name value
  IFS=';' read -ra parts <<< "$connection"
  for part in "${parts[@]}"; do
    name="${part%%=*}"; value="${part#*=}"
    name="$(echo "$name" | tr -d '[:space:]' | tr '[:upper:]' '[:lower:]')"
    for key in "$@"; do
      if [[ "$name" == "$key" ]]; then echo "$value" | sed 's/^[[:space:]]*//;s/[[:space:]]*$//'; return; fi
    done
  done
}

if $apply; then
  [[ -n "$connection" ]] || { echo "--apply needs the database: --connection \"Server=tcp:HOST,1433;Database=NAME\" or CAREHUB_SQL_CONNECTION." >&2; exit 2; }
  server="$(connection_value server datasource address addr networkaddress)"
  database="$(connection_value database initialcatalog)"
  [[ -n "$server" && -n "$database" ]] || { echo "The connection string names no Server or no Database." >&2; exit 2; }
fi

mkdir -p "$(dirname "$output")"
dotnet tool restore >/dev/null
dotnet ef migrations script --idempotent --output "$output" \
  --project src/CareHub.Data.Migrations.SqlServer \
  --startup-project src/CareHub.Data.Migrations.SqlServer
echo "Wrote the idempotent SQL Server migration script to $output."

how_to_apply() {
  cat <<TEXT
To apply it, run it against the Azure SQL database as an identity allowed to change the schema, e.g.:
  sqlcmd -S ${server:-tcp:HOST,1433} -d ${database:-NAME} -G -I -b -i $output
(sqlcmd: https://learn.microsoft.com/sql/tools/sqlcmd/sqlcmd-utility), or paste it into the portal's query editor.
It is idempotent: migrations already applied are skipped. Start the new app version after it has run.
TEXT
}

if ! $apply; then
  how_to_apply
  exit 0
fi
if ! command -v sqlcmd >/dev/null 2>&1; then
  echo "sqlcmd is not on PATH, so the script was not applied." >&2
  how_to_apply >&2
  exit 3
fi
# -G: Microsoft Entra ID sign-in; -I: quoted identifiers on (as EF Core's SQL expects); -b: stop at the first error.
sqlcmd -S "$server" -d "$database" -G -I -b -i "$output"
echo "Applied $output to $database on $server."
