// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-resilience-enumerator.h"

#include "ns3/log.h"

#include <algorithm>
#include <map>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteResilienceEnumerator");

namespace
{

bool
Contains(const std::vector<uint32_t>& sorted, uint32_t x)
{
    return std::binary_search(sorted.begin(), sorted.end(), x);
}

RegionPairSignature
SignatureOf(const BackboneView& view, uint32_t a, uint32_t r)
{
    RegionPairSignature s;
    s.connected = view.Connected(a, r);
    if (s.connected)
    {
        view.AppendSeparators(a, r, s.separators);
    }
    return s;
}

/// True when @p s is the baseline signature @p base with nothing changed by @p failed (whose
/// elements can no longer be separators).
bool
Unchanged(const RegionPairSignature& s,
          const RegionPairSignature& base,
          const std::vector<uint32_t>& failed)
{
    if (s.connected != base.connected)
    {
        return false;
    }
    std::size_t i = 0;
    for (uint32_t e : base.separators)
    {
        if (std::find(failed.begin(), failed.end(), e) != failed.end())
        {
            continue;
        }
        if (i == s.separators.size() || s.separators[i] != e)
        {
            return false;
        }
        ++i;
    }
    return i == s.separators.size();
}

} // namespace

ResilienceEnumerator::ResilienceEnumerator(const ResilienceAnalysis& analysis,
                                           const ResilienceGraph& graph,
                                           ResilienceResult& result)
    : m_analysis(analysis),
      m_graph(graph),
      m_result(result),
      m_n(graph.GetElements().size()),
      m_affects(m_n),
      m_singleStates(m_n),
      m_views(m_n),
      m_singleSignatures(m_n)
{
}

void
ResilienceEnumerator::Count(FailureSetResult& r,
                            uint32_t pair,
                            const PairState& s,
                            bool cutAlone) const
{
    const PairState& base = m_result.baseline[pair];
    if (base.reachable && !s.reachable)
    {
        ++r.pairsCut;
        r.pairsCutJointly += cutAlone ? 0 : 1;
        r.pairsSkuBlocked += s.alternative == Alternative::UpgradeTier ? 1 : 0;
    }
    if (base.redundant && s.reachable && !s.redundant)
    {
        ++r.pairsUnredundant;
    }
    if (m_analysis.IsShort(pair, s))
    {
        ++r.pairsShort;
    }
}

const RegionPairSignature&
ResilienceEnumerator::SingleSignature(uint32_t e, std::size_t k) const
{
    const auto& list = m_singleSignatures[e];
    auto it = std::lower_bound(list.begin(), list.end(), k, [](const auto& entry, std::size_t key) {
        return entry.first < key;
    });
    return it != list.end() && it->first == k ? it->second : m_baseSignature[k];
}

const PairState&
ResilienceEnumerator::SingleState(uint32_t element, uint32_t pair) const
{
    const auto& list = m_affects[element];
    auto it = std::lower_bound(list.begin(), list.end(), pair);
    if (it != list.end() && *it == pair)
    {
        return m_singleStates[element][it - list.begin()];
    }
    return m_result.baseline[pair];
}

void
ResilienceEnumerator::Singles()
{
    const auto& pairs = m_graph.GetPairs();
    const auto& elements = m_graph.GetElements();
    m_baseView = m_graph.ViewWithout({});
    ++m_result.backboneViews;
    for (uint32_t p = 0; p < pairs.size(); ++p)
    {
        m_result.baseline.push_back(m_analysis.Evaluate(p, {}, m_baseView));
        for (uint32_t e : pairs[p].localElements)
        {
            m_affects[e].push_back(p);
        }
    }
    std::map<std::pair<uint32_t, uint32_t>, std::size_t> regionPairIndex;
    for (uint32_t p = 0; p < pairs.size(); ++p)
    {
        const uint32_t r = m_graph.GetVnets()[pairs[p].vnet].region;
        for (uint32_t a : pairs[p].attachRegions)
        {
            auto [it, inserted] =
                regionPairIndex.emplace(std::make_pair(a, r), m_regionPairs.size());
            if (inserted)
            {
                m_regionPairs.emplace_back(a, r);
                m_baseSignature.push_back(SignatureOf(m_baseView, a, r));
                m_regionPairPairs.emplace_back();
            }
            m_regionPairPairs[it->second].push_back(p);
        }
    }
    for (uint32_t e = 0; e < m_n; ++e)
    {
        const BackboneView* view = &m_baseView;
        if (elements[e].IsBackbone())
        {
            m_views[e] = m_graph.ViewWithout({e});
            ++m_result.backboneViews;
            view = &m_views[e];
            // The pairs of every region pair whose signature changes.
            std::vector<uint32_t> changed;
            for (std::size_t k = 0; k < m_regionPairs.size(); ++k)
            {
                const auto [a, r] = m_regionPairs[k];
                RegionPairSignature sig = SignatureOf(*view, a, r);
                if (!Unchanged(sig, m_baseSignature[k], {e}))
                {
                    changed.insert(changed.end(),
                                   m_regionPairPairs[k].begin(),
                                   m_regionPairPairs[k].end());
                    m_singleSignatures[e].emplace_back(k, std::move(sig));
                }
            }
            std::sort(changed.begin(), changed.end());
            changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
            m_affects[e] = std::move(changed);
        }
        FailureSetResult r;
        r.elements = {e};
        for (uint32_t p : m_affects[e])
        {
            const PairState s = m_analysis.Evaluate(p, r.elements, *view);
            m_singleStates[e].push_back(s);
            if (s != m_result.baseline[p])
            {
                r.effects.push_back({p, s});
                Count(r, p, s, true);
            }
        }
        m_result.singles.push_back(std::move(r));
    }
}

void
ResilienceEnumerator::Double(uint32_t e,
                   uint32_t f,
                   const std::vector<uint32_t>& joint,
                   const BackboneView& view)
{
    ++m_result.jointDoubles;
    const std::vector<uint32_t> failed{e, f};
    std::vector<PairState> states;
    states.reserve(joint.size());
    FailureSetResult r;
    for (uint32_t p : joint)
    {
        states.push_back(m_analysis.Evaluate(p, failed, view));
        const PairState& s = states.back();
        if (s != SingleState(e, p) && s != SingleState(f, p))
        {
            r.effects.push_back({p, s});
        }
    }
    if (r.effects.empty())
    {
        return; // wherever both matter, one of them alone explains the state
    }
    r.elements = failed;
    // Counts over every pair either member or the pair together affects.
    std::vector<uint32_t> all;
    std::set_union(m_affects[e].begin(), m_affects[e].end(), m_affects[f].begin(),
                   m_affects[f].end(), std::back_inserter(all));
    std::vector<uint32_t> merged;
    std::set_union(all.begin(), all.end(), joint.begin(), joint.end(), std::back_inserter(merged));
    for (uint32_t p : merged)
    {
        auto it = std::lower_bound(joint.begin(), joint.end(), p);
        const bool isJoint = it != joint.end() && *it == p;
        const PairState& s = isJoint ? states[it - joint.begin()]
                                     : (Contains(m_affects[e], p) ? SingleState(e, p)
                                                                  : SingleState(f, p));
        const bool cutAlone = !SingleState(e, p).reachable || !SingleState(f, p).reachable;
        Count(r, p, s, cutAlone);
    }
    m_result.compoundDoubles.push_back(std::move(r));
}

void
ResilienceEnumerator::BackboneDoubles(const std::vector<uint32_t>& backbone)
{
    // A pair's state depends on the backbone only through its region pairs' signatures. Where
    // they all equal those under one member alone, the pair's state is that member's: evaluate
    // jointly only the pairs with a region pair differing from the first member's and one
    // differing from the second's.
    const auto& pairs = m_graph.GetPairs();
    std::vector<uint8_t> flags(pairs.size(), 0);
    std::vector<uint32_t> touched;
    std::vector<uint32_t> joint;
    for (std::size_t i = 0; i < backbone.size(); ++i)
    {
        for (std::size_t j = i + 1; j < backbone.size(); ++j)
        {
            const uint32_t e = backbone[i];
            const uint32_t f = backbone[j];
            const std::vector<uint32_t> failed{e, f};
            const BackboneView view = m_graph.ViewWithout(failed);
            ++m_result.backboneViews;
            for (std::size_t k = 0; k < m_regionPairs.size(); ++k)
            {
                const RegionPairSignature sig =
                    SignatureOf(view, m_regionPairs[k].first, m_regionPairs[k].second);
                if (Unchanged(sig, m_baseSignature[k], failed))
                {
                    continue;
                }
                const uint8_t differs = (sig != SingleSignature(e, k) ? 1 : 0) |
                                        (sig != SingleSignature(f, k) ? 2 : 0);
                for (uint32_t p : m_regionPairPairs[k])
                {
                    if (!flags[p])
                    {
                        touched.push_back(p);
                    }
                    flags[p] |= 4 | differs;
                }
            }
            for (uint32_t p : touched)
            {
                // Pairs both members affect alone are evaluated too: which member's state
                // they keep is not known from the flags.
                if ((flags[p] & 3) == 3 || (Contains(m_affects[e], p) && Contains(m_affects[f], p)))
                {
                    joint.push_back(p);
                }
                flags[p] = 0;
            }
            touched.clear();
            if (!joint.empty())
            {
                std::sort(joint.begin(), joint.end());
                Double(e, f, joint, view);
                joint.clear();
            }
        }
    }
}

void
ResilienceEnumerator::Doubles()
{
    const auto& pairs = m_graph.GetPairs();
    const auto& elements = m_graph.GetElements();
    // D(p): the pair's own elements and the backbone elements that affect it alone.
    std::vector<std::vector<uint32_t>> depends(pairs.size());
    for (uint32_t p = 0; p < pairs.size(); ++p)
    {
        depends[p] = pairs[p].localElements;
    }
    std::vector<uint32_t> backbone;
    for (uint32_t e = 0; e < m_n; ++e)
    {
        if (elements[e].IsBackbone())
        {
            backbone.push_back(e);
            for (uint32_t p : m_affects[e])
            {
                depends[p].push_back(e);
            }
        }
    }
    for (auto& d : depends)
    {
        std::sort(d.begin(), d.end());
    }

    // Doubles with at most one backbone element: jointly only on pairs depending on both.
    std::vector<std::vector<uint32_t>> joint(m_n);
    std::vector<uint32_t> partners;
    for (uint32_t e = 0; e < m_n; ++e)
    {
        for (uint32_t p : m_affects[e])
        {
            for (auto it = std::upper_bound(depends[p].begin(), depends[p].end(), e);
                 it != depends[p].end();
                 ++it)
            {
                const uint32_t f = *it;
                if (elements[e].IsBackbone() && elements[f].IsBackbone())
                {
                    continue;
                }
                if (joint[f].empty())
                {
                    partners.push_back(f);
                }
                joint[f].push_back(p); // pairs arrive in ascending order
            }
        }
        std::sort(partners.begin(), partners.end());
        for (uint32_t f : partners)
        {
            const BackboneView& view = elements[e].IsBackbone()   ? m_views[e]
                                       : elements[f].IsBackbone() ? m_views[f]
                                                                  : m_baseView;
            Double(e, f, joint[f], view);
            joint[f].clear();
        }
        partners.clear();
    }

    BackboneDoubles(backbone);
    std::sort(m_result.compoundDoubles.begin(),
              m_result.compoundDoubles.end(),
              [](const FailureSetResult& a, const FailureSetResult& b) {
                  return a.elements < b.elements;
              });
}

} // namespace expressroute
} // namespace ns3
