// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_RESILIENCE_ANALYSIS_H
#define EXPRESSROUTE_RESILIENCE_ANALYSIS_H

// The effect of failure sets on site-VNet pairs, and the enumeration of every single and double
// failure (doc/resilience.md; the graph and the design note: expressroute-resilience-graph.h).
//
// The state of a pair under a failure set F:
//  - reachable: the VNet's region is not in F (a region's failure is its VNets', RegionOutage),
//    and either the gateway is up and some leg of a linked, provisioned circuit is up (none of
//    its elements in F) with its attachment region connected to the VNet's region in the
//    backbone without F's links, or some VPN connection of the pair is up (none of its CE,
//    internet path, VPN gateway and region in F); over VPN only when no leg is up
//    (ExpressRoute is preferred, expressroute-vpn-builder.cc);
//  - redundant: reachable, and no single further failure (other than the VNet's own region,
//    which every path shares, and its ExpressRoute gateway when only legs are left) would cut
//    it. This is "two element-disjoint paths" (Menger), stated as failure sets because
//    correlated elements (a location, a provider) are not edges;
//  - capacity: Boost's push-relabel max-flow over the surviving legs at the circuit
//    bandwidth each, into the gateway at its SKU throughput (FastPath lifts the cap towards the
//    VNet); the backbone (400 Gbps links) is never the bottleneck and is left uncapacitated.
//    Over VPN: the VPN's SKU throughput (at most the internet uplink); a VPN adds nothing while
//    a leg is up, since it carries nothing then. Over the WAN (transit legs, used while the
//    site's own legs are down and before a VPN): the other site's legs, capped by the site
//    link's bandwidth;
//  - alternative: for a cut pair, a surviving circuit of the site that is not linked to the VNet
//    and could carry it: linkable, or forbidden by its tier (Standard across geopolitical
//    regions, Local outside its Local regions: references.md §1).
//
// Enumeration without recomputing everything per set: a pair's state depends only on F's
// intersection with its dependency set D(p) = the elements of its legs, its gateway and region,
// and the backbone links whose removal changes the connectivity or the single separators between
// one of its attachment regions and its VNet's region. So a single failure e is evaluated only
// on the pairs whose D(p) holds e; a double {e, f} is evaluated jointly only on pairs whose D(p)
// holds both (elsewhere its effect is that of one member alone); a double of two backbone links
// on the pairs whose attachment-to-VNet region pairs change in the backbone without both.

#include "expressroute-resilience-graph.h"

#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// What else could carry a cut pair.
enum class Alternative : uint8_t
{
    None,       ///< nothing of the site survives towards the VNet
    LinkVnet,   ///< a surviving circuit whose tier allows the VNet's region: link it
    UpgradeTier ///< only circuits whose tier forbids the VNet's region survive (SKU-blocked)
};

/// "none", "link", "upgrade".
std::string ToString(Alternative a);

/// The state of one site-VNet pair under a failure set.
struct PairState
{
    bool reachable{false};
    bool redundant{false};
    uint64_t capacityToVnetBps{0};   ///< site -> VNet
    uint64_t capacityFromVnetBps{0}; ///< VNet -> site
    Alternative alternative{Alternative::None};
    uint32_t alternativeCircuit{kNoIndex}; ///< circuit index, for LinkVnet / UpgradeTier
    /// The VPN connection carrying the pair when no ExpressRoute leg is up; kNoIndex otherwise.
    uint32_t vpn{kNoIndex};
    /// The site link and the other site's circuit carrying the pair when its own legs are down
    /// and a transit leg is up; kNoIndex otherwise.
    uint32_t siteLink{kNoIndex};
    uint32_t viaCircuit{kNoIndex};

    bool OverVpn() const { return vpn != kNoIndex; }
    bool OverSiteLink() const { return siteLink != kNoIndex; }
    /// Carried by a backup path: a VPN or another site's circuit over the WAN.
    bool OverBackup() const { return OverVpn() || OverSiteLink(); }

    bool operator==(const PairState& o) const
    {
        return reachable == o.reachable && redundant == o.redundant && vpn == o.vpn &&
               siteLink == o.siteLink && viaCircuit == o.viaCircuit &&
               capacityToVnetBps == o.capacityToVnetBps &&
               capacityFromVnetBps == o.capacityFromVnetBps && alternative == o.alternative &&
               alternativeCircuit == o.alternativeCircuit;
    }

    bool operator!=(const PairState& o) const { return !(*this == o); }
};

/// A pair's state under a failure set, where it differs from the baseline.
struct PairEffect
{
    uint32_t pair{0};
    PairState state;
};

/// One failure set and what it does.
struct FailureSetResult
{
    std::vector<uint32_t> elements; ///< element ids, ascending
    /// Single failures: every pair whose state differs from the baseline. Double failures: the
    /// pairs whose state differs from their state under either member alone (the joint effect);
    /// elsewhere the double's effect is a member's, listed with that single failure.
    std::vector<PairEffect> effects;
    uint32_t pairsCut{0};         ///< pairs unreachable (baseline reachable)
    uint32_t pairsCutJointly{0};  ///< doubles: cut though neither member alone cuts them
    uint32_t pairsUnredundant{0}; ///< still reachable, redundant at baseline, no longer
    uint32_t pairsShort{0};       ///< still reachable, capacity below the demand
    uint32_t pairsSkuBlocked{0};  ///< cut, and the surviving circuits' tiers forbid the region
};

/// The result of an analysis run.
struct ResilienceResult
{
    uint32_t depth{1};
    std::vector<PairState> baseline; ///< per pair, nothing failed
    std::vector<FailureSetResult> singles; ///< one per element, in element order
    /// Double failures with a joint effect on some pair, ascending by (first, second) element.
    std::vector<FailureSetResult> compoundDoubles;
    uint64_t failureSets{0};      ///< n, or n + n(n-1)/2 at depth 2
    uint64_t doubleSets{0};       ///< n(n-1)/2 at depth 2
    uint64_t jointDoubles{0};     ///< doubles evaluated jointly on at least one pair
    uint64_t pairEvaluations{0};  ///< pair states computed
    uint64_t backboneViews{0};    ///< backbone connectivity structures computed
};

/**
 * Evaluates failure sets on the pairs of a ResilienceGraph.
 */
class ResilienceAnalysis
{
  public:
    /// @p graph must outlive the analysis. Not thread-safe (it caches max-flow results).
    explicit ResilienceAnalysis(const ResilienceGraph& graph);

    /// The state of @p pair with the elements in @p failed down, from first principles (no
    /// pruning): the reference the enumeration is tested against.
    PairState Evaluate(uint32_t pair, const std::vector<uint32_t>& failed) const;
    /// Evaluate() for every pair, in pair order.
    std::vector<PairState> EvaluateAll(const std::vector<uint32_t>& failed) const;
    /// Evaluate() with the backbone view of @p failed (sorted) already computed.
    PairState Evaluate(uint32_t pair,
                       const std::vector<uint32_t>& failed,
                       const BackboneView& view) const;

    /// Every single failure, and at @p depth 2 every double failure. @p depth is 1 or 2.
    ResilienceResult Run(uint32_t depth) const;

    /// True when @p state is reachable but below the pair's demand in either direction.
    bool IsShort(uint32_t pair, const PairState& state) const;

    /// The 1-based number of a failure set in enumeration order: singles 1..n in element order,
    /// then doubles {i < j} in lexicographic order (n + 1 .. n + n(n-1)/2).
    static uint64_t SetNumber(uint64_t elementCount, const std::vector<uint32_t>& elements);

  private:
    /// The backbone view of @p failed; the cached baseline when it holds no backbone element.
    BackboneView ViewWithout(const std::vector<uint32_t>& failed) const;
    bool LegUp(uint32_t leg,
               uint32_t vnetRegion,
               const std::vector<uint32_t>& failed,
               const BackboneView& view) const;
    /// Max-flow to and from the VNet over @p legs (indices into the pair's linkedLegs, or its
    /// transitLegs when @p transit, each site link capped at its bandwidth).
    std::pair<uint64_t, uint64_t> Capacity(uint32_t pair,
                                           const std::vector<uint32_t>& legs,
                                           bool transit) const;

    const ResilienceGraph& m_graph;
    BackboneView m_baseView; ///< nothing failed
    /// Per pair: capacity by bit mask of surviving linked legs (pairs with at most 64 legs).
    mutable std::vector<std::unordered_map<uint64_t, std::pair<uint64_t, uint64_t>>> m_capacity;
    mutable uint64_t m_evaluations{0};
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_RESILIENCE_ANALYSIS_H
