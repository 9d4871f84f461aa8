// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-failure-pairs.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace ns3
{
namespace expressroute
{

namespace
{

/// Median RTT (ms) of the answered probes sent in [from, to), counting each probe a run-length
/// record stands for (nearest rank, as Percentile); unset when none.
std::optional<double>
MedianRtt(const std::vector<const ProbeRecord*>& records, double from, double to)
{
    std::vector<std::pair<double, uint64_t>> rtts; // value, probes
    uint64_t total = 0;
    for (const auto* r : records)
    {
        if (!r->success)
        {
            continue;
        }
        const double t0 = r->sent.GetSeconds();
        const double every = r->count > 1 ? r->every.GetSeconds() : 0.0;
        uint64_t n = 0;
        for (uint32_t k = 0; k < r->count; ++k)
        {
            const double t = t0 + every * k;
            if (t >= from - 1e-9 && t < to - 1e-9)
            {
                ++n;
            }
            else if (t >= to - 1e-9)
            {
                break;
            }
        }
        if (n > 0)
        {
            rtts.emplace_back(r->rtt.GetSeconds() * 1e3, n);
            total += n;
        }
    }
    if (total == 0)
    {
        return std::nullopt;
    }
    std::sort(rtts.begin(), rtts.end());
    const auto rank = static_cast<uint64_t>(std::ceil(0.5 * total));
    uint64_t seen = 0;
    for (const auto& [value, n] : rtts)
    {
        seen += n;
        if (seen >= rank)
        {
            return value;
        }
    }
    return rtts.back().first;
}

/// The probes in @p records (one pair's) sent in [from, to), each a run-length record stands for.
uint32_t
ProbesSent(const std::vector<const ProbeRecord*>& records, double from, double to)
{
    uint32_t n = 0;
    for (const auto* r : records)
    {
        const double t0 = r->sent.GetSeconds();
        const double every = r->count > 1 ? r->every.GetSeconds() : 0.0;
        for (uint32_t k = 0; k < r->count; ++k)
        {
            const double t = t0 + every * k;
            n += t >= from - 1e-9 && t < to - 1e-9;
        }
    }
    return n;
}

} // namespace

void
AnswerPairs(FailureSummary& f,
            const std::map<std::string, std::vector<ProbeOutage>>& mine,
            const std::map<std::string, std::vector<const ProbeRecord*>>& byPair,
            const FailureReach* reach,
            const std::function<bool(const std::string&)>& pathIsMine,
            double settleEnd,
            double next,
            double end)
{
    const double cleared = f.clearedS.value_or(end);
    std::set<std::string> names;
    for (const auto& [pair, list] : mine)
    {
        names.insert(pair);
    }
    if (reach)
    {
        for (const auto& [pair, kinds] : reach->pathKinds)
        {
            if (!kinds[0].empty() && !kinds[1].empty() && kinds[0] != kinds[1] && pathIsMine(pair))
            {
                names.insert(pair);
            }
        }
    }
    bool allBack = true;
    double lastBack = f.startS;
    for (const auto& name : names)
    {
        auto records = byPair.find(name);
        if (records == byPair.end() || records->second.empty())
        {
            continue;
        }
        FailurePairAnswer a;
        a.probe = name;
        a.failureCleared = f.clearedS.has_value() && *f.clearedS < end;
        a.site = records->second.front()->site;
        a.vnet = records->second.front()->vnet;
        if (reach && reach->pathKinds.count(name))
        {
            const auto& kinds = reach->pathKinds.at(name);
            a.pathBefore = kinds[0];
            a.pathDuring = kinds[1];
            a.pathAfter = kinds[2];
        }
        double back = f.startS; // when the pair was answered again during the failure
        double failbackEnd = cleared;
        double lostUntil = cleared; // the end of its outages during the failure, if later
        bool untilCleared = false;  // the last of them lasted until the clear (or the end)
        if (mine.count(name))
        {
            for (const auto& o : mine.at(name))
            {
                if (o.start.GetSeconds() < cleared - 1e-9)
                {
                    a.probesLost += o.lost;
                    a.lostS += o.Seconds();
                    ++a.outages;
                    lostUntil = std::max(lostUntil, o.end.GetSeconds());
                    if (o.answered)
                    {
                        a.recoveredS = o.end.GetSeconds();
                        back = std::max(back, o.end.GetSeconds());
                    }
                    else
                    {
                        a.recoveredS.reset();
                        allBack = false;
                    }
                    untilCleared = !o.answered || o.end.GetSeconds() >= cleared - 1e-9;
                }
                else
                {
                    a.failbackProbesLost += o.lost;
                    a.failbackLostS += o.Seconds();
                    failbackEnd = std::max(failbackEnd, o.end.GetSeconds());
                }
            }
        }
        if (a.recoveredS)
        {
            lastBack = std::max(lastBack, *a.recoveredS);
        }
        // No path: lost from the first loss to the clear, or losses until the clear on no path.
        // Answered between losses on a path it kept, the pair lost probes (to congestion, a
        // policer), not its path.
        a.noPathUntilCleared = untilCleared && (a.outages == 1 || a.pathDuring == "no path");
        a.probesSent = ProbesSent(records->second, f.startS, lostUntil);
        a.rttBeforeMs = MedianRtt(records->second, std::max(0.0, f.startS - 5.0), f.startS);
        if (!a.noPathUntilCleared)
        {
            // Lost now and then: its RTT over the whole failure, not only after the last loss.
            const double from = a.outages > 1 ? f.startS : std::max(back, f.startS);
            a.rttDuringMs = MedianRtt(records->second, from, settleEnd);
        }
        if (f.clearedS && *f.clearedS < end)
        {
            a.rttAfterMs = MedianRtt(records->second, failbackEnd, std::max(next, failbackEnd));
        }
        f.pairs.push_back(std::move(a));
    }
    if (f.probesLost == 0)
    {
        f.recoveryS = 0.0;
    }
    else if (allBack)
    {
        f.recoveryS = lastBack - f.startS;
    }
}

} // namespace expressroute
} // namespace ns3
