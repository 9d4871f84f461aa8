#!/usr/bin/python3
"""Recompute model RTTs from data/backbone-links.csv + data/region-access.csv alone and compare them
with the published P50 table (data/azure-rtt-p50-2024-06.csv).  Independent of the fit's internals:
plain Dijkstra, RTT(a,b) = 2 * (access_a + shortest_path(a,b) + access_b).
Usage: /usr/bin/python3 scripts/check-backbone.py [-v]   (-v: list every pair)"""
import csv, heapq, math, os, statistics, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def rows(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return list(csv.DictReader(l for l in f if not l.startswith("#")))


def main():
    regions = [r["region_name"] for r in rows("data/regions.csv")]
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
    errs = []
    for o in rows("data/azure-rtt-p50-2024-06.csv"):
        a, b = (x.replace("Poland North", "Poland Central") for x in (o["regionA"], o["regionB"]))
        if a == b:
            continue
        model = 2 * (acc[a] + D[a][b] + acc[b])
        errs.append((abs(model - float(o["rtt_ms"])), a, b, float(o["rtt_ms"]), model))
    e = sorted(x[0] for x in errs)
    def q(p):                                  # linear interpolation, as numpy.percentile
        x = p * (len(e) - 1)
        i = int(x)
        return e[i] + (e[min(i + 1, len(e) - 1)] - e[i]) * (x - i)
    deg = sorted(len(adj[r]) for r in regions)
    print("links %d, degree min %d median %d max %d" % (sum(deg) // 2, deg[0], statistics.median(deg), deg[-1]))
    print("pairs %d: median |error| %.2f ms, p90 %.2f, p99 %.2f, max %.2f" % (
        len(e), statistics.median(e), q(0.90), q(0.99), e[-1]))
    for x in sorted(errs, reverse=True)[:10 if "-v" not in sys.argv else len(errs)]:
        print("  %-20s -> %-20s published %5.0f model %6.1f" % x[1:])


if __name__ == "__main__":
    main()
