// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_RESILIENCE_FINDINGS_H
#define EXPRESSROUTE_RESILIENCE_FINDINGS_H

// What the resilience analysis found, in plain words (doc/resilience.md): single points of
// failure with what they cut and the fix, dependencies inherent to a VNet in one region, the
// worst double failures grouped by what they cut together, capacity shortfalls against demand,
// surviving circuits that could carry a cut pair (linkable, or blocked by their SKU), and the
// failures a VPN backup survives. Read by
// the digest and summary.json writers (expressroute-resilience-report.h).

#include "expressroute-resilience-analysis.h"
#include "expressroute-resilience-site-pairs.h"

#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// An element whose failure alone cuts site-VNet pairs, other than the pairs of a VNet whose own
/// gateway or region it is.
struct SinglePointOfFailure
{
    uint32_t element{0};
    std::vector<uint32_t> pairs; ///< the pairs it cuts (not counting inherent ones)
    std::string text;            ///< the digest sentence: what, why, what it cuts, the fix
};

/// A VNet's own gateway and region: every path to it ends there.
struct InherentDependency
{
    uint32_t vnet{0};
    std::vector<uint32_t> pairs; ///< the VNet's pairs reachable with nothing failed
    std::string text;
};

/// Double failures that together cut the same pairs, neither failure alone cutting them.
struct DoubleFailureGroup
{
    std::vector<uint32_t> pairs;               ///< jointly cut pairs
    std::vector<std::vector<uint32_t>> sets;   ///< the double failures (element ids)
    std::string text;
};

/// What the digest and summary.json say, computed once from a result.
struct ResilienceFindings
{
    std::vector<SinglePointOfFailure> singlePoints; ///< in element order
    std::vector<InherentDependency> inherent;       ///< in VNet order
    std::vector<DoubleFailureGroup> worstDoubles;   ///< worst first: most pairs, then most sets
    std::vector<std::string> capacity;     ///< shortfalls against demand, baseline then singles
    std::vector<std::string> alternatives; ///< cut pairs a surviving circuit could carry
    /// Single failures after which a pair that used its own circuits continues over a VPN or,
    /// over the WAN, another site's circuit: what moves, at which capacity and round trip, and
    /// what the failure cuts of the same site.
    std::vector<std::string> backups;
    /// Site-to-site pairs joined by Global Reach and what single failures do to them.
    std::vector<SitePair> sitePairs;
    std::vector<SitePairFinding> sitePairFindings;
    /// Per pair: the elements whose failure alone cuts it, inherent ones (its gateway, its
    /// region) excluded.
    std::vector<std::vector<uint32_t>> pairSinglePoints;
};

/// @p items joined with @p sep.
std::string Join(const std::vector<std::string>& items, const std::string& sep = ", ");
/// The circuits linked to the VNets of @p pairs, each once, in circuit order.
std::vector<uint32_t> LinkedCircuits(const ResilienceGraph& graph, const std::vector<uint32_t>& pairs);
/// The names of the VPN connections of @p pairs, each once.
std::vector<std::string> VpnNames(const ResilienceGraph& graph, const std::vector<uint32_t>& pairs);
/// "about 1.6x the RTT: 22.7 ms instead of 14.5 ms" for a pair moved to a path of round trip
/// @p rttS (seconds), against its fastest own leg.
std::string RttComparison(const ResilienceGraph& graph, uint32_t pair, double rttS);
/// The names of @p circuits.
std::vector<std::string> CircuitNames(const ResilienceGraph& graph,
                                      const std::vector<uint32_t>& circuits);

/// Derives the findings from an analysis result.
ResilienceFindings FindResilienceFindings(const ResilienceGraph& graph,
                                          const ResilienceAnalysis& analysis,
                                          const ResilienceResult& result);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_RESILIENCE_FINDINGS_H
