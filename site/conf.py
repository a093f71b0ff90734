"""Sphinx settings of the course website (`make site`).

tools/siteoutputs.py stage copies this file into the staged source tree beside index.md,
notebooks/ and _course.json (the repository slug from pyproject.toml [tool.course], the commit).
Nothing is executed here: the outputs come from site/outputs/ (see tools/siteoutputs.py).
"""

import datetime
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))
COURSE = json.loads((HERE / "_course.json").read_text(encoding="utf-8"))

project = "딥러닝 with TensorFlow/Keras"
author = "tf-keras-course-ko"
copyright = f"{datetime.date.today().year}, {author}"
language = "ko"

extensions = ["myst_nb", "sphinx_copybutton", "kosearch"]
exclude_patterns = ["_build", "_course.json"]
root_doc = "index"

# The notebooks are rendered as stored: never executed at build time.
nb_execution_mode = "off"
nb_output_stderr = "remove"
nb_merge_streams = True
myst_enable_extensions = ["colon_fence", "dollarmath", "amsmath"]
myst_heading_anchors = 3
suppress_warnings = ["mystnb.unknown_mime_type"]

html_theme = "sphinx_book_theme"
html_title = "딥러닝 with TensorFlow/Keras"
html_static_path = ["_static"]
html_css_files = ["course.css"]
html_js_files = ["course.js"]
html_copy_source = True
html_sourcelink_suffix = ""  # the download button serves notebooks/NN_x.ipynb itself, with its outputs
html_last_updated_fmt = None
commit = COURSE.get("commit") or "?"
html_theme_options = {
    "repository_url": f"https://github.com/{COURSE['repository']}",
    "repository_branch": COURSE["branch"],
    "path_to_docs": "",
    "use_repository_button": True,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "launch_buttons": {
        "colab_url": "https://colab.research.google.com",
        "binderhub_url": "https://mybinder.org",
        "notebook_interface": "jupyterlab",
    },
    "show_toc_level": 2,
    "extra_footer": f"저장소 {COURSE['repository']} · 커밋 {commit}에서 만든 페이지입니다.",
}
