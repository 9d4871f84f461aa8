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
 4. Peering-location stretch: L1 fit delay = s0 * km / 204 through the origin on the kept
    non-metro links (the C++ attribute Backbone::PathStretch).
 5. Absent regions: attached by scripts/backbone_predict.py (several neighbours, delays from the
    published RTTs of fitted pairs of similar distance and kind, no fitted pair faster than the
    table's own fastest route); then every peering location's router, the same way.
    `scripts/check-backbone.py --leave-one-out` validates this on every table region.
Objective weights: a pair faster than SHORT_MS ms counts (SHORT_MS / rtt) ** SHORT_POWER times, so that
the short pairs' relative error stays small (exponent 1: p90 28 %; 2: p99 51 ms; 1.5 and 1.7: doc/backbone.md).
Writes data/backbone-links.csv, data/region-access.csv and data/peering-attachments.csv (each peering
location's router attached like a region without measurements); prints error figures.
Usage: /usr/bin/python3 scripts/backbone_fit.py [--out DIR] [--attach-only | --refine]
  --out DIR: write the two CSVs there (default data/); --attach-only: keep the fitted links and
  access delays already in DIR, only attach the absent regions again (seconds instead of minutes);
  --refine: keep the fitted links in DIR, refit their delays with the current weights (LP descent,
  then REFINE_SWEEPS polish sweeps; about 20 s), attach the absent regions again.
"""
import csv, os, sys, time
import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix, csr_matrix, hstack, vstack, identity
from scipy.sparse.csgraph import dijkstra

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIBRE_KM_PER_MS = 204.0        # 204,000 km/s
MIN_DELAY = 0.05               # ms, floor for co-located (metro) routers
METRO_KM = 100.0
KNN, KNN_CAP, GABRIEL_CAP = 8, 5000.0, 3500.0
MAX_ACCESS = 15.0
MAX_STRETCH, MAX_EXTRA = 3.0, 5.0  # link delay <= 3 x floor + 5 ms
LINKS_PER_NODE = 2.4            # prune the fitted graph to about this many links per region
PRUNE_BATCH = 5
LP_METHOD = "highs-ipm"
SHORT_MS = 30.0                 # pairs faster than this are weighted by (SHORT_MS / rtt) ** SHORT_POWER
SHORT_POWER = 1.7
REFINE_SWEEPS = 3                # --refine: coordinate-polish sweeps after the LP descent

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

    def __init__(self, nodes, links, km, obs, short_ms=SHORT_MS):
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
        # Relative weight: a 10 ms pair counts (30/10)^1.5 = 5.2 times a pair of 30 ms or more.
        self.pw = (np.maximum(1.0, short_ms / (self.psum / self.pn)) ** SHORT_POWER if short_ms
                   else np.ones(len(self.pairs)))
        self.ow = self.pw[self.opair]
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
        return float((self.ow * np.abs(self.predict(x) - self.r)).sum())

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
        c = np.r_[np.zeros(m + n), self.pw]
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


def fit_graph(nodes, names, geo, km, obs, verbose=False, short_ms=SHORT_MS):
    """Fit on all candidates, then prune greedily to ~LINKS_PER_NODE links per node, refitting
    after every batch.  Returns (links, delays, access dict, weighted L1)."""
    f = Fit(nodes, candidates(nodes, names, geo, km), km, obs, short_ms)
    f.run(np.r_[1.2 * f.floor + 0.5, np.full(f.n, 1.0)], verbose=verbose)
    refine(f)
    target = int(round(LINKS_PER_NODE * len(nodes)))
    while True:
        keep = f.used() > 0                     # unused links: distances unchanged without them
        if f.m > target or not keep.all():
            g = Fit(nodes, [l for l, k in zip(f.links, keep) if k], km, obs, short_ms)
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
        g = Fit(nodes, [l for l, k in zip(f.links, alive) if k], km, obs, short_ms)
        g.run(np.r_[x[:f.m][alive], x[f.m:]])
        f = g
    refine(f)
    if verbose:
        print(" refined %3d links  L1 %.1f  %s" % (f.m, f.E, stats(f.predict(f.x) - f.r)))
    return list(f.links), list(f.x[:f.m]), {r: f.x[f.m + f.loc[r]] for r in f.nodes}, f.E


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


def origin_stretch(links, delays, km):
    """L1 fit delay = s0 * km / 204 through the origin over non-metro links: the length-weighted
    median of delay / floor."""
    fl = np.array([km[i, j] / FIBRE_KM_PER_MS for i, j, k in links if k != "metro"])
    ratio = np.array([d for d, (_, _, k) in zip(delays, links) if k != "metro"]) / fl
    o = np.argsort(ratio, kind="stable")
    return float(ratio[o][np.searchsorted(np.cumsum(fl[o]), fl.sum() / 2)])


def write_csvs(out, names, links, delays, acc, absent, med, s0):
    order = sorted(range(len(links)), key=lambda k: sorted((names[links[k][0]], names[links[k][1]])))
    with open(os.path.join(out, "backbone-links.csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# Generated by scripts/backbone_fit.py from data/azure-rtt-p50-2024-06.csv and "
                "data/regions.csv; do not edit by hand.\n")
        f.write("# delay_ms = one-way propagation delay of the undirected backbone link in ms; "
                "RTT(a,b) = 2*(access_a + shortest_path + access_b) (see data/region-access.csv).\n")
        f.write("# kind predicted = link of a region absent from the table (scripts/backbone_predict.py); "
                "peering-location stretch s0 = %.3f.\n" % s0)
        f.write("region_a,region_b,delay_ms,kind\n")
        for k in order:
            i, j, kind = links[k]
            a, b = sorted((names[i], names[j]))
            f.write("%s,%s,%.3f,%s\n" % (a, b, delays[k], kind))
    with open(os.path.join(out, "region-access.csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# Generated by scripts/backbone_fit.py. access_ms = one-way delay between a region's "
                "datacenters and its backbone router (paid at both endpoints, never in transit).\n")
        f.write("# fitted=no: region absent from the 2024 table, access = median fitted access (%.3f ms).\n"
                % med)
        f.write("region,access_ms,fitted\n")
        for i in range(len(names)):
            f.write("%s,%.3f,%s\n" % (names[i], acc[i], "no" if i in absent else "yes"))


def write_location_links(out, rows):
    """data/peering-attachments.csv: the links of each peering location's router."""
    with open(os.path.join(out, "peering-attachments.csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# Generated by scripts/backbone_fit.py (scripts/backbone_predict.py attach_locations); "
                "do not edit by hand.\n")
        f.write("# delay_ms = one-way delay between the peering location's router and the region's "
                "backbone router; the MSEEs add Backbone::AttachmentFixedDelay (0.1 ms).\n")
        f.write("peering_location,region,delay_ms\n")
        for loc, region, d in sorted(rows, key=lambda r: (r[0], r[2], r[1])):
            f.write("%s,%s,%.3f\n" % (loc, region, d))


def read_fitted(data, names):
    """The fitted links and access delays of an earlier run (predicted links left out)."""
    idx = {n: i for i, n in enumerate(names)}
    rows = lambda p: list(csv.DictReader(l for l in open(os.path.join(data, p), encoding="utf-8")
                                         if not l.startswith("#")))
    fl = [r for r in rows("backbone-links.csv") if r["kind"] != "predicted"]
    links = [(min(idx[r["region_a"]], idx[r["region_b"]]), max(idx[r["region_a"]], idx[r["region_b"]]),
              r["kind"]) for r in fl]
    acc = {idx[r["region"]]: float(r["access_ms"]) for r in rows("region-access.csv") if r["fitted"] == "yes"}
    return links, [float(r["delay_ms"]) for r in fl], acc


def main(argv):
    import backbone_predict as bp              # imports this module: no import cycle at load time
    out = argv[argv.index("--out") + 1] if "--out" in argv else os.path.join(ROOT, "data")
    t0 = time.time()
    names, geo, km, obs = load()
    N = len(names)
    fitted = sorted({a for a, _, _ in obs} | {b for _, b, _ in obs})
    absent = [i for i in range(N) if i not in set(fitted)]
    print("regions %d, in table %d, absent %d, directional pairs %d" % (N, len(fitted), len(absent), len(obs)))
    if "--attach-only" in argv:
        links, delays, acc = read_fitted(out, names)
    elif "--refine" in argv:
        links, delays, acc = read_fitted(out, names)
        print("before refining: %s" % stats(errors(links, delays, acc, obs, N)))
        f = Fit(fitted, links, km, obs)
        f.x = np.r_[delays, [acc[r] for r in f.nodes]]
        f.E = f.err(f.x)
        f.run(f.x, maxit=10)
        f.polish(sweeps=REFINE_SWEEPS)
        links, delays = list(f.links), list(f.x[:f.m])
        acc = {r: f.x[f.m + f.loc[r]] for r in f.nodes}
    else:
        links, delays, acc, _ = fit_graph(fitted, names, geo, km, obs, verbose=True)
    e = errors(links, delays, acc, obs, N)
    print("fit (%d links): %s" % (len(links), stats(e)))
    s0 = origin_stretch(links, delays, km)
    print("through-origin stretch (delay = s0 * km / 204): s0 = %.3f" % s0)
    links, delays, acc, med = bp.add_predicted(links, delays, acc, absent, names, geo, km, obs)
    e2 = errors(links, delays, acc, obs, N)
    print("with predicted regions: %s" % stats(e2))
    assert np.abs(e2).sum() <= np.abs(e).sum() + 1e-6, "predicted links made the fitted pairs worse"
    write_csvs(out, names, links, delays, acc, set(absent), med, s0)
    write_location_links(out, bp.attach_locations(links, delays, acc, names, geo, obs))
    print("written to %s; wall time %.1f s" % (out, time.time() - t0))


if __name__ == "__main__":
    main(sys.argv[1:])
