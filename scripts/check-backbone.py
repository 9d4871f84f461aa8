#!/usr/bin/python3
"""Recompute model RTTs from data/backbone-links.csv + data/region-access.csv alone and compare them
with the published P50 table (data/azure-rtt-p50-2024-06.csv).  Independent of the fit's internals:
plain Dijkstra, RTT(a,b) = 2 * (access_a + shortest_path(a,b) + access_b).  Also checks every
model pair against the great-circle lower bound RTT >= km / 100 (light in fibre, there and back).

--leave-one-out: for every fitted region h in turn, remove h and its published pairs, refit the
remaining link and access delays (scripts/backbone_predict.py refit_without), attach h exactly as a
region without measurements is attached, and compare its predicted RTTs with its published ones.
Usage: /usr/bin/python3 scripts/check-backbone.py [-v] [--leave-one-out [REGION ...]]
  (-v: list every pair)"""
import csv, heapq, math, os, statistics, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHORT_MS = 30.0           # relative error is reported on the published pairs faster than this
LOWER_BOUND_KM_PER_MS = 100.0


def rows(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return list(csv.DictReader(l for l in f if not l.startswith("#")))


def quantile(v, p):
    """Linear interpolation, as numpy.percentile."""
    e = sorted(v)
    x = p * (len(e) - 1)
    i = int(x)
    return e[i] + (e[min(i + 1, len(e) - 1)] - e[i]) * (x - i)


def great_circle_km(a, b):
    la, lb = math.radians(a[0]), math.radians(b[0])
    h = math.sin((lb - la) / 2) ** 2 + math.cos(la) * math.cos(lb) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def check_fit(verbose):
    regs = rows("data/regions.csv")
    regions = [r["region_name"] for r in regs]
    pos = {r["region_name"]: (float(r["latitude"]), float(r["longitude"])) for r in regs}
    acc = {r["region"]: float(r["access_ms"]) for r in rows("data/region-access.csv")}
    assert sorted(acc) == sorted(regions), "region-access.csv must list every region once"
    adj = {r: [] for r in regions}
    for l in rows("data/backbone-links.csv"):
        a, b, d = l["region_a"], l["region_b"], float(l["delay_ms"])
        assert a in adj and b in adj and d > 0 and l["kind"] in ("terrestrial", "subsea", "metro", "predicted")
        adj[a].append((b, d)); adj[b].append((a, d))

    def dijkstra(src):
        dist, heap = {src: 0.0}, [(0.0, src)]
        while heap:
            d, u = heapq.heappop(heap)
            if d > dist[u]:
                continue
            for v, w in adj[u]:
                if d + w < dist.get(v, math.inf):
                    dist[v] = d + w
                    heapq.heappush(heap, (d + w, v))
        return dist

    D = {r: dijkstra(r) for r in regions}
    assert all(len(D[r]) == len(regions) for r in regions), "backbone graph is not connected"
    rtt = lambda a, b: 2 * (acc[a] + D[a][b] + acc[b])
    errs = []
    for o in rows("data/azure-rtt-p50-2024-06.csv"):
        a, b = (x.replace("Poland North", "Poland Central") for x in (o["regionA"], o["regionB"]))
        if a != b:
            errs.append((abs(rtt(a, b) - float(o["rtt_ms"])), a, b, float(o["rtt_ms"]), rtt(a, b)))
    e = [x[0] for x in errs]
    deg = sorted(len(adj[r]) for r in regions)
    print("links %d, degree min %d median %d max %d" % (sum(deg) // 2, deg[0], statistics.median(deg), deg[-1]))
    print("pairs %d: median |error| %.2f ms, p90 %.2f, p99 %.2f, max %.2f" % (
        len(e), statistics.median(e), quantile(e, 0.90), quantile(e, 0.99), max(e)))
    for x in sorted(errs, reverse=True)[:10 if not verbose else len(errs)]:
        print("  %-20s -> %-20s published %5.0f model %6.1f" % x[1:])
    short = [x for x in errs if x[3] < SHORT_MS]
    rel = [x[0] / x[3] for x in short]
    print("pairs under %.0f ms: %d, relative |error| median %.1f %%, p90 %.1f %%, max %.1f %%" % (
        SHORT_MS, len(short), 100 * statistics.median(rel), 100 * quantile(rel, 0.9), 100 * max(rel)))
    for x in sorted(short, key=lambda x: (-x[0] / x[3], x[1], x[2]))[:10]:
        print("  %-20s -> %-20s published %5.0f model %6.1f  %+4.0f %%" % (
            x[1], x[2], x[3], x[4], 100 * (x[4] - x[3]) / x[3]))
    below = [(rtt(a, b) - great_circle_km(pos[a], pos[b]) / LOWER_BOUND_KM_PER_MS, a, b)
             for a in regions for b in regions if a < b]
    print("great-circle lower bound RTT >= km / %.0f: %d of %d region pairs below it" % (
        LOWER_BOUND_KM_PER_MS, sum(1 for m, _, _ in below if m < 0), len(below)))
    for m, a, b in sorted(below)[:3]:
        print("  closest: %-20s - %-20s model - bound %+6.1f ms" % (a, b, m))


def leave_one_out(only):
    import multiprocessing
    import numpy as np
    import backbone_fit as bf
    import backbone_predict as bp
    names, geo, km, obs = bf.load()
    idx = {n: i for i, n in enumerate(names)}
    acc = {idx[r["region"]]: float(r["access_ms"]) for r in rows("data/region-access.csv")
           if r["fitted"] == "yes"}
    fl = [l for l in rows("data/backbone-links.csv") if l["kind"] != "predicted"]
    links = [(min(idx[l["region_a"]], idx[l["region_b"]]), max(idx[l["region_a"]], idx[l["region_b"]]),
              l["kind"]) for l in fl]
    delays = [float(l["delay_ms"]) for l in fl]
    held = [idx[n] for n in only] if only else sorted(acc)
    jobs = [(h, links, delays, acc, names, geo, km, obs) for h in held]
    with multiprocessing.Pool(min(2, os.cpu_count() or 1)) as pool:
        res = pool.map(bp.loo_fold, jobs)
    print("leave-one-region-out: %d regions, each predicted from geography and the refitted rest" % len(held))
    print("| held-out region | pairs | median abs | p90 | max | mean signed | neighbours |")
    print("|---|---|---|---|---|---|---|")
    allerr, worst = [], []
    for h, (e, mine, nb, _) in zip(held, res):
        a = np.abs(e)
        print("| %s | %d | %.1f | %.1f | %.1f | %+.1f | %s |" % (
            names[h], len(e), np.median(a), np.percentile(a, 90), a.max(), e.mean(),
            ", ".join(names[j] for j in nb)))
        allerr.append(e)
        worst.append((np.median(a), names[h]))
    e = np.concatenate(allerr)
    a = np.abs(e)
    print("all %d held-out pairs: median %.2f ms, p90 %.2f, p99 %.2f, max %.1f, mean signed %+.2f; "
          "regions with median > 12 ms: %d" % (len(e), np.median(a), np.percentile(a, 90),
                                               np.percentile(a, 99), a.max(), e.mean(),
                                               sum(1 for m, _ in worst if m > 12)))
    short = [(abs(err) / r, names[x], names[y], r, r + err) for (ev, mine, _, _) in res
             for err, (x, y, r) in zip(ev, mine) if r < SHORT_MS]
    rel = [s[0] for s in short]
    print("held-out pairs under %.0f ms: %d, relative |error| median %.1f %%, p90 %.1f %%" % (
        SHORT_MS, len(short), 100 * np.median(rel), 100 * np.percentile(rel, 90)))
    for s in sorted(short, reverse=True)[:5]:
        print("  %-20s -> %-20s published %5.0f predicted %6.1f" % s[1:])
    for k, how in enumerate(("one attachment to the nearest region, km x %.2f / 204 + %.1f ms (before)"
                             % (bp.PEERING_STRETCH, bp.PEERING_FIXED_MS),
                             "attached as a region without measurements, no access delay (now)",
                             "the same with the regions' no-shortcut bound instead of the strict one")):
        pe = np.abs(np.concatenate([r[3][k] for r in res]))
        print("the same regions as peering locations, %s: median %.2f ms, p90 %.2f, p99 %.2f; "
              "regions with median > 12 ms: %d" % (how, np.median(pe), np.percentile(pe, 90),
                                                   np.percentile(pe, 99),
                                                   sum(1 for r in res if np.median(np.abs(r[3][k])) > 12)))

if __name__ == "__main__":
    if "--leave-one-out" in sys.argv:
        leave_one_out([a for a in sys.argv[sys.argv.index("--leave-one-out") + 1:] if not a.startswith("-")])
    else:
        check_fit("-v" in sys.argv)
