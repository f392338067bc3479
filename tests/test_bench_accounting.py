"""bench_report counts the CPU time of the partition pools' fork-server workers."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"

# A stand-in for a notebook kernel: it burns CPU in a fork-server pool (as analysis.partitions
# does) and exits without waiting for its fork server, as a kernel does.
KERNEL = r'''
import json, multiprocessing as mp, os
ctx = mp.get_context("forkserver")
pool = ctx.Pool(1)
pool.map(sum, [range(2 * 10**7)] * 2)
worker = pool.apply(os.times)
pool.close(); pool.join()
print(json.dumps({"worker": worker.user + worker.system}))
'''

# The measuring process: runs the kernel twice, first plain, then as the reaper of orphans.
MEASURE = r'''
import json, resource, subprocess, sys
sys.path.insert(0, sys.argv[1])
import bench_report

def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime

found = {}
for adopt in (False, True):
    if adopt:
        found["adopted"] = bench_report.adopt_orphans()
    before = children_cpu()
    done = subprocess.run([sys.executable, "-c", sys.argv[2]], capture_output=True, text=True, check=True)
    bench_report.reap_all_adopted()
    found["adopt" if adopt else "plain"] = {**json.loads(done.stdout), "counted": children_cpu() - before}
print(json.dumps(found))
'''


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_CHILD_SUBREAPER is Linux's")
def test_fork_server_workers_count_once_the_measuring_process_adopts_them():
    done = subprocess.run([sys.executable, "-c", MEASURE, str(BENCHMARKS), KERNEL],
                          capture_output=True, text=True, check=True, timeout=120)
    found = json.loads(done.stdout.splitlines()[-1])
    plain, adopt = found["plain"], found["adopt"]
    assert plain["worker"] > 0.2 and adopt["worker"] > 0.2  # the workers did burn CPU
    # Without adoption the fork server goes to init and its workers' CPU time is lost ...
    assert plain["counted"] < plain["worker"] / 2
    # ... with it, the fork server is reaped by the measuring process and every second counts.
    assert found["adopted"] and adopt["counted"] >= 0.95 * adopt["worker"]
