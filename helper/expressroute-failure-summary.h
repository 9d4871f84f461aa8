// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_FAILURE_SUMMARY_H
#define EXPRESSROUTE_FAILURE_SUMMARY_H

// The headline answer per failure: when the control plane noticed, when routing settled, what
// the probes lost, and where circuit traffic went. Computed from the run's records (events,
// bgp, routes, probes, links), so the analysis package can recompute the same from the files.

#include "expressroute-run-recorder.h"

#include "ns3/nstime.h"

#include <optional>
#include <string>
#include <set>
#include <vector>

namespace ns3
{
namespace expressroute
{

struct FailureSummary
{
    std::string kind;
    std::string target;
    std::string detail;
    double startS{0};
    std::optional<double> clearedS;     ///< unset: not cleared before the end
    /// First control-plane reaction (BFD or BGP state change, NOTIFICATION, best-path change)
    /// at or after the start, from the start; unset when nothing reacted.
    std::optional<double> detectionS;
    /// Last best-path change of the burst that follows the first reaction (changes less than
    /// 2 s apart, before the failure clears or the next one starts), from the start; unset
    /// when no route changed.
    std::optional<double> convergenceS;
    /// Probes lost in the outages that began while this was the latest failure to start: the
    /// cost of the failure, including an outage that outlasts it.
    uint32_t probesLost{0};
    double longestOutageS{0}; ///< longest of those outages (first lost to next answered probe)
    std::vector<std::string> pairsAffected; ///< probes that lost anything
    /// Circuits whose customer-side sessions (<circuit>/<role>/<peering>) left Established
    /// while the failure was the latest to start: what it actually reached.
    std::vector<std::string> circuitsDown;
    /// Circuit-link throughput (in + out) before the failure and once it converged: the links
    /// that lost traffic, the links that gained it, and how much moved (sum of the gains).
    std::vector<std::string> from;
    std::vector<std::string> to;
    double shiftedBps{0};
    /// Circuit links ("<circuit>/<role>") whose busier direction carried more than 80 % of
    /// their bandwidth on average once the failure converged, with that share in percent: the
    /// headroom left.
    std::vector<std::pair<std::string, double>> linksOver80;
    /// Other failures charged with the same lost probes, because their paths crossed both
    /// ("<kind> <target>").
    std::vector<std::string> sharedWith;
};

/// Which probes' paths (there and back, just before the failure started) crossed what a
/// failure acts on; not known for kinds that cannot say (then the time rule alone applies).
struct FailureReach
{
    std::string kind;
    std::string target;
    double startS{0};
    std::set<std::string> probes;
    bool known{false};
    /// Circuit links ("<circuit>/<role>") on the paths of those probes that changed between just
    /// before the failure and just before it cleared (or the end): the only links whose change of
    /// traffic the failure explains (shifted_from / shifted_to); load drift elsewhere is not.
    std::set<std::string> movedLinks;
    bool movedKnown{false};
};

/// A run of lost probes of a pair is charged to the failures active when it began (started, not
/// yet cleared; else the one that started last before it) whose reach includes the pair; when
/// none is known to, to the one of them that started last. Several charged failures share it.
std::vector<FailureSummary> SummariseFailures(const std::vector<FailureEventRecord>& events,
                                              const std::vector<BgpEventRecord>& bgp,
                                              const std::vector<RouteRecord>& routes,
                                              const std::vector<ProbeRecord>& probes,
                                              const std::vector<LinkSample>& links,
                                              Time duration,
                                              const std::vector<FailureReach>& reach = {});

/// One line per failure for the printed summary: "PeeringLocationOutage Amsterdam at 5 s: ...".
std::string FormatFailureHeadline(const FailureSummary& f);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_FAILURE_SUMMARY_H
