"""The two course modes, read from the ``COURSE_MODE`` environment variable.

``full`` (the default) is what a student gets: the lecture's data and epochs.
``fast`` is what ``make test`` and CI use: small slices, 1–2 epochs, no network.

This module imports nothing heavy so the Makefile can validate the mode before it
builds the environment: ``python -m utils.modes``.
"""

from __future__ import annotations

import os
import sys

VALID_MODES = ("full", "fast")
DEFAULT_MODE = "full"
ENV_VAR = "COURSE_MODE"


class ModeError(ValueError):
    """``COURSE_MODE`` holds something other than ``full`` or ``fast``."""


def current_mode() -> str:
    """The mode ``COURSE_MODE`` asks for: ``"full"`` or ``"fast"``."""
    return parse_mode(os.environ.get(ENV_VAR, ""))


def parse_mode(raw: str) -> str:
    """Return ``"full"`` or ``"fast"`` for a ``COURSE_MODE`` value ("" means the default);
    raise :class:`ModeError` naming the valid values for anything else."""
    value = raw.strip().lower() or DEFAULT_MODE
    if value not in VALID_MODES:
        raise ModeError(
            f"{ENV_VAR}={raw!r} is not a course mode. Use one of: "
            f"{', '.join(VALID_MODES)} (for example `COURSE_MODE=fast make test`), "
            f"or unset it for the default ({DEFAULT_MODE})."
        )
    return value


WITHOUT_VAR = "COURSE_WITHOUT"
# The optional system packages some notebook's behaviour depends on. Korean text in plots needs
# no system font (utils.plots.use_korean_font reads koreanize-matplotlib's NanumGothic);
# ``COURSE_WITHOUT=fonts-nanum`` hides every system font to prove it.
OPTIONAL_SYSTEM_PACKAGES = ("graphviz", "dataset-fashion-mnist")


def hidden_system_packages() -> frozenset[str]:
    """Optional system packages to treat as absent even where installed, from
    ``COURSE_WITHOUT`` (comma-separated: ``graphviz``, ``dataset-fashion-mnist``; also
    ``fonts-nanum``, which hides every system font from matplotlib). CI uses it
    to run every notebook exactly as on a newcomer's machine (issue #14)."""
    raw = os.environ.get(WITHOUT_VAR, "")
    return frozenset(p.strip().lower() for p in raw.split(",") if p.strip())


def is_fast() -> bool:
    return current_mode() == "fast"


def pick(*, full, fast):
    """Choose a value by mode: ``EPOCHS = pick(full=25, fast=1)``."""
    return fast if is_fast() else full


def main() -> int:
    try:
        print(f"{ENV_VAR}={current_mode()}")
    except ModeError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
