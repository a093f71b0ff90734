"""Shared helpers for the notebooks of the Korean TensorFlow/Keras course.

Import the part you need in a notebook's setup cell::

    from utils import course, data, plots, results
    course.setup()

This file stays free of heavy imports so that ``python -m utils.modes`` can check
``COURSE_MODE`` before TensorFlow is even installed.
"""

__all__ = ["course", "data", "diagrams", "fixtures", "hub_standin", "modes", "plots", "pretrained", "progress", "results"]
