// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-failure-summary.h"

#include "expressroute-failure-pairs.h"
#include "expressroute-run-summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <array>
#include <functional>
#include <map>
#include <set>

namespace ns3
{
namespace expressroute
{

namespace
{

/// Best-path changes more than this apart belong to different bursts.
constexpr double kQuiet = 2.0;

/// A failure's time window and reach, for charging lost probes.
struct Window
{
    double startS{0};
    std::optional<double> clearedS;
    const FailureReach* reach{nullptr};
};

/// The failures (event indices) a run of lost probes of @p pair that began at @p t is charged to.
std::vector<std::size_t>
Charged(const std::map<std::size_t, Window>& windows, double t, const std::string& pair)
{
    std::vector<std::size_t> group;
    for (const auto& [k, w] : windows)
    {
        if (w.startS <= t + 1e-9 && (!w.clearedS || t < *w.clearedS - 1e-9))
        {
            group.push_back(k);
        }
    }
    if (group.empty())
    {
        // Begun after every failure cleared: the one that started last before it.
        double latest = std::nan("");
        for (const auto& [k, w] : windows)
        {
            if (w.startS <= t + 1e-9 && (std::isnan(latest) || w.startS > latest))
            {
                latest = w.startS;
            }
        }
        for (const auto& [k, w] : windows)
        {
            if (w.startS == latest)
            {
                group.push_back(k);
            }
        }
    }
    std::vector<std::size_t> onPath;
    for (std::size_t k : group)
    {
        const auto* r = windows.at(k).reach;
        if (r && r->known && r->probes.count(pair))
        {
            onPath.push_back(k);
        }
    }
    if (!onPath.empty())
    {
        return onPath;
    }
    // None known to be on the path: the ones of them that started last (together: shared).
    double latest = -1;
    for (std::size_t k : group)
    {
        latest = std::max(latest, windows.at(k).startS);
    }
    std::vector<std::size_t> last;
    for (std::size_t k : group)
    {
        if (windows.at(k).startS > latest - 1e-9)
        {
            last.push_back(k);
        }
    }
    return last;
}

/// Of the failures @p together (event indices, @p self among them) that started at the same
/// instant, whether @p self answers for something: those whose known reach covers it best
/// (@p covers: 0 not at all, higher closer); when none covers it, those whose reach is unknown;
/// when every reach is known and none covers it, all of them (it cannot be told apart). A
/// failure that starts alone answers for everything.
template <typename Covers>
bool
Answers(const std::map<std::size_t, Window>& windows,
        const std::vector<std::size_t>& together,
        std::size_t self,
        Covers covers)
{
    if (together.size() < 2)
    {
        return true;
    }
    int best = 0;
    std::vector<std::size_t> covering;
    std::vector<std::size_t> unknown;
    for (std::size_t k : together)
    {
        const auto* r = windows.at(k).reach;
        if (!r || !r->known)
        {
            unknown.push_back(k);
            continue;
        }
        const int c = covers(*r);
        if (c > best)
        {
            best = c;
            covering.clear();
        }
        if (c > 0 && c == best)
        {
            covering.push_back(k);
        }
    }
    const auto& who = !covering.empty() ? covering : unknown;
    return who.empty() || std::find(who.begin(), who.end(), self) != who.end();
}

/// The circuit link ("<circuit>/<role>") of a circuit's BGP session, named
/// <circuit>/<primary|secondary>/<peering>; "" for any other session (a gateway's, Global
/// Reach's).
std::string
SessionLink(const std::string& peer)
{
    const auto a = peer.find('/');
    const auto z = a == std::string::npos ? a : peer.find('/', a + 1);
    if (z == std::string::npos || peer.find('/', z + 1) != std::string::npos)
    {
        return "";
    }
    const std::string role = peer.substr(a + 1, z - a - 1);
    return role == "primary" || role == "secondary" ? peer.substr(0, z) : "";
}

/// How closely @p r holds the session on circuit link @p link ("<circuit>/<role>"): 2 that
/// link, 1 another link of its circuit, 0 neither.
int
HoldsSession(const FailureReach& r, const std::string& link)
{
    if (r.circuitLinks.count(link))
    {
        return 2;
    }
    const std::string circuit = link.substr(0, link.find('/') + 1);
    const auto next = r.circuitLinks.lower_bound(circuit);
    return next != r.circuitLinks.end() && next->rfind(circuit, 0) == 0 ? 1 : 0;
}

/// A reaction of the control plane to a failure.
bool
IsReaction(const BgpEventRecord& e)
{
    if (e.event == "bfd-state")
    {
        return e.detail.rfind("Up>", 0) == 0;
    }
    if (e.event == "session-state")
    {
        return e.detail.rfind("Established>", 0) == 0;
    }
    return e.event == "notification-sent" || e.event == "notification-received";
}

/// Mean throughput (in + out, bit/s) of each circuit link over the samples in [from, to).
std::map<std::string, double>
MeanThroughput(const std::vector<LinkSample>& links, double from, double to)
{
    std::map<std::string, std::pair<double, double>> acc; // bits, seconds
    for (const auto& s : links)
    {
        const double a = s.start.GetSeconds();
        const double b = s.end.GetSeconds();
        if (a >= from - 1e-9 && b <= to + 1e-9 && b > a)
        {
            auto& [bits, secs] = acc[s.circuit + "/" + s.role];
            bits += static_cast<double>(s.bitsIn + s.bitsOut);
            secs += b - a;
        }
    }
    std::map<std::string, double> out;
    for (const auto& [link, v] : acc)
    {
        out[link] = v.second > 0 ? v.first / v.second : 0.0;
    }
    return out;
}

/// Per circuit link: the mean utilisation (%) of its busier direction over the whole intervals
/// within [from, to].
std::map<std::string, double>
MeanUtilisation(const std::vector<LinkSample>& links, double from, double to)
{
    std::map<std::string, std::array<double, 3>> acc; // bits in, bits out, rate x seconds
    for (const auto& s : links)
    {
        const double a = s.start.GetSeconds();
        const double b = s.end.GetSeconds();
        if (a >= from - 1e-9 && b <= to + 1e-9 && b > a && s.rateBps > 0)
        {
            auto& v = acc[s.circuit + "/" + s.role];
            v[0] += static_cast<double>(s.bitsIn);
            v[1] += static_cast<double>(s.bitsOut);
            v[2] += static_cast<double>(s.rateBps) * (b - a);
        }
    }
    std::map<std::string, double> out;
    for (const auto& [link, v] : acc)
    {
        out[link] = 100.0 * std::max(v[0], v[1]) / v[2];
    }
    return out;
}

} // namespace

std::vector<FailureSummary>
SummariseFailures(const std::vector<FailureEventRecord>& events,
                  const std::vector<BgpEventRecord>& bgp,
                  const std::vector<RouteRecord>& routes,
                  const std::vector<ProbeRecord>& probes,
                  const std::vector<LinkSample>& links,
                  Time duration,
                  const std::vector<FailureReach>& reach,
                  Time probeTimeout)
{
    const double end = duration.GetSeconds();
    std::vector<FailureSummary> out;
    // Runs of consecutive lost probes per pair.
    std::map<std::string, std::vector<ProbeOutage>> outagesByPair;
    std::map<std::string, std::vector<const ProbeRecord*>> byPair;
    {
        for (const auto& p : probes)
        {
            byPair[p.probe].push_back(&p);
        }
        for (auto& [pair, list] : byPair)
        {
            std::stable_sort(list.begin(), list.end(), [](const ProbeRecord* a, const ProbeRecord* b) {
                return a->sent < b->sent;
            });
            outagesByPair[pair] = OutageRuns(list, duration);
        }
    }
    std::vector<double> starts;
    for (const auto& e : events)
    {
        if (e.event == "FailureStarted")
        {
            starts.push_back(e.time.GetSeconds());
        }
    }
    // Every failure's window and what its path look-up found, by its event index.
    std::map<std::size_t, Window> windows;
    for (std::size_t k = 0; k < events.size(); ++k)
    {
        const auto& e = events[k];
        if (e.event != "FailureStarted")
        {
            continue;
        }
        Window w;
        w.startS = e.time.GetSeconds();
        for (std::size_t m = k + 1; m < events.size(); ++m)
        {
            if (events[m].event == "FailureCleared" && events[m].kind == e.kind &&
                events[m].target == e.target)
            {
                w.clearedS = events[m].time.GetSeconds();
                break;
            }
        }
        for (const auto& r : reach)
        {
            if (r.kind == e.kind && r.target == e.target &&
                std::abs(r.startS - w.startS) < 1e-6)
            {
                w.reach = &r;
            }
        }
        windows[k] = w;
    }
    for (std::size_t i = 0; i < events.size(); ++i)
    {
        const auto& e = events[i];
        if (e.event != "FailureStarted")
        {
            continue;
        }
        FailureSummary f;
        f.kind = e.kind;
        f.target = e.target;
        f.detail = e.detail;
        f.startS = e.time.GetSeconds();
        for (std::size_t k = i + 1; k < events.size(); ++k)
        {
            if (events[k].event == "FailureCleared" && events[k].kind == e.kind &&
                events[k].target == e.target)
            {
                f.clearedS = events[k].time.GetSeconds();
                break;
            }
        }
        double next = end;
        for (double s : starts)
        {
            if (s > f.startS + 1e-9)
            {
                next = std::min(next, s);
            }
        }
        const double settleEnd = std::min(next, f.clearedS.value_or(end));
        // Failures that started at the same instant share the time window: a circuit's session
        // going down is charged to those whose reach holds its link, else its circuit
        // (Answers); the rest of what happened then (route changes, other sessions) to all.
        std::vector<std::size_t> together;
        for (const auto& [k, w] : windows)
        {
            if (std::abs(w.startS - f.startS) < 1e-9)
            {
                together.push_back(k);
                if (k != i)
                {
                    f.startedWith.push_back(events[k].kind + " " + events[k].target);
                }
            }
        }
        auto mySession = [&](const std::string& link) {
            return link.empty() || Answers(windows, together, i, [&link](const FailureReach& r) {
                       return HoldsSession(r, link);
                   });
        };

        std::optional<double> first;
        std::optional<double> customer;
        // A failed CE router's own timers expire too, but nothing hears them.
        const std::string dead = f.kind == "CeFailure" ? "site/" + f.target : std::string();
        for (const auto& b : bgp)
        {
            const double t = b.time.GetSeconds();
            if (t >= f.startS && t < settleEnd && IsReaction(b) && b.router != dead &&
                mySession(SessionLink(b.peer)))
            {
                first = first ? std::min(*first, t) : t;
                // The customer's side: a session down at a customer edge router.
                const bool down = b.event == "bfd-state" || b.event == "session-state";
                if (down && b.router.rfind("site/", 0) == 0 && (!customer || t < *customer))
                {
                    customer = t;
                    f.detectedBy = (b.event == "bfd-state" ? "BFD at " : "BGP at ") + b.router +
                                   " (" + b.peer + ")";
                }
            }
        }
        std::set<std::string> down;
        for (const auto& b : bgp)
        {
            const double t = b.time.GetSeconds();
            if (t < f.startS || t >= settleEnd || b.event != "session-state" ||
                b.detail.rfind("Established>", 0) != 0)
            {
                continue;
            }
            const std::string link = SessionLink(b.peer);
            if (!link.empty() && mySession(link))
            {
                down.insert(link.substr(0, link.find('/')));
            }
        }
        f.circuitsDown.assign(down.begin(), down.end());
        std::vector<double> changes;
        for (const auto& r : routes)
        {
            const double t = r.time.GetSeconds();
            if (t >= f.startS && t < settleEnd)
            {
                changes.push_back(t);
                first = first ? std::min(*first, t) : t;
            }
        }
        if (first)
        {
            f.firstReactionS = *first - f.startS;
        }
        if (customer)
        {
            f.detectionS = *customer - f.startS;
        }
        // Convergence: the burst of best-path changes that follows the first reaction, ended by
        // a quiet time (a later burst, e.g. a session returning, is another event).
        std::sort(changes.begin(), changes.end());
        for (double t : changes)
        {
            if (t >= *first && (!f.convergenceS || t - (f.startS + *f.convergenceS) <= kQuiet))
            {
                f.convergenceS = t - f.startS;
            }
        }

        // Probes: each run of lost probes of a pair goes to the failures on its path among those
        // active when it began (SummariseFailures' rule in the header).
        std::set<std::string> shared;
        std::map<std::string, std::vector<ProbeOutage>> mine; // charged to this failure
        for (const auto& [pair, list] : outagesByPair)
        {
            bool charged = false;
            for (const auto& o : list)
            {
                const auto who = Charged(windows, o.start.GetSeconds(), pair);
                if (std::find(who.begin(), who.end(), i) == who.end())
                {
                    continue;
                }
                for (std::size_t w : who)
                {
                    if (w != i)
                    {
                        shared.insert(events[w].kind + " " + events[w].target);
                    }
                }
                f.probesLost += o.lost;
                f.longestOutageS = std::max(f.longestOutageS, o.Seconds());
                charged = true;
                mine[pair].push_back(o);
            }
            if (charged)
            {
                f.pairsAffected.push_back(pair);
            }
        }
        f.sharedWith.assign(shared.begin(), shared.end());
        const FailureReach* reachOf = windows.count(i) ? windows.at(i).reach : nullptr;
        double nextAfterClear = end; // the next failure to start after this one cleared
        for (double t : starts)
        {
            if (f.clearedS && t > *f.clearedS + 1e-9)
            {
                nextAfterClear = std::min(nextAfterClear, t);
            }
        }
        auto pathIsMine = [&](const std::string& pair) {
            return Answers(windows, together, i,
                           [&pair](const FailureReach& r) { return r.probes.count(pair) ? 1 : 0; });
        };
        AnswerPairs(f, mine, byPair, reachOf, pathIsMine, settleEnd, nextAfterClear, end);
        if (!f.detectionS)
        {
            // No customer session went down: the customer sees the first lost probe when it
            // times out.
            const double timeout = probeTimeout.GetSeconds();
            for (const auto& [pair, list] : mine)
            {
                for (const auto& o : list)
                {
                    const double t = std::max(0.0, o.start.GetSeconds() - f.startS) + timeout;
                    if (!f.detectionS || t < *f.detectionS)
                    {
                        f.detectionS = t;
                        f.detectedBy = "lost probe " + pair;
                    }
                }
            }
        }

        // Traffic: the last whole interval before the start against the intervals after
        // convergence (or after the start) until the failure clears or the next one starts.
        const double after = f.startS + std::ceil(f.convergenceS.value_or(0.0) + 1e-9);
        // The last whole sampling interval before the start (links.csv's interval: 1 s, or
        // 60 s on long runs).
        const double interval =
            links.empty() ? 1.0 : std::max(1e-9, (links.front().end - links.front().start).GetSeconds());
        const double beforeEnd = std::floor(f.startS / interval + 1e-9) * interval;
        auto before = MeanThroughput(links, beforeEnd - interval, beforeEnd);
        auto then = MeanThroughput(links, after, settleEnd);
        for (const auto& [link, percent] : MeanUtilisation(links, after, settleEnd))
        {
            if (percent > 80.0)
            {
                f.linksOver80.emplace_back(link, percent);
            }
        }
        if (reachOf)
        {
            // Which pairs' paths (as they were just before the clear) crossed those links.
            for (auto& p : f.pairs)
            {
                const auto on = reachOf->linksDuring.find(p.probe);
                for (const auto& [link, percent] : f.linksOver80)
                {
                    if (on != reachOf->linksDuring.end() && on->second.count(link))
                    {
                        p.congestedLinks.push_back(link);
                    }
                }
            }
        }
        if (!before.empty() && !then.empty())
        {
            std::set<std::string> names;
            for (const auto& [l, v] : before)
            {
                names.insert(l);
            }
            for (const auto& [l, v] : then)
            {
                names.insert(l);
            }
            const FailureReach* r = windows.count(i) ? windows.at(i).reach : nullptr;
            double gained = 0;
            double lost = 0;
            for (const auto& l : names)
            {
                if (r && r->movedKnown && !r->movedLinks.count(l))
                {
                    continue; // not on a path the failure changed: drift, not the failure
                }
                const double delta = then[l] - before[l];
                // Ignore jitter: a shift is at least 1 % of the larger value and 10 kbit/s.
                if (std::abs(delta) < std::max(1e4, 0.01 * std::max(then[l], before[l])))
                {
                    continue;
                }
                (delta < 0 ? f.from : f.to).push_back(l);
                (delta > 0 ? gained : lost) += std::abs(delta);
            }
            // What moved: no more than what left the links that lost it (traffic that crosses
            // a WAN link and then another circuit shows up twice among the gains) nor than what
            // arrived elsewhere (black-holed traffic left but did not move).
            f.shiftedBps = std::min(gained, lost);
        }
        out.push_back(f);
    }
    return out;
}

} // namespace expressroute
} // namespace ns3
