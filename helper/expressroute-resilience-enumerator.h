// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_RESILIENCE_ENUMERATOR_H
#define EXPRESSROUTE_RESILIENCE_ENUMERATOR_H

// The enumeration behind ResilienceAnalysis::Run (the method: expressroute-resilience-analysis.h
// and doc/resilience.md). Split from the analysis, which evaluates one failure set on one pair,
// so that each file keeps one responsibility: this one decides which (set, pair) evaluations are
// needed and aggregates their results.

#include "expressroute-resilience-analysis.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// The dependency signature of one (attachment region, VNet region) pair in a backbone view:
/// whether they are connected, and the single backbone failures that would separate them.
/// A pair's state depends on the backbone only through the signatures of its region pairs.
struct RegionPairSignature
{
    bool connected{false};
    std::vector<uint32_t> separators;

    bool operator==(const RegionPairSignature& o) const
    {
        return connected == o.connected && separators == o.separators;
    }

    bool operator!=(const RegionPairSignature& o) const { return !(*this == o); }
};

/**
 * The enumeration of one ResilienceAnalysis::Run: which pairs each element affects alone (its
 * dependency sets), the single-failure states, the backbone views of single backbone failures,
 * and the double failures evaluated jointly only where both members matter.
 */
class ResilienceEnumerator
{
  public:
    /// Fills @p result (baseline, singles, compound doubles, counters) for @p analysis.
    ResilienceEnumerator(const ResilienceAnalysis& analysis,
                         const ResilienceGraph& graph,
                         ResilienceResult& result);

    /// The baseline and every single failure.
    void Singles();
    /// Every double failure; after Singles().
    void Doubles();

  private:
    const PairState& SingleState(uint32_t element, uint32_t pair) const;
    /// The signature of region pair @p k with backbone element @p e failed alone.
    const RegionPairSignature& SingleSignature(uint32_t e, std::size_t k) const;
    /// The doubles of two backbone elements.
    void BackboneDoubles(const std::vector<uint32_t>& backbone);
    /// Evaluates {e, f} on @p joint (sorted): the pairs whose state under {e, f} may differ from
    /// their state under either member alone; every other pair keeps the state of the member
    /// that affects it. Records the double if some pair's state differs from both.
    void Double(uint32_t e,
                uint32_t f,
                const std::vector<uint32_t>& joint,
                const BackboneView& view);
    void Count(FailureSetResult& r, uint32_t pair, const PairState& s, bool cutAlone) const;

    const ResilienceAnalysis& m_analysis;
    const ResilienceGraph& m_graph;
    ResilienceResult& m_result;
    std::size_t m_n;
    std::vector<std::vector<uint32_t>> m_affects;       ///< per element: pairs, sorted
    std::vector<std::vector<PairState>> m_singleStates; ///< aligned with m_affects
    std::vector<BackboneView> m_views;                  ///< per backbone element
    /// Per backbone element: (region pair, signature) where it differs from the baseline.
    std::vector<std::vector<std::pair<std::size_t, RegionPairSignature>>> m_singleSignatures;
    BackboneView m_baseView;
    /// (attachment region, VNet region) pairs, their baseline signatures and their pairs.
    std::vector<std::pair<uint32_t, uint32_t>> m_regionPairs;
    std::vector<RegionPairSignature> m_baseSignature;
    std::vector<std::vector<uint32_t>> m_regionPairPairs;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_RESILIENCE_ENUMERATOR_H
