// SPDX-License-Identifier: GPL-2.0-only
// The printed words of the failure answers: one headline per failure, one line per pair.
#include "expressroute-failure-summary.h"

#include <cstdio>

namespace ns3
{
namespace expressroute
{

namespace
{

/// @p v through printf's @p format ("%.2f s").
std::string
Printed(const char* format, double v)
{
    char buf[48];
    std::snprintf(buf, sizeof(buf), format, v);
    return buf;
}

std::string
Seconds(double s)
{
    return Printed("%.2f s", s);
}

std::string
Rate(double bps)
{
    return bps >= 1e9 ? Printed("%.2f Gbps", bps / 1e9) : Printed("%.2f Mbps", bps / 1e6);
}

std::string
Join(const std::vector<std::string>& v)
{
    std::string out;
    for (const auto& s : v)
    {
        out += (out.empty() ? "" : ", ") + s;
    }
    return out;
}

std::string
Ms(double ms)
{
    return Printed("%.2f ms", ms);
}

std::string
At(double s)
{
    return Printed("%g", s);
}

} // namespace

std::string
FormatFailureHeadline(const FailureSummary& f)
{
    std::string line = f.kind + " " + f.target + " at " + At(f.startS) + " s";
    if (f.clearedS)
    {
        line += " (cleared at " + At(*f.clearedS) + " s)";
    }
    line += ": ";
    line += f.detectionS ? "detected in " + Seconds(*f.detectionS) +
                               (f.detectedBy.empty() ? "" : " (" + f.detectedBy + ")")
                         : "not seen by the customer";
    if (f.convergenceS)
    {
        line += ", routes settled in " + Seconds(*f.convergenceS);
    }
    if (!f.circuitsDown.empty())
    {
        line += ", sessions down on " + Join(f.circuitsDown);
    }
    if (f.probesLost > 0)
    {
        line += ", " + std::to_string(f.probesLost) + " probes lost (longest outage " +
                Seconds(f.longestOutageS) + "; " +
                (f.pairsAffected.size() == 1 ? "pair " : "pairs ") + Join(f.pairsAffected) +
                (f.sharedWith.empty() ? "" : "; shared with " + Join(f.sharedWith)) + ")";
        std::vector<std::string> stranded;
        for (const auto& p : f.pairs)
        {
            if (p.noPathUntilCleared)
            {
                stranded.push_back(p.probe);
            }
        }
        if (!stranded.empty())
        {
            line += ", no path until " + std::string(f.clearedS ? "it cleared" : "the end") +
                    " for " + Join(stranded);
        }
        // Pairs that kept a path and were answered between their losses.
        std::vector<std::string> congested;
        std::vector<std::string> intermittent;
        for (const auto& p : f.pairs)
        {
            if (!p.noPathUntilCleared && p.outages > 1)
            {
                (p.congestedLinks.empty() ? intermittent : congested).push_back(p.probe);
            }
        }
        if (!congested.empty())
        {
            line += ", path kept but probes lost to congestion for " + Join(congested);
        }
        if (!intermittent.empty())
        {
            line += ", path kept but probes lost now and then for " + Join(intermittent);
        }
        line += f.recoveryS ? ", every pair back " + Seconds(*f.recoveryS) + " after the start"
                            : ", not every pair back by the end";
    }
    else
    {
        line += ", no probe lost";
    }
    if (f.shiftedBps > 0)
    {
        line += ", moved " + Rate(f.shiftedBps) +
                (f.from.empty() ? "" : " from " + Join(f.from)) + " to " + Join(f.to);
    }
    if (!f.linksOver80.empty())
    {
        std::vector<std::string> hot;
        for (const auto& [link, percent] : f.linksOver80)
        {
            hot.push_back(link + Printed(" %.0f %%", percent));
        }
        line += ", over 80 % afterwards: " + Join(hot);
    }
    if (!f.startedWith.empty())
    {
        // Sessions and probes were told apart by reach; routes and traffic were not.
        line += "; started with " + Join(f.startedWith) +
                ", whose route changes and traffic moves it shares";
    }
    return line;
}

std::string
FormatFailurePair(const FailurePairAnswer& p)
{
    std::string line = p.probe + " (" + p.site + " -> " + p.vnet + "): ";
    const std::string lost = Seconds(p.lostS) + ", " + std::to_string(p.probesLost) + " probe" +
                             (p.probesLost == 1 ? "" : "s");
    const std::string before = p.pathBefore.empty() ? "" : p.pathBefore + " -> ";
    if (p.noPathUntilCleared)
    {
        line += before +
                (p.failureCleared ? "no path until the failure cleared" : "no path until the end") +
                " (lost " + lost +
                (p.rttBeforeMs ? "; RTT before " + Ms(*p.rttBeforeMs) : "") + ")";
    }
    else
    {
        line += p.pathDuring.empty()       ? before + "path unknown"
                : p.pathDuring == p.pathBefore ? "stayed on " + p.pathDuring
                                                : before + p.pathDuring;
        if (p.outages > 1)
        {
            // Answered between its losses: it kept a path and lost probes, maybe to congestion.
            line += "; lost " + std::to_string(p.probesLost) + " of " +
                    std::to_string(p.probesSent) + " probes" +
                    (p.congestedLinks.empty() ? ""
                                              : " to congestion on " + Join(p.congestedLinks)) +
                    " in " + std::to_string(p.outages) + " outages (" + Seconds(p.lostS) +
                    " without answers" + (p.recoveredS ? "" : ", the last until the end") + ")";
        }
        else
        {
            line += p.probesLost > 0 ? " after " + lost + " lost" : " without loss";
        }
        if (p.rttBeforeMs || p.rttDuringMs)
        {
            line += "; RTT " + (p.rttBeforeMs ? Ms(*p.rttBeforeMs) : std::string("-")) + " -> " +
                    (p.rttDuringMs ? Ms(*p.rttDuringMs) : std::string("-"));
        }
    }
    if (!p.pathAfter.empty())
    {
        line += "; after the clear " + p.pathAfter;
        if (p.failbackProbesLost > 0)
        {
            line += ", " + Seconds(p.failbackLostS) + " lost failing back";
        }
        if (p.rttAfterMs)
        {
            line += " (RTT " + Ms(*p.rttAfterMs) + ")";
        }
    }
    return line;
}

} // namespace expressroute
} // namespace ns3
