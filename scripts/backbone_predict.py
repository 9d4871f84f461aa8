# SPDX-License-Identifier: GPL-2.0-only
"""Predicting backbone links for regions without published RTTs, and checking the prediction by
leaving each fitted region out in turn (doc/backbone.md, "Regions without measurements").

A predicted region h is attached to several fitted regions: every fitted region of its country
within SAME_COUNTRY_KM, its PRED_K nearest fitted regions within PRED_RATIO x the nearest distance,
a greedy geometric spanner (a fitted region within SPANNER_KM is added when no chosen neighbour n
has km(h, n) + km(n, j) <= (1 + DETOUR) km(h, j), so that no direction is served through a detour)
and the curated cable routes (LONG_HAUL, PREDICTED_LONG_HAUL).  A geographic neighbour in another
cable bloc further than CROSS_KM is left out (an ocean or a border the backbone need not cross
there: Israel - Gulf, Brazil - Cape Town); only the curated cables cross, unless nothing else is
left (then the nearest region), and no region of its own bloc within reach (Israel).  Target delay of a link h-n:
 - under LONG_KM: the fibre floor km / 204 times the median stretch (delay / floor) of the LINK_K
   fitted links of the same terrain (within a cable bloc, or across blocs) closest in log-length
   (a metro link, under METRO_KM, gets the floor);
 - from LONG_KM: such that RTT(h, n) is a percentile of the published RTTs of the RULE_K fitted
   pairs closest in log-distance: pairs joining the same two cable blocs when at least
   BLOC_PAIR_MIN were measured, else pairs of the same kind (same country, same cable bloc, across
   blocs), which carry the detours of long routes.  The percentile is the median, except for a
   curated cable, a direct route, that joins measured blocs or lands in the nearest bloc h has a
   long cable to: CABLE_Q (cable_percentiles).
The delays are the L1-closest to the targets (relative to each target) with d >= floor and, for
every two neighbours i, j and every fitted pair a, b, P(a, i) + d_i + d_j + P(j, b) >=
min(P(a, b), F(a, b)), P the fitted paths and F the fastest route the published table itself
shows between a and b (published_closure): going through h never makes a fitted pair faster than
both its model and the table.  The access delay of h is the median access of the fitted regions.
"""
import numpy as np
from scipy.optimize import linprog
from scipy.sparse.csgraph import shortest_path

import backbone_fit as bf

SAME_COUNTRY_KM = 1500.0
PRED_K, PRED_RATIO = 3, 2.0
SPANNER_KM, DETOUR = 3500.0, 0.1
RULE_K = 15
CABLE_Q = 20              # percentile of the RULE_K pairs' RTTs a curated cable is targeted at
BLOC_PAIR_MIN = 3          # measured pairs between two cable blocs that a long link is targeted from
CROSS_KM = 1500.0          # longer geographic links between cable blocs: curated cables only
LINK_K = 9
PEERING_STRETCH, PEERING_FIXED_MS = 1.53, 0.1   # Backbone::PathStretch, AttachmentFixedDelay
STRICT_MARGIN_MS = 0.01    # a peering location's links: every region pair at least this much faster direct
LONG_KM = 3000.0           # longer predicted links: delay from the published RTTs (Rule)
REFIT_ITERATIONS = 5       # LP descent steps when refitting the graph without a held-out region

# Cable routes of regions absent from the 2024 table (the table regions' routes are
# backbone_fit.LONG_HAUL), each a submarine system in service that lands in (or next to) both
# metros.  Without them a region whose nearest fitted region is in the same bloc reaches every
# other continent through it: New Zealand through Sydney, Chile through Sao Paulo.
PREDICTED_LONG_HAUL = [
    ("Spain Central", "East US"),           # MAREA: Sopelana (Bilbao) - Virginia Beach, 2017
    ("New Zealand North", "Australia East"),  # Tasman Global Access, Southern Cross: Auckland - Sydney
    ("New Zealand North", "West US"),       # Southern Cross, Southern Cross NEXT: Auckland - California
    ("Taiwan North", "Japan East"),         # APG, FASTER, NCP: Toucheng - Chiba / Shima
    ("Taiwan North", "Southeast Asia"),     # APG: Toucheng - Singapore
    ("Chile Central", "East US"),           # SAm-1: Valparaiso - Boca Raton (Florida)
]

# Country of each region (the regions table gives only a geopolitical area).
COUNTRY = {
    "Australia Central": "AU", "Australia Central 2": "AU", "Australia East": "AU",
    "Australia Southeast": "AU", "Austria East": "AT", "Belgium Central": "BE", "Brazil South": "BR",
    "Brazil Southeast": "BR", "Canada Central": "CA", "Canada East": "CA", "Central India": "IN",
    "Central US": "US", "Chile Central": "CL", "Denmark East": "DK", "East Asia": "HK",
    "East US": "US", "East US 2": "US", "France Central": "FR", "France South": "FR",
    "Germany North": "DE", "Germany West Central": "DE", "Indonesia Central": "ID",
    "Israel Central": "IL", "Italy North": "IT", "Japan East": "JP", "Japan West": "JP",
    "Jio India Central": "IN", "Jio India West": "IN", "Korea Central": "KR", "Korea South": "KR",
    "Malaysia West": "MY", "Mexico Central": "MX", "New Zealand North": "NZ",
    "North Central US": "US", "North Europe": "IE", "Norway East": "NO", "Norway West": "NO",
    "Poland Central": "PL", "Qatar Central": "QA", "South Africa North": "ZA",
    "South Africa West": "ZA", "South Central US": "US", "South India": "IN",
    "Southeast Asia": "SG", "Spain Central": "ES", "Sweden Central": "SE",
    "Switzerland North": "CH", "Switzerland West": "CH", "Taiwan North": "TW", "UAE Central": "AE",
    "UAE North": "AE", "UK South": "GB", "UK West": "GB", "West Central US": "US",
    "West Europe": "NL", "West India": "IN", "West US": "US", "West US 2": "US", "West US 3": "US",
}


LOCATION_HOME = {}   # peering location -> the region it takes its country from (load_locations)
METRO_KM = 100.0     # farther than this, a region's coordinates are not in the location's city
LOCAL_REGION = {}    # peering location -> its published local regions, if any (load_locations)


def country(name):
    """Country of a region, or of a peering location's local region (load_locations)."""
    return COUNTRY[name] if name in COUNTRY else COUNTRY[LOCATION_HOME[name]]


def bloc_pair(names, geo, i, j):
    """The two cable blocs of a pair, sorted."""
    return tuple(sorted((bf.bloc(names[i], geo[names[i]]), bf.bloc(names[j], geo[names[j]]))))


def pair_class(names, geo, i, j):
    """0: same country, 1: same cable bloc (one landmass), 2: across blocs (subsea)."""
    if country(names[i]) == country(names[j]):
        return 0
    return 1 if bf.bloc(names[i], geo[names[i]]) == bf.bloc(names[j], geo[names[j]]) else 2


class Rule:
    """Typical published RTT of fitted region pairs by distance and pair class, and by bloc pair."""

    def __init__(self, names, geo, km, obs):
        per = {}
        for a, b, r in obs:
            per.setdefault((min(a, b), max(a, b)), []).append(r)
        self.samples = {0: [], 1: [], 2: []}
        self.blocs = {}
        for (a, b), rs in sorted(per.items()):
            s = (km[a, b], float(np.mean(rs)))
            self.samples[pair_class(names, geo, a, b)].append(s)
            self.blocs.setdefault(bloc_pair(names, geo, a, b), []).append(s)
        self.all = sorted(s for v in self.samples.values() for s in v)
        for c in self.samples:
            self.samples[c].sort()

    def has_bloc_evidence(self, blocs):
        """Whether at least BLOC_PAIR_MIN fitted pairs join the two cable blocs."""
        return len(self.blocs.get(blocs, [])) >= BLOC_PAIR_MIN

    def rtt(self, d, cls, q=50.0, blocs=None):
        """q-th percentile of the published RTTs of the RULE_K pairs closest to d in log-distance:
        among the pairs joining the same two cable blocs when the class is 2 (across blocs) and at
        least BLOC_PAIR_MIN such pairs were measured, else among the pairs of class cls (all
        classes together when the class has fewer than RULE_K pairs)."""
        if cls == 2 and blocs is not None and self.has_bloc_evidence(blocs):
            pool = self.blocs[blocs]
        else:
            pool = self.samples[cls] if len(self.samples[cls]) >= RULE_K else self.all
        kd = np.array([k for k, _ in pool]); rt = np.array([r for _, r in pool])
        near = np.argsort(np.abs(np.log1p(kd) - np.log1p(d)), kind="stable")[:RULE_K]
        return float(np.percentile(rt[near], q))


class LinkRule:
    """Stretch (delay / fibre floor) of the fitted non-metro links of similar length and terrain."""

    def __init__(self, links, delays, km, names, geo):
        keep = [(i, j, d) for (i, j, k), d in zip(links, delays) if k not in ("metro", "predicted")]
        self.kd = np.array([km[i, j] for i, j, _ in keep])
        self.subsea = np.array([pair_class(names, geo, i, j) == 2 for i, j, _ in keep])
        fl = np.maximum(bf.MIN_DELAY, self.kd / bf.FIBRE_KM_PER_MS)
        self.ratio = np.array([d for _, _, d in keep]) / fl

    def delay(self, d, subsea):
        """One-way delay of a new link of d km: floor x median stretch of the LINK_K fitted links
        of the same terrain (within a cable bloc, or across blocs) closest in log-length, all links
        if fewer than LINK_K; a metro link (under METRO_KM) gets the floor."""
        floor = max(bf.MIN_DELAY, d / bf.FIBRE_KM_PER_MS)
        if d < bf.METRO_KM:
            return floor
        same = self.subsea == subsea
        if same.sum() < LINK_K:
            same = np.ones(len(self.kd), bool)
        kd, ratio = self.kd[same], self.ratio[same]
        near = np.argsort(np.abs(np.log(kd) - np.log(d)), kind="stable")[:LINK_K]
        return floor * float(np.median(ratio[near]))


def curated(h, names):
    """Regions that h has a curated cable route to."""
    idx = {n: i for i, n in enumerate(names)}
    return {idx[y] for a, b in bf.LONG_HAUL + PREDICTED_LONG_HAUL for x, y in ((a, b), (b, a))
            if idx[x] == h}


def neighbours(h, placed, names, geo, km):
    """Fitted regions a predicted region h attaches to (sorted by distance)."""
    cable = curated(h, names) & set(placed)
    every = sorted((km[h, j], j) for j in placed)
    near = [(d, j) for d, j in every if d <= CROSS_KM or pair_class(names, geo, h, j) < 2]
    if not near and cable:
        return sorted(cable, key=lambda j: (km[h, j], j))
    near = near or every[:1]
    chosen = {j for k, (d, j) in enumerate(near) if k < PRED_K and d <= PRED_RATIO * near[0][0] + 1
              and (d <= SPANNER_KM or k == 0)}
    chosen |= {j for d, j in near if d <= SAME_COUNTRY_KM and country(names[j]) == country(names[h])}
    for d, j in near:                          # no forced detour: a greedy geometric spanner
        if d <= SPANNER_KM and min(km[h, n] + km[n, j] for n in chosen) > (1 + DETOUR) * d:
            chosen.add(j)
    chosen |= cable
    return sorted(chosen, key=lambda j: (km[h, j], j))


def cable_percentiles(h, nb, cable, rule, names, geo, km):
    """Percentile of the similar pairs' RTTs each long link of h is targeted at: CABLE_Q for a
    curated cable, a direct route, when its two blocs have measured pairs (the percentile is then
    taken among those) or when it lands in the bloc of h's nearest long cable (from LONG_KM)
    without measured pairs, where h's long-haul traffic lands; the median for any other link. A
    cable to a farther bloc without measured pairs carries no evidence that the backbone routes
    that way rather than through the nearer landing (the table routes Brazil - Europe through
    the US, at 2.0 x the light floor against 1.5 x to the US)."""
    blocs = lambda j: bloc_pair(names, geo, h, j)
    bare = sorted((km[h, j], j) for j in nb if j in cable and km[h, j] >= LONG_KM
                  and not rule.has_bloc_evidence(blocs(j)))
    home = bf.bloc(names[bare[0][1]], geo[names[bare[0][1]]]) if bare else None
    return {j: CABLE_Q if j in cable and (rule.has_bloc_evidence(blocs(j))
                                          or bf.bloc(names[j], geo[names[j]]) == home) else 50.0
            for j in nb}


def link_delays(target, floor, P):
    """Delays closest to target (L1 relative to the target, so that a long link rather than a short
    one absorbs a detour) with d >= floor and d_i + d_j >= P[i][j]: entering the predicted region
    from one neighbour and leaving to another is never shorter than P, the fitted path between the
    two or, if that is slower than published, the published value."""
    n = len(target)
    rows, rhs = [], []
    for i in range(n):
        for j in range(i + 1, n):
            row = np.zeros(2 * n); row[i] = row[j] = -1
            rows.append(row); rhs.append(-P[i][j])
    for i in range(n):
        for sign in (1, -1):
            row = np.zeros(2 * n); row[i] = sign; row[n + i] = -1
            rows.append(row); rhs.append(sign * target[i])
    w = 1.0 / np.maximum(1.0, target)
    res = linprog(np.r_[np.zeros(n), w], A_ub=np.array(rows), b_ub=np.array(rhs),
                  bounds=[(f, None) for f in floor] + [(0, None)] * n, method="highs")
    assert res.status == 0, res.message
    return list(res.x[:n])


def published_closure(obs, N):
    """The fastest published route between every two fitted regions: the shortest path over the
    published RTTs (each pair's faster direction), inf where no route. The table violates the
    triangle inequality (Korea Central - Canada Central 236 ms published, 184.5 via Japan West),
    so a pair's direct value is not the fastest route the table itself shows."""
    M = np.zeros((N, N))
    for a, b, r in obs:
        M[a, b] = M[b, a] = min(r, M[a, b] or np.inf)
    return shortest_path(M, directed=False)


def attach(h, links, delays, acc, placed, names, geo, km, rule, pub, access, fixed=0.0, strict=False,
           nb=None):
    """Neighbours and link delays of a new router h attached to the graph (links, delays) among
    the routers `placed`: targets as in the module note, h's access `access` and, on top of each
    link, a fixed one-way delay `fixed` (a peering location's AttachmentFixedDelay). The bound on
    every placed pair a, b reached through h is min(P(a, b), pub(a, b)) or, when strict, P(a, b)
    plus STRICT_MARGIN_MS: a peering location never carries region-to-region traffic. nb: the
    neighbours, when not chosen by `neighbours`."""
    N = km.shape[0]
    P = bf.graph_dist(links, delays, N)
    Q = P + STRICT_MARGIN_MS if strict else P.copy()
    if not strict:
        for a, b in zip(*np.nonzero(np.isfinite(pub) & (pub > 0))):
            Q[a, b] = min(P[a, b], pub[a, b] / 2 - acc[a] - acc[b])
    nb = neighbours(h, placed, names, geo, km) if nb is None else nb
    cab = curated(h, names)
    # d_i + d_j >= Q[a, b] - P[a, i] - P[j, b] for every pair a, b reached through i, h, j
    Qp, Pp = Q[np.ix_(placed, placed)], P[np.ix_(placed, placed)]
    at = {j: placed.index(j) for j in nb}
    D = [[float((Qp - Pp[:, at[i]][:, None] - Pp[at[j], :][None, :]).max()) for j in nb]
         for i in nb]
    floor = [max(bf.MIN_DELAY, km[h, j] / bf.FIBRE_KM_PER_MS) for j in nb]
    lr = LinkRule(links, delays, km, names, geo)
    tl = [lr.delay(km[h, j], pair_class(names, geo, h, j) == 2) for j in nb]
    q = cable_percentiles(h, nb, cab, rule, names, geo, km)
    tr = [rule.rtt(km[h, j], pair_class(names, geo, h, j), q[j], bloc_pair(names, geo, h, j))
          / 2 - access - fixed - acc[j] for j in nb]
    target = [a if km[h, j] < LONG_KM else b for a, b, j in zip(tl, tr, nb)]
    return nb, link_delays(target, floor, D)


def add_predicted(links, delays, acc, new, names, geo, km, obs):
    """Attach the regions in `new` to the fitted graph; returns (links, delays, acc, access of
    the new regions)."""
    links, delays, acc = list(links), list(delays), dict(acc)
    med = float(np.median(list(acc.values())))
    placed = sorted(acc)
    rule = Rule(names, geo, km, obs)
    pub = published_closure(obs, km.shape[0])
    for h in sorted(new):
        nb, d = attach(h, links, delays, acc, placed, names, geo, km, rule, pub, med)
        links += [(min(h, j), max(h, j), "predicted") for j in nb]
        delays += d
        acc[h] = med
    return links, delays, acc, med


def reconnect(nodes, links, delays, km):
    """Regions cut off by removing a held-out hub (Korea Central hangs on Korea South) get a link
    from their component to the nearest region outside it, delay 1.5 x floor to start the refit."""
    while True:
        D = bf.graph_dist(links, delays, km.shape[0])
        comp = [j for j in nodes if np.isfinite(D[nodes[0], j])]
        if len(comp) == len(nodes):
            return
        small = comp if 2 * len(comp) < len(nodes) else [j for j in nodes if j not in set(comp)]
        d, i, j = min((km[i, j], i, j) for i in small for j in nodes if j not in set(small))
        links.append((min(i, j), max(i, j), "terrestrial"))
        delays.append(max(bf.MIN_DELAY, 1.5 * d / bf.FIBRE_KM_PER_MS))


def refit_without(h, links, delays, acc, km, obs):
    """The fitted graph with region h's router, links and published pairs removed and the
    remaining link and access delays refitted by LP descent from the full fit (no new pruning,
    no coordinate polish: too slow for one fold per region)."""
    rest = sorted(r for r in acc if r != h)
    keep = [k for k, (i, j, kind) in enumerate(links) if h not in (i, j) and kind != "predicted"]
    L = [links[k] for k in keep]
    Dl = [delays[k] for k in keep]
    reconnect(rest, L, Dl, km)
    ob = [o for o in obs if h not in o[:2]]
    f = bf.Fit(rest, L, km, ob)
    x = np.r_[Dl, [acc[r] for r in rest]]
    f.x, f.E = x, f.err(x)
    assert np.isfinite(f.E), "removing %s disconnects the fitted graph" % h
    f.run(x, maxit=REFIT_ITERATIONS)
    return L, list(f.x[:f.m]), {r: f.x[f.m + f.loc[r]] for r in rest}, ob


def single_attachment_errors(h, links, delays, acc, km, mine, stretch=PEERING_STRETCH):
    """Errors of h's published pairs if h were a peering location attached as before issue 13's
    second round: a single link to the nearest region router, km x stretch / 204 + 0.1 ms."""
    n = min(acc, key=lambda j: (km[h, j], j))
    D = bf.graph_dist(links, delays, km.shape[0])
    att = km[h, n] * stretch / bf.FIBRE_KM_PER_MS + PEERING_FIXED_MS
    return np.array([2 * (att + D[n, b if a == h else a] + acc[b if a == h else a]) - r
                     for a, b, r in mine])


def attach_location(h, links, delays, acc, names, geo, km, rule, pub=None, nb=None):
    """Neighbours and link delays of peering location h: attached as a region without
    measurements, among every region router, with no access delay and PEERING_FIXED_MS between
    its MSEEs and its router. No region pair is made faster through it (the simulator's rule:
    region RTTs do not depend on the locations a scenario uses) or, given pub, none faster than
    the region rule allows (min of its model and the table's fastest route)."""
    return attach(h, links, delays, acc, sorted(acc), names, geo, km, rule, pub, 0.0,
                  PEERING_FIXED_MS, strict=pub is None, nb=nb)


def location_errors(h, links, delays, acc, names, geo, km, obs, mine, region_bound=False):
    """Errors of h's published pairs if h were a peering location (attach_location)."""
    pub = published_closure(obs, km.shape[0]) if region_bound else None
    nb, d = attach_location(h, links, delays, acc, names, geo, km, Rule(names, geo, km, obs), pub)
    D = bf.graph_dist(links, delays, km.shape[0])
    one_way = lambda b: PEERING_FIXED_MS + min(dj + D[j, b] for j, dj in zip(nb, d)) + acc[b]
    return np.array([2 * one_way(b if a == h else a) - r for a, b, r in mine])


def load_locations(names, geo):
    """The peering locations (data/peering_locations.csv) appended to the regions: (names, geo,
    km) over regions then locations, and the locations' indices. A location takes the country and
    cable bloc of its local region, else of its nearest region (Geography::GetAttachmentRegion)."""
    import csv, os
    rows = lambda p: list(csv.DictReader(open(os.path.join(bf.ROOT, "data", p), encoding="utf-8")))
    regions = rows("regions.csv")
    reg = {r["region_name"]: (float(r["latitude"]), float(r["longitude"])) for r in regions}
    city = {r["region_name"]: r["city"].lower() for r in regions}
    locs = rows("peering_locations.csv")
    pts = [reg[n] for n in names] + [(float(r["latitude"]), float(r["longitude"])) for r in locs]
    lat, lon = np.radians([p[0] for p in pts]), np.radians([p[1] for p in pts])
    hv = (np.sin((lat[:, None] - lat[None, :]) / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :]
          * np.sin((lon[:, None] - lon[None, :]) / 2) ** 2)
    km = 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(hv, 0, 1)))
    names2, geo2 = list(names) + [r["peering_location"] for r in locs], dict(geo)
    n = len(names)
    for k, r in enumerate(locs):
        local = [x for x in r["local_region"].split(";") if x in reg]
        home = local[0] if local else names[int(np.argmin(km[n + k, :n]))]
        LOCATION_HOME[r["peering_location"]] = home
        if local:
            # A local region of the location's own city ("Paris", "Illinois (Chicago)") whose
            # published coordinates lie over 100 km away cannot be where they say: they are a
            # placeholder (France Central's are the middle of France, 275 km from Paris). The
            # location is then co-located with it, in its metro.
            c = r["city"].lower()
            for x in local:
                j = names.index(x)
                if (city[x] == c or city[x].endswith("(" + c + ")")) and km[n + k, j] > METRO_KM:
                    km[n + k, j] = km[j, n + k] = 0.0
            LOCAL_REGION[r["peering_location"]] = sorted((names.index(x) for x in local),
                                                         key=lambda j: (km[n + k, j], j))
        geo2[r["peering_location"]] = bf.bloc(home, geo[home])
    return names2, geo2, km, list(range(n, len(names2)))


def attach_locations(links, delays, acc, names, geo, obs):
    """Every peering location's links to region routers: [(location, region, one-way delay)]. A
    location with published local regions is in their metro (Microsoft's "local" regions: the
    Local SKU's, same city) and hangs on them alone; one without is attached among every region
    as a region without measurements. Delays as in attach_location."""
    names2, geo2, km2, locs = load_locations(names, geo)
    rule = Rule(names2, geo2, km2, obs)
    out = []
    for h in locs:
        nb, d = attach_location(h, links, delays, acc, names2, geo2, km2, rule,
                                nb=LOCAL_REGION.get(names2[h]))
        out += [(names2[h], names2[j], dj) for j, dj in zip(nb, d)]
    return out


def loo_fold(args):
    """Held-out region h, predicted from the refitted rest of the graph exactly as a region
    without measurements: (errors model - published of its published pairs, those pairs, the
    regions it was attached to, the errors of h as a peering location: single attachment to the
    nearest region as before, attached as the simulator does now, and with the regions' bound)."""
    h, links, delays, acc, names, geo, km, obs = args
    L, D, A, ob = refit_without(h, links, delays, acc, km, obs)
    mine = [o for o in obs if h in o[:2]]
    pe = (single_attachment_errors(h, L, D, A, km, mine),
          location_errors(h, L, D, A, names, geo, km, ob, mine),
          location_errors(h, L, D, A, names, geo, km, ob, mine, region_bound=True))
    n = len(L)
    L, D, A, _ = add_predicted(L, D, A, [h], names, geo, km, ob)
    nb = sorted((j if i == h else i for i, j, _ in L[n:]), key=lambda j: km[h, j])
    return np.array(bf.errors(L, D, A, mine, len(names))), mine, nb, pe
