#!/usr/bin/env bash
# Adds a migration with the same name to both migration sets, so they stay in step with the model.
# Usage: scripts/add-migration.sh NAME
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/add-migration.sh NAME}
dotnet tool restore >/dev/null
for provider in Sqlite SqlServer; do
  dotnet ef migrations add "$name" \
    --project "src/CareHub.Data.Migrations.$provider" \
    --startup-project "src/CareHub.Data.Migrations.$provider" \
    --output-dir Migrations
done
