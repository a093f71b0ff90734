"""The setup call of every notebook: versions, mode, device, seeds, quiet logs.

Usage in the first code cell after the Colab bootstrap::

    from utils import course
    course.setup()                      # prints one banner, seeds everything
    EPOCHS = course.pick(full=25, fast=1)
    model.fit(..., verbose=0, callbacks=[*course.progress()])   # live progress in full mode only
"""

from __future__ import annotations

import contextlib
import os
import platform
import random
import re
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

from .modes import ModeError, current_mode, is_fast, pick  # noqa: F401  (re-exported)
from .progress import progress, progress_iter  # noqa: F401  (re-exported: course.progress())

DEFAULT_SEED = 42


def running_on_colab() -> bool:
    return "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ


def running_on_binder() -> bool:
    return "BINDER_SERVICE_HOST" in os.environ or "BINDER_REPO_URL" in os.environ


def environment_name() -> str:
    if running_on_colab():
        return "Colab"
    if running_on_binder():
        return "Binder"
    return "local"


def quiet_tensorflow() -> None:
    """Silence TensorFlow's C++ and Python chatter. Effective only before TF is imported
    for the C++ part, which is why :func:`setup` must be the first thing a notebook runs.
    Level 3 also hides the CPU-only machine's "failed call to cuInit … (303)" error line."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # same numbers on every CPU
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", message=".*np.object.*")


@contextlib.contextmanager
def _native_stderr_silenced():
    """Send file descriptor 2 to /dev/null for a moment. TensorFlow's import prints
    "Could not find cuda drivers on your machine, GPU will not be used." from C++ before its
    logging is set up, so no log level hides it; on a CPU-only machine it is the expected case
    (the banner says "장치: CPU"), and in red it reads like a failure. Python errors are
    exceptions, not writes to fd 2, so nothing a student needs is lost."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):  # no real fd 2 (some embedded shells)
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        try:
            sys.stderr.flush()
        except (OSError, ValueError):
            pass
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def seed_everything(seed: int = DEFAULT_SEED) -> None:
    """Seed Python, NumPy and TensorFlow (through Keras) with one number."""
    random.seed(seed)
    os.environ["PYTHONHASHSEED"] = str(seed)
    import keras

    keras.utils.set_random_seed(seed)


# The versions requirements.txt pins and CI tests; used only when requirements.txt is not
# beside the package (README "Supported versions" lists the whole tested range).
TESTED_VERSIONS = {"tensorflow": "2.21.0", "keras": "3.15.1"}
REQUIREMENTS = Path(__file__).resolve().parent.parent / "requirements.txt"


def tested_versions(requirements: Path | None = REQUIREMENTS) -> dict[str, str]:
    """The TensorFlow and Keras versions the course pins: read from requirements.txt when it is
    there (a clone, Colab's /content copy), else :data:`TESTED_VERSIONS`."""
    pins = dict(TESTED_VERSIONS)
    try:
        text = requirements.read_text(encoding="utf-8") if requirements else ""
    except OSError:
        text = ""
    for line in text.splitlines():
        match = re.fullmatch(r"\s*(tensorflow|keras)\s*==\s*([\w.]+)\s*(#.*)?", line)
        if match:
            pins[match.group(1)] = match.group(2)
    return pins


def version_note(tensorflow: str, keras: str, tested: dict[str, str] | None = None) -> str | None:
    """One Korean line when the running TensorFlow/Keras are not the tested pins (e.g. Colab's
    own versions), naming both; None when they are the same. Information, not an error."""
    tested = tested or tested_versions()
    running = {"tensorflow": tensorflow.split("+")[0], "keras": keras.split("+")[0]}
    if running == {name: tested[name] for name in running}:
        return None
    return (
        f"ℹ️ 버전 차이: 지금 TensorFlow {running['tensorflow']} · Keras {running['keras']}, "
        f"코스가 고정·시험한 버전은 TensorFlow {tested['tensorflow']} · Keras {tested['keras']}입니다 "
        "(오류가 아닙니다. 경고 문구나 수치가 조금 다를 수 있습니다)."
    )


@dataclass(frozen=True)
class SetupInfo:
    python: str
    tensorflow: str
    keras: str
    mode: str
    gpus: tuple[str, ...]
    environment: str
    seed: int

    @property
    def has_gpu(self) -> bool:
        return bool(self.gpus)

    def banner(self) -> str:
        device = f"GPU × {len(self.gpus)}" if self.gpus else "CPU (GPU 없음)"
        lines = [
            f"Python {self.python} · TensorFlow {self.tensorflow} · Keras {self.keras}",
            f"모드(COURSE_MODE): {self.mode} · 장치: {device} · 환경: {self.environment} · seed: {self.seed}",
        ]
        note = version_note(self.tensorflow, self.keras)
        if note:
            lines.append(note)
        if self.mode == "fast":
            lines.append("fast 모드: 작은 데이터와 1–2 에폭으로 모든 코드를 빠르게 실행합니다 (결과 수치는 강의보다 낮습니다).")
        if not self.gpus and self.environment == "Colab":
            lines.append("Colab에서 GPU를 쓰려면: 런타임 → 런타임 유형 변경 → 하드웨어 가속기: GPU, 그리고 다시 실행하세요.")
        if self.environment == "Binder" and self.mode == "full":
            lines.append("Binder는 CPU와 약 2GB 메모리뿐입니다: 오래 걸리면 `COURSE_MODE=fast`로 실행해 보세요.")
        return "\n".join(lines)


def split_cpu(n: int) -> list[str]:
    """Make ``n`` logical CPU devices out of the physical CPU, so that ``tf.distribute`` has
    replicas to mirror on a machine without GPUs. TensorFlow accepts this only before its
    runtime starts, which is why :func:`setup` does it first (``setup(logical_cpus=2)``)."""
    import tensorflow as tf

    if n < 1:
        raise ValueError(f"logical_cpus must be at least 1, got {n}")
    cpu = tf.config.list_physical_devices("CPU")[0]
    try:
        tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration() for _ in range(n)])
    except RuntimeError as err:
        raise RuntimeError(
            "TensorFlow already started, so the CPU can no longer be split into logical devices. "
            "Restart the kernel (Kernel → Restart) and run the setup cell first."
        ) from err
    return [d.name for d in tf.config.list_logical_devices("CPU")]


def setup(seed: int = DEFAULT_SEED, *, verbose: bool = True, logical_cpus: int | None = None) -> SetupInfo:
    """Prepare a notebook: check the mode, quiet TF, seed everything, use a Korean font, print a banner.

    ``logical_cpus=2`` splits the CPU into two logical devices before anything else touches
    TensorFlow (notebook 30's MirroredStrategy on a machine without GPUs)."""
    mode = current_mode()  # fail first, with a clear message, on a bad COURSE_MODE
    quiet_tensorflow()
    with _native_stderr_silenced():
        import keras
        import tensorflow as tf

        if logical_cpus is not None:
            split_cpu(logical_cpus)  # before anything starts the TensorFlow runtime
        tf.get_logger().setLevel("ERROR")
        gpus = tuple(d.name for d in tf.config.list_physical_devices("GPU"))
    seed_everything(seed)
    from .plots import use_korean_font

    use_korean_font()  # Korean titles and labels in every plot, with no system font (koreanize-matplotlib)
    info = SetupInfo(
        python=platform.python_version(),
        tensorflow=tf.__version__,
        keras=keras.__version__,
        mode=mode,
        gpus=gpus,
        environment=environment_name(),
        seed=seed,
    )
    if verbose:
        print(info.banner())
    return info
