# Shared setup for ./scripts/start and ./scripts/test (sourced, not run).
# From a fresh clone: Python packages from the lock file, front-end packages from the npm registry,
# message catalogs, database schema. Every step is safe to repeat.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PYTHONUNBUFFERED=1
PY="$ROOT/.venv/bin/python"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
warn() { printf '\033[33m!! %s\033[0m\n' "$*" >&2; }
is_root() { [ "$(id -u)" = "0" ]; }

APT_UPDATED=0
apt_install() {
    # Debian packages the project needs (only as root; otherwise say what is missing).
    if ! is_root || ! command -v apt-get >/dev/null; then
        warn "cần cài gói hệ thống: $* (chạy với quyền root hoặc cài bằng tay) / missing system packages: $*"
        return 1
    fi
    if [ "$APT_UPDATED" = 0 ]; then
        say "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        APT_UPDATED=1
    fi
    say "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

setup_python() {
    local uv="uv"
    if ! command -v uv >/dev/null; then
        say "Cài uv (pip install uv)"
        python3 -m pip install --quiet --disable-pip-version-check uv
        command -v uv >/dev/null || uv="python3 -m uv"
    fi
    say "Cài thư viện Python từ uv.lock (uv sync --frozen)"
    $uv sync --frozen --quiet
}

setup_frontend() {
    local vendor="src/dangbo/static/vendor"
    if [ -f "$vendor/htmx.min.js" ] && [ -f "$vendor/chart.umd.min.js" ] && [ "$vendor/htmx.min.js" -nt package-lock.json ] \
        && ! grep -q "sourceMappingURL" "$vendor/htmx.min.js" "$vendor/chart.umd.min.js"; then
        return 0
    fi
    command -v npm >/dev/null || { warn "npm is missing: install Node.js and npm"; return 1; }
    say "Cài thư viện giao diện từ package-lock.json (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    mkdir -p "$vendor"
    # The source-map comment is dropped: the maps are not shipped (they only help debug the libraries), and a
    # comment naming a missing file makes collectstatic fail under the production (manifest) storage.
    vendor_copy node_modules/htmx.org/dist/htmx.min.js "$vendor/htmx.min.js"
    vendor_copy node_modules/chart.js/dist/chart.umd.min.js "$vendor/chart.umd.min.js"
}

vendor_copy() {
    sed -e '/^\/\/# sourceMappingURL=/d' "$1" >"$2"
}

setup_messages() {
    [ -d src/dangbo/locale ] || return 0
    if ! command -v msgfmt >/dev/null; then
        apt_install gettext || { warn "msgfmt is missing: the English catalog is not compiled"; return 0; }
    fi
    say "Biên dịch bản dịch (compilemessages)"
    (cd src/dangbo && "$PY" "$ROOT/manage.py" compilemessages --verbosity 0)
}
