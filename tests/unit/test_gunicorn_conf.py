"""config/gunicorn.conf.py: what production's app server does beyond its settings."""

import gc
import runpy
from pathlib import Path

CONF = Path(__file__).resolve().parents[2] / "config" / "gunicorn.conf.py"


def test_workers_fork_warm_with_what_the_master_loaded_frozen_out_of_the_collector():
    conf = runpy.run_path(str(CONF))
    assert conf["preload_app"] is True
    assert gc.get_freeze_count() == 0
    try:
        conf["pre_fork"](server=None, worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
