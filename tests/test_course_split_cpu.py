"""course.split_cpu: logical CPUs for tf.distribute, and a clear error once TensorFlow has started."""

import subprocess
import sys

import pytest

from utils import course

SCRIPT = """
from utils import course
info = course.setup(verbose=False, logical_cpus=2)
import tensorflow as tf
print(len(tf.config.list_logical_devices("CPU")))
"""


def test_setup_splits_the_cpu_in_a_fresh_process():
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip().splitlines()[-1] == "2"


def test_split_after_tensorflow_started_says_to_restart():
    import tensorflow as tf

    tf.constant(1.0) + 1.0  # start the runtime
    with pytest.raises(RuntimeError, match="Restart the kernel"):
        course.split_cpu(2)


def test_split_needs_at_least_one_device():
    with pytest.raises(ValueError, match="at least 1"):
        course.split_cpu(0)
