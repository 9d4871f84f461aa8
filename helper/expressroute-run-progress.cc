// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-run-progress.h"

#include "expressroute-sweep-progress.h"

#include "ns3/log.h"

#include <algorithm>
#include <cstdio>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteRunProgress");

namespace
{

/// "950", "45.2k", "1.25M".
std::string
FormatRate(double perSecond)
{
    char buf[32];
    if (perSecond >= 1e6)
    {
        std::snprintf(buf, sizeof(buf), "%.2fM", perSecond / 1e6);
    }
    else if (perSecond >= 1e3)
    {
        std::snprintf(buf, sizeof(buf), "%.1fk", perSecond / 1e3);
    }
    else
    {
        std::snprintf(buf, sizeof(buf), "%.0f", perSecond);
    }
    return buf;
}

} // namespace

std::string
FormatRunProgress(const RunProgress& p)
{
    char head[96];
    if (p.simulatedSeconds < p.warmupSeconds)
    {
        std::snprintf(head, sizeof(head), "warm-up %.1f s of %g s", p.simulatedSeconds,
                      p.warmupSeconds);
    }
    else
    {
        const double reached = std::min(p.simulatedSeconds - p.warmupSeconds, p.plannedSeconds);
        const double percent = p.plannedSeconds > 0 ? 100.0 * reached / p.plannedSeconds : 100.0;
        std::snprintf(head, sizeof(head), "scenario time %.1f s of %g s (%.0f%%)", reached,
                      p.plannedSeconds, percent);
    }
    std::string line = head;
    line += ", " + (p.wallSeconds > 0 ? FormatRate(static_cast<double>(p.events) / p.wallSeconds)
                                      : std::string("--")) +
            " events/s, " + FormatClock(p.wallSeconds) + " elapsed, ETA ";
    if (p.simulatedSeconds <= 0 || p.wallSeconds <= 0)
    {
        line += "--:--";
    }
    else
    {
        const double left = std::max(0.0, p.endSeconds - p.simulatedSeconds);
        line += FormatClock(left * p.wallSeconds / p.simulatedSeconds);
    }
    return line;
}

} // namespace expressroute
} // namespace ns3
