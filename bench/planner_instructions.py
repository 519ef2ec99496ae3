"""One solve for a fixed number of iterations, to count its instructions under callgrind.

    valgrind --tool=callgrind python bench/planner_instructions.py INSTANCE 500 1

Instruction counts do not depend on what else the machine runs, so two versions of the
planner can be compared on a busy machine (bench/results/issue-10-before-after.md). Prints
the instance, iterations, seed, objective and iterations done.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hverdag.planning.mankowska import read_instance  # noqa: E402
from hverdag.planning.solve import solve  # noqa: E402
from hverdag.planning.stop import MaxIterations  # noqa: E402


def main() -> None:
    path, iterations, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    result = solve(read_instance(Path(path)), MaxIterations(iterations), seed)
    print(Path(path).name, iterations, seed, repr(result.objective), result.iterations)


if __name__ == "__main__":
    main()
