// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-run-summary.h"

#include <algorithm>
#include <optional>
#include <cmath>
#include <map>

namespace ns3
{
namespace expressroute
{

double
Percentile(std::vector<double> values, double percent)
{
    if (values.empty())
    {
        return 0;
    }
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(std::ceil(percent / 100.0 * values.size()));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

double
FlowThroughputBps(const FlowRecord& flow)
{
    if (!flow.lastRx || *flow.lastRx <= flow.start)
    {
        return 0;
    }
    return flow.rxBytes * 8.0 / (*flow.lastRx - flow.start).GetSeconds();
}

std::vector<ProbeOutage>
OutageRuns(const std::vector<const ProbeRecord*>& records, Time end)
{
    std::vector<ProbeOutage> out;
    std::optional<ProbeOutage> open;
    for (const auto* r : records)
    {
        if (!r->success)
        {
            if (!open)
            {
                open = ProbeOutage{r->sent, Time(0), 0};
            }
            open->lost += r->count;
        }
        else if (open)
        {
            open->end = r->sent;
            open->answered = true;
            out.push_back(*open);
            open.reset();
        }
    }
    if (open)
    {
        // Still down at the end: unanswered until the run ended (not only until its last lost
        // probe was sent, which made a single lost probe at the end an outage of 0 s).
        open->end = std::max(end, records.back()->LastSent());
        out.push_back(*open);
    }
    return out;
}

std::vector<PairSummary>
SummarisePairs(const std::vector<ProbeRecord>& probes,
               const std::vector<FlowRecord>& flows,
               const std::vector<std::string>& probeOrder,
               Time end)
{
    std::map<std::string, std::vector<const ProbeRecord*>> byProbe;
    for (const auto& p : probes)
    {
        byProbe[p.probe].push_back(&p);
    }
    std::vector<PairSummary> out;
    for (const auto& name : probeOrder)
    {
        auto records = byProbe[name];
        std::sort(records.begin(), records.end(), [](const ProbeRecord* a, const ProbeRecord* b) {
            return a->seq < b->seq;
        });
        PairSummary s;
        s.probe = name;
        std::vector<double> rtts;
        for (const auto* r : records)
        {
            s.site = r->site;
            s.vnet = r->vnet;
            s.probesSent += r->count;
            if (r->success)
            {
                rtts.insert(rtts.end(), r->count, r->rtt.GetSeconds() * 1000.0);
            }
            else
            {
                s.probesLost += r->count;
            }
        }
        for (const auto& o : OutageRuns(records, end))
        {
            ++s.outages;
            s.longestOutageS = std::max(s.longestOutageS, o.Seconds());
        }
        if (s.probesSent > 0)
        {
            s.lossPercent = 100.0 * s.probesLost / s.probesSent;
            s.availabilityPercent = 100.0 - s.lossPercent;
        }
        if (!rtts.empty())
        {
            s.answered = true;
            s.rttMinMs = *std::min_element(rtts.begin(), rtts.end());
            s.rttMaxMs = *std::max_element(rtts.begin(), rtts.end());
            s.rttP50Ms = Percentile(rtts, 50);
            s.rttP99Ms = Percentile(rtts, 99);
        }
        // Bits delivered over the time the pair's flows ran (first start to last packet), so
        // that flows one after another are not added as if they ran at once.
        double bits = 0;
        std::optional<Time> from;
        std::optional<Time> to;
        for (const auto& f : flows)
        {
            if (((f.from == s.site && f.to == s.vnet) || (f.from == s.vnet && f.to == s.site)) &&
                f.lastRx && f.rxBytes > 0)
            {
                bits += 8.0 * static_cast<double>(f.rxBytes);
                from = from ? std::min(*from, f.start) : f.start;
                to = to ? std::max(*to, *f.lastRx) : *f.lastRx;
            }
        }
        if (from && *to > *from)
        {
            s.throughputBps = bits / (*to - *from).GetSeconds();
        }
        out.push_back(s);
    }
    return out;
}

std::vector<GatewaySummary>
SummariseGateways(const std::vector<GatewaySample>& samples)
{
    std::map<std::string, GatewaySummary> acc;
    for (const auto& s : samples)
    {
        auto& g = acc[s.vnet];
        g.vnet = s.vnet;
        g.sku = s.sku;
        g.throughputBps = s.throughputBps;
        g.routesLearnedSupported = s.routesLearnedSupported;
        g.peakRoutesLearned = std::max(g.peakRoutesLearned, s.routesLearned);
        g.droppedPackets += s.droppedPackets;
        const double secs = (s.end - s.start).GetSeconds();
        if (secs > 0)
        {
            g.peakBitsToVnetBps = std::max(g.peakBitsToVnetBps, s.bitsToVnet / secs);
            g.peakBitsFromVnetBps = std::max(g.peakBitsFromVnetBps, s.bitsFromVnet / secs);
        }
    }
    std::vector<GatewaySummary> out;
    for (auto& [vnet, g] : acc)
    {
        out.push_back(g);
    }
    return out;
}

std::vector<LinkSummary>
SummariseLinks(const std::vector<LinkSample>& samples)
{
    std::map<std::pair<std::string, std::string>, LinkSummary> acc;
    for (const auto& s : samples)
    {
        auto& l = acc[{s.circuit, s.role}];
        l.circuit = s.circuit;
        l.role = s.role;
        const double secs = (s.end - s.start).GetSeconds();
        if (secs <= 0)
        {
            continue;
        }
        const double in = s.bitsIn / secs;
        const double outBps = s.bitsOut / secs;
        l.peakInBps = std::max(l.peakInBps, in);
        l.peakOutBps = std::max(l.peakOutBps, outBps);
        if (s.rateBps > 0)
        {
            l.peakUtilisation = std::max(l.peakUtilisation, std::max(in, outBps) / s.rateBps);
        }
        l.droppedBits += s.droppedBitsIn + s.droppedBitsOut;
    }
    std::vector<LinkSummary> out;
    for (auto& [key, l] : acc)
    {
        out.push_back(l);
    }
    return out;
}

} // namespace expressroute
} // namespace ns3
