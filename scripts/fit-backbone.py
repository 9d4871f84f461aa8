#!/usr/bin/python3
"""Fit a plausible Microsoft global backbone graph to the published Azure P50 inter-region RTT table.

Model (implemented by the C++ simulator): one backbone router per region; undirected links with a
one-way delay d_e >= great-circle km / 204 km/ms (fibre floor); a one-way access delay a_r >= 0 per
region paid only at the two endpoints.  RTT(a,b) = 2 * (a_a + shortest_path(a,b) + a_b).

Method (deterministic: no randomness; LPs solved by HiGHS):
 1. Candidates among the 46 regions in the table: 8 nearest neighbours within 5,000 km, a Gabriel
    neighbourhood on the sphere (<= 3,500 km), and curated long-haul routes that exist
    (transatlantic, transpacific, Red Sea / Mediterranean, India-Asia, Singapore-Australia,
    Africa-Europe, Brazil-US/Europe).  Kind: metro < 100 km, subsea between cable blocs.
 2. L1 fit over all directional published pairs, bounds floor <= d_e <= 3*floor + 5 ms,
    0 <= access <= 15 ms.  Descent step: fix each pair's current shortest path and solve the L1
    LP, adding cutting planes "assigned path <= alternative path" for every shortcut the LP
    point creates, until it creates none; the LP optimum is then the TRUE shortest-path error
    and cannot exceed the current one (the current point is feasible), so it never oscillates.
    Re-route and repeat; alternate with coordinate descent on the true error (re-routing).
 3. Prune: greedily remove the links whose removal costs least (true error), 5 at a time, refit,
    until 2.4 links per region remain; unused links are dropped on the way.
 4. Distance rule on kept non-metro links: delay = stretch * km / 204 + const (L1 regression).
 5. Absent regions: 'predicted' links to up to 3 nearest table regions (within 2x the nearest
    distance), delay from the rule, access = median fitted access; a predicted link that would
    shorten a fitted pair is dropped.  Leave-one-region-out validates this on table regions.
Writes data/backbone-links.csv and data/region-access.csv; prints error figures.
Usage: /usr/bin/python3 scripts/fit-backbone.py [--no-loo]
"""
import csv, multiprocessing, os, sys, time
import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix, csr_matrix, hstack, vstack, identity
from scipy.sparse.csgraph import dijkstra

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIBRE_KM_PER_MS = 204.0        # 204,000 km/s
MIN_DELAY = 0.05               # ms, floor for co-located (metro) routers
METRO_KM = 100.0
KNN, KNN_CAP, GABRIEL_CAP = 8, 5000.0, 3500.0
PRED_K, PRED_RATIO = 3, 2.0    # predicted links: up to 3 nearest within 2x the nearest distance
MAX_ACCESS = 15.0
MAX_STRETCH, MAX_EXTRA = 3.0, 5.0  # link delay <= 3 x floor + 5 ms
LINKS_PER_NODE = 2.4            # prune the fitted graph to about this many links per region
PRUNE_BATCH = 5
LP_METHOD = "highs-ipm"

# Curated long-haul routes among table regions (all subsea or mostly subsea).
LONG_HAUL = [
    ("East US", "UK South"), ("East US", "North Europe"), ("East US 2", "France Central"),
    ("Canada East", "North Europe"), ("East US 2", "West Europe"),
    ("West US", "Japan East"), ("West US 2", "Japan East"), ("West US", "East Asia"),
    ("West US 2", "Korea South"), ("West US", "Australia East"), ("Japan East", "Australia East"),
    ("East Asia", "Southeast Asia"), ("East Asia", "Japan West"), ("East Asia", "Japan East"),
    ("East Asia", "Korea South"), ("Southeast Asia", "Japan West"),
    ("Southeast Asia", "South India"), ("Southeast Asia", "West India"),
    ("Southeast Asia", "Australia East"), ("Southeast Asia", "Australia Southeast"),
    ("West India", "UAE North"), ("West India", "Qatar Central"), ("West India", "France South"),
    ("West India", "Israel Central"), ("West India", "Italy North"), ("South India", "UAE North"),
    ("UAE North", "France South"), ("UAE North", "Italy North"), ("Qatar Central", "France South"),
    ("Israel Central", "France South"), ("Israel Central", "Italy North"),
    ("South Africa West", "UK South"), ("South Africa West", "France Central"),
    ("South Africa North", "France South"), ("South Africa North", "UAE North"),
    ("South Africa North", "West India"),
    ("Brazil South", "East US"), ("Brazil South", "East US 2"), ("Brazil South", "South Central US"),
    ("Brazil South", "France South"), ("Brazil South", "UK South"),
    ("UK South", "North Europe"), ("UK West", "North Europe"), ("Norway West", "UK South"),
    ("UK South", "France Central"), ("UK South", "West Europe"),
]
# Cable/landmass bloc of each region: a neighbour link between two blocs is 'subsea'.
BLOC = {"UK South": "GB", "UK West": "GB", "North Europe": "IE", "Japan East": "JP",
        "Japan West": "JP", "Taiwan North": "TW", "Indonesia Central": "ID", "East Asia": "HK",
        "Korea Central": "KR", "Korea South": "KR", "Southeast Asia": "SG", "Malaysia West": "SG",
        "New Zealand North": "NZ", "Israel Central": "IL", "Qatar Central": "GULF",
        "UAE Central": "GULF", "UAE North": "GULF"}
GEO_BLOC = {"North America": "NA", "South America": "SA", "Europe": "EU", "India": "IN",
            "Oceania": "AU", "Australia Government": "AU", "South Africa": "AF"}


def bloc(r, geo):
    return BLOC.get(r, GEO_BLOC.get(geo, geo))


def load():
    regs = list(csv.DictReader(open(os.path.join(ROOT, "data/regions.csv"), encoding="utf-8")))
    names = [r["region_name"] for r in regs]
    lat = np.radians([float(r["latitude"]) for r in regs])
    lon = np.radians([float(r["longitude"]) for r in regs])
    geo = {r["region_name"]: r["geopolitical_region"] for r in regs}
    dl, dn = lat[:, None] - lat[None, :], lon[:, None] - lon[None, :]
    h = np.sin(dl / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dn / 2) ** 2
    km = 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
    idx = {n: i for i, n in enumerate(names)}
    obs = []
    with open(os.path.join(ROOT, "data/azure-rtt-p50-2024-06.csv"), encoding="utf-8") as f:
        rows = [l for l in f if not l.startswith("#")]
    for r in csv.DictReader(rows):
        a, b = (x.replace("Poland North", "Poland Central") for x in (r["regionA"], r["regionB"]))
        if a != b:
            obs.append((idx[a], idx[b], float(r["rtt_ms"])))
    return names, geo, km, obs


def candidates(nodes, names, geo, km):
    """Candidate links (i<j, kind) among the node subset."""
    nodes = sorted(nodes)
    cand = {}
    S = set(nodes)
    for i in nodes:
        others = sorted((km[i, j], j) for j in nodes if j != i)
        for r, (d, j) in enumerate(others):
            if r < KNN and d <= KNN_CAP:
                cand[(min(i, j), max(i, j))] = None
    for a in nodes:
        for b in nodes:
            if a < b and km[a, b] <= GABRIEL_CAP and not any(
                    km[a, w] ** 2 + km[b, w] ** 2 < km[a, b] ** 2 for w in nodes if w not in (a, b)):
                cand[(a, b)] = None
    idx = {n: i for i, n in enumerate(names)}
    for a, b in LONG_HAUL:
        i, j = idx[a], idx[b]
        if i in S and j in S:
            cand[(min(i, j), max(i, j))] = "subsea"
    sub = lambda i, j: bloc(names[i], geo[names[i]]) != bloc(names[j], geo[names[j]])
    return [(i, j, k or ("metro" if km[i, j] < METRO_KM else "subsea" if sub(i, j) else "terrestrial"))
            for (i, j), k in sorted(cand.items())]


class Fit:
    """L1 fit of link + access delays on a fixed node set with true shortest-path semantics."""

    def __init__(self, nodes, links, km, obs):
        self.nodes = sorted(nodes)
        self.loc = {n: k for k, n in enumerate(self.nodes)}
        self.links = links
        self.m, self.n = len(links), len(self.nodes)
        self.floor = np.array([max(MIN_DELAY, km[i, j] / FIBRE_KM_PER_MS) for i, j, _ in links])
        self.eid = {}
        for e, (i, j, _) in enumerate(links):
            self.eid[(self.loc[i], self.loc[j])] = self.eid[(self.loc[j], self.loc[i])] = e
        S = set(self.nodes)
        self.obs = [(self.loc[a], self.loc[b], r) for a, b, r in obs if a in S and b in S]
        self.pairs = sorted({(min(a, b), max(a, b)) for a, b, _ in self.obs})
        pid = {p: k for k, p in enumerate(self.pairs)}
        self.opair = np.array([pid[(min(a, b), max(a, b))] for a, b, _ in self.obs])
        self.r = np.array([r for _, _, r in self.obs])
        self.pa = np.array([a for a, _ in self.pairs]); self.pb = np.array([b for _, b in self.pairs])
        # per pair: n obs, their sum, spread. sum_k |p - r_k| = max(spread, |n p - sum|) for n <= 2
        self.pn = np.bincount(self.opair, minlength=len(self.pairs)).astype(float)
        self.psum = np.bincount(self.opair, weights=self.r, minlength=len(self.pairs))
        rmax = np.full(len(self.pairs), -np.inf); rmin = np.full(len(self.pairs), np.inf)
        np.maximum.at(rmax, self.opair, self.r); np.minimum.at(rmin, self.opair, self.r)
        self.pspread = rmax - rmin
        self.iu = np.array([self.loc[i] for i, _, _ in links], int)
        self.iv = np.array([self.loc[j] for _, j, _ in links], int)

    def dist(self, x):
        d = x[:self.m]
        W = coo_matrix((np.r_[d, d], (np.r_[self.iu, self.iv], np.r_[self.iv, self.iu])),
                       shape=(self.n, self.n)).tocsr()
        return dijkstra(W, directed=False, return_predecessors=True)

    def predict(self, x, D=None):
        if D is None:
            D = self.dist(x)[0]
        acc = x[self.m:]
        return (2 * (acc[self.pa] + acc[self.pb] + D[self.pa, self.pb]))[self.opair]

    def err(self, x):
        return float(np.abs(self.predict(x) - self.r).sum())

    def paths(self, x):
        D, P = self.dist(x)
        out = []
        for a, b in self.pairs:
            es, v = [], b
            while v != a:
                u = P[a, v]
                es.append(self.eid[(u, v)])
                v = u
            out.append(tuple(sorted(es)))
        return D, out

    def lp(self, paths, cuts):
        """min sum_k t_k  s.t.  t_k >= |n_k * model_k - sum_k|, t_k >= spread_k, path cuts."""
        m, n, K = self.m, self.n, len(self.pairs)
        rows, cols, vals = [], [], []
        for k, (a, b) in enumerate(self.pairs):
            v = 2.0 * self.pn[k]
            for e in paths[k]:
                rows.append(k); cols.append(e); vals.append(v)
            rows += [k, k]; cols += [m + a, m + b]; vals += [v, v]
        A = csr_matrix((vals, (rows, cols)), shape=(K, m + n))
        I = identity(K, format="csr")
        blocks = [hstack([A, -I]), hstack([-A, -I])]
        ub = [self.psum, -self.psum]
        if cuts:
            cr, cc, cv = [], [], []
            for q, (k, alt) in enumerate(cuts):
                for e in paths[k]:
                    cr.append(q); cc.append(e); cv.append(1.0)
                for e in alt:
                    cr.append(q); cc.append(e); cv.append(-1.0)
            blocks.append(coo_matrix((cv, (cr, cc)), shape=(len(cuts), m + n + K)).tocsr())
            ub.append(np.zeros(len(cuts)))
        c = np.r_[np.zeros(m + n), np.ones(K)]
        bounds = ([(f, MAX_STRETCH * f + MAX_EXTRA) for f in self.floor] + [(0, MAX_ACCESS)] * n
                  + [(s, None) for s in self.pspread])
        res = linprog(c, A_ub=vstack(blocks).tocsr(), b_ub=np.concatenate(ub), bounds=bounds,
                      method=LP_METHOD)
        assert res.status == 0, res.message
        return res.x[:m + n]

    def run(self, x, maxit=60, verbose=False):
        """Descent from x: LP on x's shortest paths plus a growing pool of cutting planes
        'assigned path <= alternative path', re-solved until the LP point has no shortcut."""
        E = self.err(x)
        for it in range(maxit):
            _, paths = self.paths(x)
            pool = [set() for _ in self.pairs]
            for _ in range(100):
                cuts = [(k, q) for k in range(len(self.pairs)) for q in sorted(pool[k]) if q != paths[k]]
                y = self.lp(paths, cuts)
                Dy, py = self.paths(y)
                d, new = y[:self.m], 0
                for k, (a, b) in enumerate(self.pairs):
                    if Dy[a, b] < d[list(paths[k])].sum() - 1e-9 and py[k] not in pool[k]:
                        pool[k].add(py[k]); new += 1
                if not new:
                    break
            Ey = self.err(y)
            if verbose:
                print("  it %2d cuts %5d  L1 %.1f -> %.1f" % (it, len(cuts), E, Ey))
            if Ey < E - 1e-6:
                x, E = y, Ey
            else:
                break
        self.x, self.E = x, E
        return x

    def polish(self, sweeps=20):
        """Coordinate descent on the true shortest-path L1 error (re-routing included)."""
        x, E = self.x.copy(), self.E
        lo = np.r_[self.floor, np.zeros(self.n)]
        hi = np.r_[MAX_STRETCH * self.floor + MAX_EXTRA, np.full(self.n, MAX_ACCESS)]
        steps = [5, 2, 1, 0.5, 0.25, 0.1]
        for _ in range(sweeps):
            E0 = E
            for v in range(len(x)):
                best = None
                for st in steps:
                    for val in (x[v] - st, x[v] + st):
                        val = min(max(val, lo[v]), hi[v])
                        if val == x[v]:
                            continue
                        y = x.copy(); y[v] = val
                        Ey = self.err(y)
                        if Ey < E - 1e-6 and (best is None or Ey < best[0]):
                            best = (Ey, val)
                if best:
                    E, x[v] = best[0], best[1]
            if E > E0 - 1e-3:
                break
        self.x, self.E = x, E
        return x

    def used(self):
        _, paths = self.paths(self.x)
        return np.bincount([e for p in paths for e in p], minlength=self.m)


def l1_line(km_, dly):
    """L1 regression dly = s * km/204 + c, s >= 1, c >= 0."""
    K = len(km_)
    A = np.c_[km_ / FIBRE_KM_PER_MS, np.ones(K)]
    I = identity(K, format="csr")
    Aub = vstack([hstack([csr_matrix(A), -I]), hstack([csr_matrix(-A), -I])])
    res = linprog(np.r_[0, 0, np.ones(K)], A_ub=Aub, b_ub=np.r_[dly, -dly],
                  bounds=[(1, None), (0, None)] + [(0, None)] * K, method="highs")
    return res.x[0], res.x[1]


def refine(f):
    """Alternate coordinate polish and LP descent until neither gains."""
    while True:
        E = f.E
        f.polish()
        f.run(f.x)
        if f.E > E - 0.5:
            return


def fit_graph(nodes, names, geo, km, obs, verbose=False):
    """Fit on all candidates, then prune greedily to ~LINKS_PER_NODE links per node, refitting
    after every batch.  Returns (links, delays, access dict, stretch, const, L1)."""
    f = Fit(nodes, candidates(nodes, names, geo, km), km, obs)
    f.run(np.r_[1.2 * f.floor + 0.5, np.full(f.n, 1.0)], verbose=verbose)
    refine(f)
    target = int(round(LINKS_PER_NODE * len(nodes)))
    while True:
        keep = f.used() > 0                     # unused links: distances unchanged without them
        if f.m > target or not keep.all():
            g = Fit(nodes, [l for l, k in zip(f.links, keep) if k], km, obs)
            g.x, g.E = np.r_[f.x[:f.m][keep], f.x[f.m:]], f.E
            f = g
        if verbose:
            print(" %3d links  L1 %.1f  %s" % (f.m, f.E, stats(f.predict(f.x) - f.r)))
        if f.m <= target:
            break
        x, alive = f.x.copy(), np.ones(f.m, bool)
        for _ in range(min(PRUNE_BATCH, f.m - target)):   # greedy: cheapest removals first
            cost = []
            for e in np.flatnonzero(alive):
                y = x.copy(); y[e] = 1e6
                cost.append((f.err(y), e))
            e = min(cost)[1]
            alive[e], x[e] = False, 1e6
        g = Fit(nodes, [l for l, k in zip(f.links, alive) if k], km, obs)
        g.run(np.r_[x[:f.m][alive], x[f.m:]])
        f = g
    refine(f)
    if verbose:
        print(" refined %3d links  L1 %.1f  %s" % (f.m, f.E, stats(f.predict(f.x) - f.r)))
    links, delays = f.links, f.x[:f.m]
    acc = {r: f.x[f.m + f.loc[r]] for r in f.nodes}
    nm = np.array([k != "metro" for _, _, k in links])
    kms = np.array([km[i, j] for i, j, _ in links])
    s, c = l1_line(kms[nm], delays[nm])
    return links, delays, acc, s, c, f.E


def add_predicted(links, delays, acc, new, km, s, c, check_obs):
    """Attach regions in `new` with predicted links; drop links that would shorten observed pairs."""
    links, delays, acc = list(links), list(delays), dict(acc)
    med = float(np.median(list(acc.values())))
    placed = sorted(acc)                       # neighbours are chosen among fitted regions only
    N = km.shape[0]
    pairs = sorted({(min(a, b), max(a, b)) for a, b, _ in check_obs})
    D0 = graph_dist(links, delays, N)
    for r in sorted(new):
        near = sorted((km[r, j], j) for j in placed)
        chosen = [j for k, (d, j) in enumerate(near) if k < PRED_K and d <= PRED_RATIO * near[0][0] + 1]
        cand = [(min(r, j), max(r, j), "predicted") for j in chosen]
        cdel = [s * km[r, j] / FIBRE_KM_PER_MS + c for j in chosen]
        while True:
            D1 = graph_dist(links + cand, delays + cdel, N)
            bad = [p for p in pairs if D1[p] < D0[p] - 1e-9]
            if not bad or len(cand) == 1:
                break
            cand.pop(); cdel.pop()             # drop the longest predicted link
        links += cand; delays += cdel
        acc[r] = med
    return links, delays, acc, med


def graph_dist(links, delays, N):
    u, v = [i for i, _, _ in links], [j for _, j, _ in links]
    return dijkstra(coo_matrix((list(delays) * 2, (u + v, v + u)), shape=(N, N)).tocsr(), directed=False)


def errors(links, delays, acc, obs, N):
    D = graph_dist(links, delays, N)
    return np.array([2 * (acc[a] + acc[b] + D[a, b]) - r for a, b, r in obs])


def stats(e):
    a = np.abs(e)
    return "median %.2f  p90 %.2f  p99 %.2f  max %.2f ms (n=%d, mean signed %+.2f)" % (
        np.median(a), np.percentile(a, 90), np.percentile(a, 99), a.max(), len(a), e.mean())


def main():
    t0 = time.time()
    names, geo, km, obs = load()
    N = len(names)
    fitted = sorted({a for a, _, _ in obs} | {b for _, b, _ in obs})
    absent = [i for i in range(N) if i not in set(fitted)]
    print("regions %d, in table %d, absent %d, directional pairs %d" % (N, len(fitted), len(absent), len(obs)))
    links, delays, acc, s, c, E = fit_graph(fitted, names, geo, km, obs, verbose=True)
    e = errors(links, delays, acc, obs, N)
    print("fit (%d links): %s" % (len(links), stats(e)))
    print("distance rule: delay_ms = %.3f * km / 204 + %.3f" % (s, c))
    fl = np.array([km[i, j] / FIBRE_KM_PER_MS for i, j, k in links if k != "metro"])
    ratio = np.array([d for d, (_, _, k) in zip(delays, links) if k != "metro"]) / fl
    o = np.argsort(ratio)                      # L1 fit through the origin = weighted median
    s0 = ratio[o][np.searchsorted(np.cumsum(fl[o]), fl.sum() / 2)]
    print("through-origin stretch (delay = s0 * km / 204): s0 = %.3f" % s0)
    links, delays, acc, med = add_predicted(links, list(delays), acc, absent, km, s, c, obs)
    e2 = errors(links, delays, acc, obs, N)
    assert np.allclose(e, e2), "predicted links changed fitted pairs"
    order = sorted(range(len(links)), key=lambda k: (names[links[k][0]], names[links[k][1]]))
    with open(os.path.join(ROOT, "data/backbone-links.csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# Generated by scripts/fit-backbone.py from data/azure-rtt-p50-2024-06.csv and "
                "data/regions.csv; do not edit by hand.\n")
        f.write("# delay_ms = one-way propagation delay of the undirected backbone link in ms; "
                "RTT(a,b) = 2*(access_a + shortest_path + access_b) (see data/region-access.csv).\n")
        f.write("# kind predicted = link of a region absent from the table, delay = %.4f * km / 204 + %.4f ms.\n"
                % (s, c))
        f.write("region_a,region_b,delay_ms,kind\n")
        for k in order:
            i, j, kind = links[k]
            a, b = sorted((names[i], names[j]))
            f.write("%s,%s,%.3f,%s\n" % (a, b, delays[k], kind))
    with open(os.path.join(ROOT, "data/region-access.csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# Generated by scripts/fit-backbone.py. access_ms = one-way delay between a region's "
                "datacenters and its backbone router (paid at both endpoints, never in transit).\n")
        f.write("# fitted=no: region absent from the 2024 table, access = median fitted access (%.3f ms).\n" % med)
        f.write("region,access_ms,fitted\n")
        for i in range(N):
            f.write("%s,%.3f,%s\n" % (names[i], acc[i], "no" if i in absent else "yes"))
    # worst pairs
    e3 = errors([(i, j, k) for i, j, k in links], [round(d, 3) for d in delays],
                {k: round(v, 3) for k, v in acc.items()}, obs, N)
    print("as written (3 decimals): %s" % stats(e3))
    for k in np.argsort(-np.abs(e3), kind="stable")[:10]:
        a, b, r = obs[k]
        print("  worst %-20s -> %-20s published %5.0f model %6.1f" % (names[a], names[b], r, r + e3[k]))
    deg = np.bincount([i for i, _, _ in links] + [j for _, j, _ in links], minlength=N)
    kinds = {k: sum(1 for l in links if l[2] == k) for k in ("metro", "predicted", "subsea", "terrestrial")}
    print("links %d %s; degree min %d median %.0f mean %.2f max %d" % (
        len(links), kinds, deg.min(), np.median(deg), deg.mean(), deg.max()))
    print("fit wall time %.1f s" % (time.time() - t0))
    if "--no-loo" in sys.argv:
        return
    print("leave-one-region-out (all pairs of the region removed, whole fit redone, region then "
          "attached from geography like an absent one):")
    with multiprocessing.Pool(min(4, os.cpu_count() or 1)) as pool:
        res = pool.map(loo_fold, LOO_REGIONS)
    for name, eh in zip(LOO_REGIONS, res):
        print("  %-20s median %5.1f  p90 %5.1f  max %5.1f  mean signed %+6.1f ms (n=%d)" % (
            name, np.median(np.abs(eh)), np.percentile(np.abs(eh), 90), np.abs(eh).max(), eh.mean(), len(eh)))
    print("  all held-out pairs: %s" % stats(np.concatenate(res)))
    print("total wall time %.1f s" % (time.time() - t0))


def loo_fold(name):
    names, geo, km, obs = load()
    h = names.index(name)
    rest = sorted(({a for a, _, _ in obs} | {b for _, b, _ in obs}) - {h})
    ob = [o for o in obs if h not in o[:2]]
    L, Dl, A, s1, c1, _ = fit_graph(rest, names, geo, km, ob)
    L, Dl, A, _ = add_predicted(L, list(Dl), A, [h], km, s1, c1, ob)
    return errors(L, Dl, A, [o for o in obs if h in o[:2]], len(names))


LOO_REGIONS = ["Switzerland West", "UK West", "Canada East", "West US 3", "Korea South",
               "Australia Southeast", "Israel Central", "South Africa West"]


if __name__ == "__main__":
    main()
