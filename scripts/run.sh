#!/usr/bin/env bash
# Runs CareHub locally: ./scripts/run.sh, then open the URL it prints and pick a demo user.
# Development environment: the app creates, migrates and seeds its SQLite database under
# src/CareHub.Web/App_Data on start and offers the development sign-in.
# CAREHUB_URL overrides the address (default http://localhost:5080).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export ASPNETCORE_ENVIRONMENT=Development

url="${CAREHUB_URL:-http://localhost:5080}"
echo "CareHub will listen on $url (Development: pick a demo user to sign in; Ctrl+C stops it)"
# --no-launch-profile: launchSettings.json would otherwise choose its own port and open a browser.
exec dotnet run --project src/CareHub.Web -c Release --no-launch-profile -- --urls "$url"
