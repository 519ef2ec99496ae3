"""The search: ruin-and-recreate with simulated annealing over task sequences.

Internal module; use :func:`hverdag.planning.solve`. A *task* is one caregiver's part of a visit
(a two-caregiver visit is two tasks tied by a synchronisation link). A solution is one task list
per caregiver; start times follow from the sequences:

* each task starts at ``max(arrival, lower bound)``; a break is taken in the first gap where the
  next start would fall after the break opens;
* links ``start[b] - start[a] in [lo, hi]`` raise lower bounds until all hold (label correcting,
  i.e. longest paths in the difference-constraint graph). That *earliest* schedule minimises every
  cost term for the given sequences, since all of them grow with start times. If the bounds keep
  rising the sequences deadlock (e.g. two synchronised pairs in opposite orders) and the solution
  is rejected.

Double visits are inserted as a pair (both positions chosen together), which plain routing
local search cannot do. Everything runs on plain lists for speed.
"""

from __future__ import annotations

import dataclasses
import math
import random
from bisect import bisect_left, insort
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from hverdag.planning.model import Problem, Route, Stop
from hverdag.planning.params import Params
from hverdag.planning.stop import StoppingCriterion

INF = float("inf")
#: Cost per minute of broken hard rule (hard latest start, overtime limit, break window).
PENALTY = 10_000.0
TINY = 1e-9
#: Insertion ignores positions before a task starting this many minutes before the window opens.
EARLY_SKIP = 60.0


@dataclass
class Compiled:
    """The problem as flat lists indexed by task and route."""

    problem: Problem
    n_tasks: int
    n_routes: int
    visit_of: list[int]
    tasks_of_visit: list[list[int]]
    loc: list[int]
    e: list[float]
    late: list[float]
    ub: list[float]
    dur: list[float]
    mult: list[float]
    allowed: list[list[int]]
    asg: list[list[float]]
    unassigned_cost: list[float]
    links: list[tuple[int, int, float, float]]
    tlinks: list[list[tuple[int, float, float]]]
    groups: list[list[int]]
    group_of: list[int]
    distinct_group: list[bool]
    mats: list[list[list[float]]]
    sloc: list[int]
    eloc: list[int]
    sstart: list[float]
    send: list[float]
    max_ot: list[float]
    brk: list[tuple[float, float, float] | None]
    cap: list[float]
    demand: list[float]
    w_travel: float
    w_late: float
    w_max: float
    w_ot: float


def compile_problem(
    problem: Problem, extra_cost: Callable[[int, int], float] | None = None
) -> Compiled:
    """Flatten ``problem``; ``extra_cost(visit index, caregiver index)`` adds assignment costs."""
    w = problem.weights
    cgs = problem.caregivers
    visit_index = {v.id: i for i, v in enumerate(problem.visits)}
    mode_mats: dict[object, list[list[float]]] = {}
    mats = []
    for c in cgs:
        if c.transport not in mode_mats:
            mode_mats[c.transport] = problem.travel.matrix(c.transport)
        mats.append(mode_mats[c.transport])
    visit_of: list[int] = []
    tasks_of_visit: list[list[int]] = []
    for vi, v in enumerate(problem.visits):
        tasks_of_visit.append([])
        for _ in range(v.staff):
            tasks_of_visit[vi].append(len(visit_of))
            visit_of.append(vi)
    n = len(visit_of)
    loc, e, late, ub, dur = [0] * n, [0.0] * n, [0.0] * n, [INF] * n, [0.0] * n
    allowed: list[list[int]] = [[] for _ in range(n)]
    asg: list[list[float]] = [[0.0] * len(cgs) for _ in range(n)]
    unassigned_cost = [0.0] * n
    for t, vi in enumerate(visit_of):
        v = problem.visits[vi]
        loc[t], e[t], late[t], dur[t] = v.location, v.earliest, v.latest, v.duration
        if v.hard_latest:
            ub[t] = v.latest
        if v.pinned_start is not None:
            e[t] = v.pinned_start
            ub[t] = min(ub[t], v.pinned_start)
        unassigned_cost[t] = w.unassigned / v.staff
        for r, c in enumerate(cgs):
            if problem.qualified(v, c):
                allowed[t].append(r)
            cost = 0.0
            if (v.client, c.id) not in problem.familiar:
                cost += w.continuity
            if v.preferred and c.id not in v.preferred:
                cost += w.preference
            if extra_cost is not None:
                cost += extra_cost(vi, r)
            asg[t][r] = cost
    links: list[tuple[int, int, float, float]] = []
    for vi, v in enumerate(problem.visits):
        if v.staff == 2:
            a, b = tasks_of_visit[vi]
            links.append((a, b, 0.0, 0.0))
    distinct_pairs: set[tuple[int, int]] = set()
    for lk in problem.links:
        a = tasks_of_visit[visit_index[lk.first]][0]
        b = tasks_of_visit[visit_index[lk.second]][0]
        links.append((a, b, lk.min_gap, lk.max_gap))
        if lk.distinct:
            distinct_pairs.add((a, b))
    tlinks: list[list[tuple[int, float, float]]] = [[] for _ in range(n)]
    mult = [1.0] * n
    for a, b, lo, hi in links:
        tlinks[a].append((b, lo, hi))
        tlinks[b].append((a, -hi, -lo))
        if lo == 0 and hi == 0:
            mult[a] += 1.0
            mult[b] += 1.0
    # Groups: connected components of the link graph.
    group_of = [-1] * n
    groups: list[list[int]] = []
    for t in range(n):
        if group_of[t] >= 0:
            continue
        comp, stack = [], [t]
        group_of[t] = len(groups)
        while stack:
            x = stack.pop()
            comp.append(x)
            for y, _, _ in tlinks[x]:
                if group_of[y] < 0:
                    group_of[y] = len(groups)
                    stack.append(y)
        groups.append(sorted(comp))
    distinct_group = [len(g) > 1 for g in groups]
    for lk in problem.links:
        if not lk.distinct:
            a = tasks_of_visit[visit_index[lk.first]][0]
            distinct_group[group_of[a]] = False
    return Compiled(
        problem=problem,
        n_tasks=n,
        n_routes=len(cgs),
        visit_of=visit_of,
        tasks_of_visit=tasks_of_visit,
        loc=loc,
        e=e,
        late=late,
        ub=ub,
        dur=dur,
        mult=mult,
        allowed=allowed,
        asg=asg,
        unassigned_cost=unassigned_cost,
        links=links,
        tlinks=tlinks,
        groups=groups,
        group_of=group_of,
        distinct_group=distinct_group,
        mats=mats,
        sloc=[c.start_location for c in cgs],
        eloc=[c.end_location for c in cgs],
        sstart=[c.shift_start for c in cgs],
        send=[c.shift_end for c in cgs],
        max_ot=[c.max_overtime for c in cgs],
        brk=[
            None
            if c.break_rule is None
            else (c.break_rule.earliest, c.break_rule.latest, c.break_rule.duration)
            for c in cgs
        ],
        cap=[INF if c.capacity is None else c.capacity for c in cgs],
        demand=[problem.visits[vi].demand for vi in visit_of],
        w_travel=w.travel,
        w_late=w.lateness,
        w_max=w.max_lateness,
        w_ot=w.overtime,
    )


class State:
    """Routes plus their earliest schedule and cost."""

    __slots__ = (
        "arr",
        "asg_cost",
        "bpos",
        "bstart",
        "cost",
        "deadlock",
        "dirty",
        "end",
        "lb",
        "load",
        "max_late",
        "rasg",
        "rlate",
        "rmax",
        "route_of",
        "routes",
        "rtravel",
        "rviol",
        "start",
        "touched",
        "unassigned",
        "violation",
    )

    def __init__(self, c: Compiled) -> None:
        self.routes: list[list[int]] = [[] for _ in range(c.n_routes)]
        self.route_of: list[int] = [-1] * c.n_tasks
        self.start: list[float] = [0.0] * c.n_tasks
        self.arr: list[float] = [0.0] * c.n_tasks
        self.lb: list[float] = list(c.e)
        self.rtravel: list[float] = [0.0] * c.n_routes
        self.end: list[float] = list(c.sstart)
        self.bstart: list[float | None] = [None] * c.n_routes
        self.bpos: list[int] = [-1] * c.n_routes
        self.load: list[float] = [0.0] * c.n_routes
        self.rlate: list[float] = [0.0] * c.n_routes
        self.rmax: list[float] = [0.0] * c.n_routes
        self.rviol: list[float] = [0.0] * c.n_routes
        self.rasg: list[float] = [0.0] * c.n_routes
        self.touched: set[int] = set(range(c.n_routes))
        self.unassigned: float = sum(c.unassigned_cost)
        #: route -> first position whose schedule is stale; None = recompute everything
        self.dirty: dict[int, int] | None = None
        self.cost = INF
        self.violation = 0.0
        self.max_late = 0.0
        self.asg_cost = 0.0
        self.deadlock = False

    def copy(self) -> State:
        s = State.__new__(State)
        s.routes = [list(r) for r in self.routes]
        s.route_of = list(self.route_of)
        s.start = list(self.start)
        s.arr = list(self.arr)
        s.lb = list(self.lb)
        s.rtravel = list(self.rtravel)
        s.end = list(self.end)
        s.bstart = list(self.bstart)
        s.bpos = list(self.bpos)
        s.load = list(self.load)
        s.rlate = list(self.rlate)
        s.rmax = list(self.rmax)
        s.rviol = list(self.rviol)
        s.rasg = list(self.rasg)
        s.touched = set(self.touched)
        s.unassigned = self.unassigned
        s.dirty = None if self.dirty is None else dict(self.dirty)
        s.cost = self.cost
        s.violation = self.violation
        s.max_late = self.max_late
        s.asg_cost = self.asg_cost
        s.deadlock = self.deadlock
        return s


def route_travel(c: Compiled, st: State, r: int) -> None:
    seq = st.routes[r]
    if not seq:
        st.rtravel[r] = 0.0
        return
    m = c.mats[r]
    loc = c.loc
    here = c.sloc[r]
    total = 0.0
    for x in seq:
        lx = loc[x]
        total += m[here][lx]
        here = lx
    st.rtravel[r] = total + m[here][c.eloc[r]]


def _forward(c: Compiled, st: State, r: int, p: int = 0) -> None:
    """Start times along route ``r`` from position ``p`` (earlier positions are up to date)."""
    st.touched.add(r)
    seq = st.routes[r]
    if not seq:
        st.end[r] = c.sstart[r]
        st.bstart[r] = None
        st.bpos[r] = -1
        return
    m = c.mats[r]
    loc, dur, lb, start, arr = c.loc, c.dur, st.lb, st.start, st.arr
    brk = c.brk[r]
    pending = brk is not None
    be = bd = 0.0
    if brk is not None:
        be, _, bd = brk
    if p > 0:
        u = seq[p - 1]
        here = loc[u]
        t = start[u] + dur[u]
        if pending and 0 <= st.bpos[r] < p:
            pending = False
    else:
        here = c.sloc[r]
        t = c.sstart[r]
    if pending:
        st.bstart[r] = None
        st.bpos[r] = -1
    n = len(seq)
    for k in range(p, n):
        x = seq[k]
        lx = loc[x]
        row = m[here]
        a = t + row[lx]
        if pending and (a if a > lb[x] else lb[x]) > be:
            b = t if t > be else be
            st.bstart[r] = b
            st.bpos[r] = k
            t = b + bd
            a = t + row[lx]
            pending = False
        arr[x] = a
        s = a if a > lb[x] else lb[x]
        start[x] = s
        t = s + dur[x]
        here = lx
    if pending:
        b = t if t > be else be
        st.bstart[r] = b
        st.bpos[r] = n
        t = b + bd
    st.end[r] = t + m[here][c.eloc[r]]


def schedule(c: Compiled, st: State) -> None:
    """Earliest start times for the current sequences, then the cost.

    Only what can have changed is recomputed: the changed route suffixes start again from the
    windows (link bounds dropped); a task whose start moves re-opens its partners' route suffixes
    the same way; then link bounds are raised again until every gap holds (label correcting).
    """
    lb, start, arr, route_of, routes = st.lb, st.start, st.arr, st.route_of, st.routes
    e, tlinks = c.e, c.tlinks
    dirty = st.dirty
    st.dirty = {}
    st.deadlock = False
    linked: set[int] = set()  # tasks whose links are checked below
    if dirty is None:
        lb[:] = e
        for r in range(c.n_routes):
            _forward(c, st, r, 0)
        linked = {t for t in range(c.n_tasks) if route_of[t] >= 0 and tlinks[t]}
    else:
        work = dict(dirty)
        while work:
            r, p = work.popitem()
            seq = routes[r]
            tail = seq[p:]
            old = [start[x] for x in tail]
            for x in tail:
                lb[x] = e[x]
            linked.update(x for x in tail if tlinks[x])
            _forward(c, st, r, p)
            for k, x in enumerate(tail):
                if start[x] != old[k]:
                    for y, _, _ in tlinks[x]:
                        ry = route_of[y]
                        if ry < 0 or y in linked:
                            continue
                        own = arr[y] if arr[y] > e[y] else e[y]
                        if start[y] <= own + TINY:
                            continue  # y does not lean on a link bound; the check below suffices
                        py = routes[ry].index(y)
                        if py < work.get(ry, 1 << 30):
                            work[ry] = py
    active: dict[tuple[int, int], tuple[int, int, float, float]] = {}

    def collect(tasks: Sequence[int]) -> None:
        for x in tasks:
            for y, lo, hi in tlinks[x]:
                if route_of[y] >= 0:
                    key = (x, y) if x < y else (y, x)
                    if key not in active:
                        active[key] = (x, y, lo, hi)

    collect(list(linked))
    passes = 0
    while active:
        redo: dict[int, int] = {}
        for a, b, lo, hi in list(active.values()):
            sa, sb = start[a], start[b]
            if sb < sa + lo - TINY:
                lb[b] = sa + lo
                rb = route_of[b]
                pb = routes[rb].index(b)
                if pb < redo.get(rb, 1 << 30):
                    redo[rb] = pb
            if sa < sb - hi - TINY:
                lb[a] = sb - hi
                ra = route_of[a]
                pa = routes[ra].index(a)
                if pa < redo.get(ra, 1 << 30):
                    redo[ra] = pa
        if not redo:
            break
        passes += 1
        if passes > 2 * len(active) + 6:
            st.deadlock = True
            st.dirty = None  # values are garbage: recompute everything next time
            break
        for r, p in redo.items():
            _forward(c, st, r, p)
            collect([x for x in routes[r][p:] if tlinks[x] and x not in linked])
            linked.update(x for x in routes[r][p:] if tlinks[x])
    _cost(c, st)


def _route_stats(c: Compiled, st: State, r: int) -> None:
    """Lateness sum / max, hard-bound excess and assignment cost of route ``r``."""
    late, ub, start = c.late, c.ub, st.start
    total = mx = viol = asg = 0.0
    for t in st.routes[r]:
        s = start[t]
        asg += c.asg[t][r]
        d = s - late[t]
        if d > 0:
            total += d
            if d > mx:
                mx = d
        if s > ub[t] + TINY:
            viol += s - ub[t]
    seq = st.routes[r]
    if seq:
        over = st.end[r] - c.send[r]
        if over > c.max_ot[r] + TINY:
            viol += over - c.max_ot[r]
        if st.load[r] > c.cap[r] + TINY:
            viol += st.load[r] - c.cap[r]
        brk = c.brk[r]
        b = st.bstart[r]
        if brk is not None and b is not None and b > brk[1] + TINY:
            viol += b - brk[1]
    st.rlate[r] = total
    st.rmax[r] = mx
    st.rviol[r] = viol
    st.rasg[r] = asg


def _cost(c: Compiled, st: State) -> None:
    for r in st.touched:
        _route_stats(c, st, r)
    st.touched.clear()
    ot = 0.0
    send = c.send
    for r in range(c.n_routes):
        if st.routes[r]:
            over = st.end[r] - send[r]
            if over > 0:
                ot += over
    viol = sum(st.rviol)
    if st.deadlock:
        viol += 1e6
    max_late = max(st.rmax, default=0.0)
    asg = sum(st.rasg)
    st.violation = viol
    st.max_late = max_late
    st.asg_cost = asg
    st.cost = (
        c.w_travel * sum(st.rtravel)
        + c.w_late * sum(st.rlate)
        + c.w_max * max_late
        + c.w_ot * ot
        + asg
        + st.unassigned
        + PENALTY * viol
    )


# --------------------------------------------------------------------------------------------
# Insertion estimates


def _push_cost(c: Compiled, st: State, r: int, p: int, new_arrival: float) -> tuple[float, float]:
    """Extra lateness/overtime cost when the task at position ``p`` now arrives at ``new_arrival``.

    Returns (cost, largest new lateness); cost is INF when a hard bound would break.
    """
    seq = st.routes[r]
    n = len(seq)
    start, arr = st.start, st.arr
    if p < n:
        push = new_arrival - start[seq[p]]
    elif seq:
        push = new_arrival - st.end[r]
    else:
        over = new_arrival - c.send[r]
        if over > c.max_ot[r] + TINY:
            return INF, 0.0
        return (c.w_ot * over if over > 0 else 0.0), 0.0
    cost = 0.0
    newmax = 0.0
    k = p
    late, ub, mult = c.late, c.ub, c.mult
    w_late = c.w_late
    while k < n and push > TINY:
        x = seq[k]
        s_old = start[x]
        s_new = s_old + push
        if s_new > ub[x] + TINY:
            return INF, 0.0
        lo = late[x]
        if s_new > lo:
            cost += (s_new - (s_old if s_old > lo else lo)) * w_late * mult[x]
            if s_new - lo > newmax:
                newmax = s_new - lo
        k += 1
        if k < n:
            y = seq[k]
            push -= start[y] - arr[y]
    if k == n and push > TINY and seq:
        old_end = st.end[r]
        over_old = old_end - c.send[r]
        over_new = over_old + push
        if over_new > c.max_ot[r] + TINY:
            return INF, 0.0
        if over_new > 0:
            cost += c.w_ot * (over_new - (over_old if over_old > 0 else 0.0))
    return cost, newmax


@dataclass
class Option:
    cost: float
    route: int
    pos: int
    arrival: float
    travel: float
    next_leg: float


def _options(
    c: Compiled,
    st: State,
    x: int,
    rng: random.Random,
    noise: float,
    keep: int,
    push: bool = True,
) -> list[Option]:
    """The ``keep`` cheapest (route, position) pairs for task ``x``, costed as a lone insert.

    Without ``push`` the knock-on delay of later tasks is left out (the pair insertion adds it
    once it knows the common start time).
    """
    best: list[tuple[float, int, int, float, float, float]] = []
    cands: list[tuple[float, int, int, float, float, float, float, float]] = []
    cutoff = INF
    shrink = 1.0 - noise / 2
    lx = c.loc[x]
    ex, lx_late, ubx, dx = c.e[x], c.late[x], c.ub[x], c.dur[x]
    start, loc, dur = st.start, c.loc, c.dur
    w_t, w_l, w_m = c.w_travel, c.w_late, c.w_max
    cur_max = st.max_late
    dem, load, cap = c.demand[x], st.load, c.cap
    for r in c.allowed[x]:
        if dem and load[r] + dem > cap[r] + TINY:
            continue
        seq = st.routes[r]
        m = c.mats[r]
        n = len(seq)
        prev_loc = c.sloc[r]
        prev_dep = c.sstart[r]
        asg = c.asg[x][r]
        end_loc = c.eloc[r]
        # Skip positions before tasks that start long before x may start (a huge knock-on delay).
        p0 = bisect_left(seq, ex - EARLY_SKIP, key=start.__getitem__) if n else 0
        for p in range(p0, n + 1):
            if p > 0:
                u = seq[p - 1]
                prev_loc = loc[u]
                prev_dep = start[u] + dur[u]
            row = m[prev_loc]
            a = prev_dep + row[lx]
            s = a if a > ex else ex
            if s > ubx + TINY or s - lx_late > 240:
                break
            nxt = loc[seq[p]] if p < n else end_loc
            leg = m[lx][nxt]
            td = row[lx] + leg - (row[nxt] if n else 0.0)
            own = s - lx_late if s > lx_late else 0.0
            cands.append((w_t * td + w_l * own + asg, r, p, a, s, td, leg, own))
    # Cheapest lower bounds first, so the knock-on delays are costed only while they can matter.
    cands.sort()
    for lower, r, p, a, s, td, leg, own in cands:
        if lower * shrink >= cutoff:
            break
        seq = st.routes[r]
        if not push or (p < len(seq) and s + dx + leg <= start[seq[p]] + TINY):
            pc = newmax = 0.0
        else:
            pc, newmax = _push_cost(c, st, r, p, s + dx + leg)
            if pc == INF:
                continue
        mx = own if own > newmax else newmax
        cost = lower + pc + (w_m * (mx - cur_max) if mx > cur_max else 0.0)
        if noise:
            cost *= 1.0 + noise * (rng.random() - 0.5)
        if cost < cutoff:
            insort(best, (cost, r, p, a, td, leg))
            if len(best) > keep:
                best.pop()
            if len(best) == keep:
                cutoff = best[-1][0]
    return [Option(*o) for o in best]


def _mark(st: State, r: int, p: int) -> None:
    d = st.dirty
    if d is not None and p < d.get(r, 1 << 30):
        d[r] = p


def _insert(c: Compiled, st: State, x: int, r: int, p: int) -> None:
    st.routes[r].insert(p, x)
    st.route_of[x] = r
    st.load[r] += c.demand[x]
    st.unassigned -= c.unassigned_cost[x]
    st.touched.add(r)
    _mark(st, r, p)


def _remove(c: Compiled, st: State, x: int) -> None:
    r = st.route_of[x]
    if r >= 0:
        seq = st.routes[r]
        p = seq.index(x)
        del seq[p]
        st.route_of[x] = -1
        st.load[r] -= c.demand[x]
        st.unassigned += c.unassigned_cost[x]
        st.touched.add(r)
        _mark(st, r, p)


def insert_group(c: Compiled, st: State, g: int, rng: random.Random, noise: float) -> bool:
    """Insert every task of group ``g``; return False (and leave them out) if impossible."""
    tasks = c.groups[g]
    if len(tasks) == 1:
        x = tasks[0]
        before = st.violation
        for o in _options(c, st, x, rng, noise, 3):
            _insert(c, st, x, o.route, o.pos)
            route_travel(c, st, o.route)
            schedule(c, st)
            # The estimate ignores breaks and links of later tasks; the exact schedule decides.
            if st.violation <= before + TINY:
                return True
            _remove(c, st, x)
            route_travel(c, st, o.route)
            schedule(c, st)
        return False
    if len(tasks) == 2:
        if _insert_pair(c, st, tasks[0], tasks[1], rng, noise, c.distinct_group[g]):
            return True
        if c.distinct_group[g]:
            return False
        # A link that one caregiver may serve alone: also try both on the same route, below.
    before = st.violation
    for x in tasks:
        opts = _options(c, st, x, rng, noise, 2 * len(tasks))
        used = {st.route_of[y] for y in tasks if st.route_of[y] >= 0}
        if c.distinct_group[g]:
            opts = [o for o in opts if o.route not in used]
        else:  # the two caregivers of a two-person visit are always different people
            mates = {st.route_of[y] for y in c.tasks_of_visit[c.visit_of[x]] if y != x}
            opts = [o for o in opts if o.route not in mates]
        placed = False
        for o in opts[:4]:
            _insert(c, st, x, o.route, o.pos)
            route_travel(c, st, o.route)
            schedule(c, st)
            if st.violation <= before + TINY:
                placed = True
                break
            _remove(c, st, x)
            route_travel(c, st, o.route)
            schedule(c, st)
        if not placed:
            for y in tasks:
                _remove(c, st, y)
            for r in used:
                route_travel(c, st, r)
            schedule(c, st)
            return False
    return True


PAIR_CANDIDATES = 8


def _push_fast(c: Compiled, st: State, o: Option, new_arrival: float) -> tuple[float, float]:
    seq = st.routes[o.route]
    if o.pos < len(seq) and new_arrival <= st.start[seq[o.pos]] + TINY:
        return 0.0, 0.0
    return _push_cost(c, st, o.route, o.pos, new_arrival)


def _insert_pair(
    c: Compiled, st: State, a: int, b: int, rng: random.Random, noise: float, distinct: bool
) -> bool:
    lo = hi = 0.0
    for y, l_, h_ in c.tlinks[a]:
        if y == b:
            lo, hi = l_, h_
            break
    # Orient so that b starts in [a + lo, a + hi] with lo >= 0 when possible.
    if hi < 0:
        a, b, lo, hi = b, a, -hi, -lo
    oa = _options(c, st, a, rng, noise, PAIR_CANDIDATES)
    ob = _options(c, st, b, rng, noise, PAIR_CANDIDATES)
    if not oa or not ob:
        return False
    ea, eb, da, db = c.e[a], c.e[b], c.dur[a], c.dur[b]
    la, lb_, uba, ubb = c.late[a], c.late[b], c.ub[a], c.ub[b]
    w_l, w_t, w_m = c.w_late, c.w_travel, c.w_max
    cur_max = st.max_late
    partial: list[tuple[float, float, float, Option, Option]] = []
    for xa in oa:
        for xb in ob:
            if xa.route == xb.route:
                continue  # same-route pairs are not tried (double visits need two caregivers)
            sa = xa.arrival if xa.arrival > ea else ea
            sb = xb.arrival if xb.arrival > eb else eb
            if sb < sa + lo:
                sb = sa + lo
            if sb > sa + hi:
                sa = sb - hi
            if sa > uba + TINY or sb > ubb + TINY:
                continue
            own_a = sa - la if sa > la else 0.0
            own_b = sb - lb_ if sb > lb_ else 0.0
            base = (
                w_t * (xa.travel + xb.travel)
                + w_l * (own_a + own_b)
                + c.asg[a][xa.route]
                + c.asg[b][xb.route]
            )
            partial.append((base, sa, sb, xa, xb))
    partial.sort(key=lambda z: z[0])
    combos: list[tuple[float, Option, Option]] = []
    cutoff = INF
    for base, sa, sb, xa, xb in partial:
        if base >= cutoff:
            break
        pa, ma = _push_fast(c, st, xa, sa + da + xa.next_leg)
        if pa == INF:
            continue
        pb, mb = _push_fast(c, st, xb, sb + db + xb.next_leg)
        if pb == INF:
            continue
        mx = max(sa - la, sb - lb_, ma, mb)
        cost = base + pa + pb + (w_m * (mx - cur_max) if mx > cur_max else 0.0)
        if noise:
            cost *= 1.0 + noise * (rng.random() - 0.5)
        combos.append((cost, xa, xb))
        if len(combos) >= 6:
            combos.sort(key=lambda z: z[0])
            del combos[6:]
            cutoff = combos[-1][0] / (1.0 - noise / 2) if noise else combos[-1][0]
    if not combos:
        return False
    combos.sort(key=lambda z: z[0])
    before = st.violation
    for _, xa, xb in combos[:6]:
        _insert(c, st, a, xa.route, xa.pos)
        _insert(c, st, b, xb.route, xb.pos)
        route_travel(c, st, xa.route)
        route_travel(c, st, xb.route)
        schedule(c, st)
        if st.violation <= before + TINY:
            return True
        _remove(c, st, a)
        _remove(c, st, b)
        route_travel(c, st, xa.route)
        route_travel(c, st, xb.route)
    schedule(c, st)
    return False


# --------------------------------------------------------------------------------------------
# Ruin operators


def _remove_groups(c: Compiled, st: State, groups: Sequence[int]) -> None:
    touched: set[int] = set()
    for g in groups:
        for x in c.groups[g]:
            r = st.route_of[x]
            if r >= 0:
                touched.add(r)
                _remove(c, st, x)
    for r in touched:
        route_travel(c, st, r)


def _ruin_random(c: Compiled, st: State, q: int, rng: random.Random) -> list[int]:
    assigned = sorted({c.group_of[t] for t in range(c.n_tasks) if st.route_of[t] >= 0})
    return rng.sample(assigned, min(q, len(assigned)))


def _ruin_related(c: Compiled, st: State, q: int, rng: random.Random) -> list[int]:
    assigned = [t for t in range(c.n_tasks) if st.route_of[t] >= 0]
    if not assigned:
        return []
    seed = rng.choice(assigned)
    m = c.mats[0]
    ls, ss = c.loc[seed], st.start[seed]
    scored = sorted(
        assigned, key=lambda t: m[ls][c.loc[t]] + 0.5 * abs(st.start[t] - ss) + 5 * rng.random()
    )
    out: list[int] = []
    seen: set[int] = set()
    for t in scored:
        g = c.group_of[t]
        if g not in seen:
            seen.add(g)
            out.append(g)
            if len(out) >= q:
                break
    return out


def _ruin_strings(c: Compiled, st: State, q: int, rng: random.Random) -> list[int]:
    """Remove consecutive strings from routes near a random seed task (SISR-like)."""
    assigned = [t for t in range(c.n_tasks) if st.route_of[t] >= 0]
    if not assigned:
        return []
    seed = rng.choice(assigned)
    m = c.mats[0]
    ls = c.loc[seed]
    near = sorted(assigned, key=lambda t: m[ls][c.loc[t]])
    out: list[int] = []
    seen_g: set[int] = set()
    seen_r: set[int] = set()
    removed = 0
    for t in near:
        r = st.route_of[t]
        if r in seen_r:
            continue
        seen_r.add(r)
        seq = st.routes[r]
        length = rng.randint(1, max(1, min(len(seq), q - removed, 8)))
        i = seq.index(t)
        lo = max(0, min(i - rng.randint(0, length - 1), len(seq) - length))
        for x in seq[lo : lo + length]:
            g = c.group_of[x]
            if g not in seen_g:
                seen_g.add(g)
                out.append(g)
                removed += len(c.groups[g])
        if removed >= q:
            break
    return out


def _ruin_worst(c: Compiled, st: State, q: int, rng: random.Random) -> list[int]:
    assigned = [t for t in range(c.n_tasks) if st.route_of[t] >= 0]
    score: dict[int, float] = {}
    for t in assigned:
        r = st.route_of[t]
        seq = st.routes[r]
        i = seq.index(t)
        m = c.mats[r]
        prev = c.loc[seq[i - 1]] if i > 0 else c.sloc[r]
        nxt = c.loc[seq[i + 1]] if i + 1 < len(seq) else c.eloc[r]
        detour = m[prev][c.loc[t]] + m[c.loc[t]][nxt] - m[prev][nxt]
        s = c.w_travel * detour + c.w_late * max(0.0, st.start[t] - c.late[t])
        s *= 0.5 + rng.random()
        g = c.group_of[t]
        score[g] = score.get(g, 0.0) + s
    ranked = sorted(score, key=lambda g: -score[g])
    return ranked[:q]


RUINS = (_ruin_random, _ruin_related, _ruin_strings, _ruin_worst)


# --------------------------------------------------------------------------------------------
# Driver


def construct(c: Compiled, st: State, rng: random.Random, order: str = "time") -> None:
    """Insert every unassigned group, earliest windows first."""
    todo = sorted(
        {c.group_of[t] for t in range(c.n_tasks) if st.route_of[t] < 0},
        key=lambda g: (min(c.e[t] for t in c.groups[g]), -len(c.groups[g]), g),
    )
    if order == "random":
        rng.shuffle(todo)
    elif order == "size":
        todo.sort(key=lambda g: (-len(c.groups[g]), len(c.allowed[c.groups[g][0]])))
    for g in todo:
        insert_group(c, st, g, rng, 0.0 if order == "time" else 0.1)


def better(a: State, b: State) -> bool:
    """Fewer hard-rule breaks first, then lower cost."""
    if (a.violation > TINY) != (b.violation > TINY):
        return a.violation < b.violation
    return a.cost < b.cost - 1e-9


@dataclass
class SearchStats:
    iterations: int
    improvements: int


def search(
    c: Compiled,
    initial: State,
    stop: StoppingCriterion,
    rng: random.Random,
    on_improvement: Callable[[State, int], None] | None = None,
    params: Params | None = None,
) -> tuple[State, SearchStats]:
    """Ruin and recreate with simulated annealing; restarts from the best at each reheat."""
    pr = params or Params()
    cur = initial
    best = initial.copy()
    n = max(1, c.n_tasks)
    # Temperature: relative to the average cost per task, cooled over a cycle of iterations.
    base = max(1e-6, best.cost if best.violation <= TINY else sum(c.late) / n) / n
    t_hi, t_lo = pr.t_start * base, pr.t_end * base
    cycle = max(pr.cycle_min, min(pr.cycle_max, pr.cycle_work // n))
    it = 0
    improvements = 0
    q_max = max(2, min(pr.q_max, n // 4 + 2))
    while not stop(best.cost):
        phase = (it % cycle) / cycle
        temp = t_hi * (t_lo / t_hi) ** phase
        if it and it % cycle == 0:
            cur = best.copy()
        it += 1
        cand = cur.copy()
        q = rng.randint(1, q_max)
        ruin = RUINS[rng.randrange(len(RUINS))]
        groups = ruin(c, cand, q, rng)
        if not groups:
            break  # nothing is planned, so nothing can be moved: the plan is final
        _remove_groups(c, cand, groups)
        schedule(c, cand)
        order = rng.random()
        if order < 0.4:
            groups.sort(key=lambda g: min(c.e[t] for t in c.groups[g]))
        elif order < 0.7:
            rng.shuffle(groups)
        else:
            groups.sort(key=lambda g: (-len(c.groups[g]), len(c.allowed[c.groups[g][0]])))
        noise = 0.0 if rng.random() < 0.5 else 0.2
        for g in groups:
            insert_group(c, cand, g, rng, noise)
        # Re-try anything left out (e.g. after a deadlock rejection) once, without noise.
        left = sorted({c.group_of[t] for t in range(c.n_tasks) if cand.route_of[t] < 0})
        for g in left:
            insert_group(c, cand, g, rng, 0.0)
        if better(cand, cur) or (
            cand.violation <= cur.violation + TINY
            and rng.random() < math.exp(-(cand.cost - cur.cost) / temp)
        ):
            cur = cand
            if better(cur, best):
                best = cur.copy()
                improvements += 1
                if on_improvement is not None:
                    on_improvement(best, it)
    return best, SearchStats(it, improvements)


def timed(c: Compiled, sequences: Sequence[Sequence[int]]) -> State:
    """The earliest schedule of exactly these task sequences (one per route, in route order).

    Unlike :func:`from_routes` nothing is filtered: an unqualified caregiver or half of a linked
    pair stays where it was put, since a planner may do that by hand (the evaluator reports it).
    If the sequences deadlock, links are left out so that every route still has a timetable;
    ``State.deadlock`` then says so.
    """
    st = State(c)
    for r, seq in enumerate(sequences):
        for x in seq:
            _insert(c, st, x, r, len(st.routes[r]))
    for r in range(c.n_routes):
        route_travel(c, st, r)
    schedule(c, st)
    if st.deadlock:
        unlinked = dataclasses.replace(c, tlinks=[[] for _ in range(c.n_tasks)])
        st.dirty = None
        schedule(unlinked, st)
        st.deadlock = True
    return st


def to_routes(c: Compiled, st: State) -> tuple[Route, ...]:
    visits = c.problem.visits
    out = []
    for r, cg in enumerate(c.problem.caregivers):
        stops = tuple(Stop(visits[c.visit_of[x]].id, st.start[x]) for x in st.routes[r])
        out.append(Route(cg.id, stops, st.bstart[r] if stops else None))
    return tuple(out)


def from_routes(c: Compiled, routes: Sequence[Route]) -> State:
    """A state holding the given sequences (start times are recomputed)."""
    st = State(c)
    cg_index = {cg.id: r for r, cg in enumerate(c.problem.caregivers)}
    visit_index = {v.id: i for i, v in enumerate(c.problem.visits)}
    for route in routes:
        r = cg_index.get(route.caregiver)
        if r is None:
            continue
        for stop in route.stops:
            vi = visit_index.get(stop.visit)
            if vi is None:
                continue
            free = [t for t in c.tasks_of_visit[vi] if st.route_of[t] < 0]
            if free and r in c.allowed[free[0]]:
                _insert(c, st, free[0], r, len(st.routes[r]))
    # Half-planned groups are taken out completely.
    for g, tasks in enumerate(c.groups):
        if any(st.route_of[t] >= 0 for t in tasks) and any(st.route_of[t] < 0 for t in tasks):
            for t in tasks:
                _remove(c, st, t)
        del g
    for r in range(c.n_routes):
        route_travel(c, st, r)
    schedule(c, st)
    return st
