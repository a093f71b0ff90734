"""Issue #14: what a student sees first — no CUDA noise from setup, no Jupyter news pop-up."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NEWS_PLUGIN = "@jupyterlab/apputils-extension:announcements"
JUPYTER = Path(sys.executable).parent / "jupyter"


def test_setup_shows_the_banner_and_no_tensorflow_start_up_lines():
    env = {k: v for k, v in os.environ.items() if k not in ("TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS")}
    env["COURSE_MODE"] = "fast"
    code = "from utils import course\ncourse.setup()\nimport sys\nprint('after', file=sys.stderr)"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "모드(COURSE_MODE): fast" in proc.stdout
    # "Could not find cuda drivers…", "failed call to cuInit…", oneDNN notes, absl's preamble
    for noise in ("cuda", "cuInit", "oneDNN", "absl", "E0000", "I0000", "W0000"):
        assert noise not in proc.stderr, proc.stderr
    assert proc.stderr.strip() == "after"  # stderr works again after setup


def test_news_plugin_is_disabled_for_make_lab_and_binder():
    page_config = json.loads((ROOT / "binder" / "labconfig" / "page_config.json").read_text())
    assert page_config["disabledExtensions"] == {NEWS_PLUGIN: True}
    makefile = (ROOT / "Makefile").read_text()
    assert "JUPYTER_CONFIG_PATH=$(CURDIR)/binder" in makefile and "$(LAB_CONFIG) $(VENV)/bin/jupyter lab" in makefile
    assert f'jupyter labextension disable "{NEWS_PLUGIN}"' in (ROOT / "binder" / "postBuild").read_text()


@pytest.mark.skipif(not JUPYTER.exists(), reason="jupyter is not installed next to this Python")
def test_the_lab_page_that_make_lab_serves_disables_the_news_plugin(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, JUPYTER_CONFIG_PATH=str(ROOT / "binder"), HOME=str(tmp_path),
               JUPYTER_CONFIG_DIR=str(tmp_path / "cfg"), JUPYTER_RUNTIME_DIR=str(tmp_path / "rt"))  # fmt: skip
    cmd = [str(JUPYTER), "lab", "--no-browser", "--allow-root", f"--port={port}", "--ServerApp.ip=127.0.0.1",
           "--IdentityProvider.token=", "--ServerApp.password=", f"--ServerApp.root_dir={ROOT / 'notebooks'}"]  # fmt: skip
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        page, deadline = "", time.time() + 90
        while time.time() < deadline:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/lab", timeout=5).read().decode()
                break
            except OSError:
                time.sleep(0.5)
        start = page.index('id="jupyter-config-data"')
        config = json.loads(page[page.index(">", start) + 1 : page.index("</script>", start)])
        assert NEWS_PLUGIN in config["disabledExtensions"]
    finally:
        server.terminate()
        server.wait(timeout=30)
