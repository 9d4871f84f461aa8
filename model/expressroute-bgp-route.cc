// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-bgp-route.h"

#include <array>
#include <functional>

namespace ns3
{
namespace expressroute
{

std::string
ToString(BgpDecisionStep step)
{
    switch (step)
    {
    case BgpDecisionStep::OnlyRoute:
        return "only-route";
    case BgpDecisionStep::Local:
        return "local";
    case BgpDecisionStep::Weight:
        return "weight";
    case BgpDecisionStep::LocalPref:
        return "local-pref";
    case BgpDecisionStep::AsPathLength:
        return "as-path-length";
    case BgpDecisionStep::Origin:
        return "origin";
    case BgpDecisionStep::Med:
        return "med";
    case BgpDecisionStep::EbgpOverIbgp:
        return "ebgp-over-ibgp";
    case BgpDecisionStep::IgpCost:
        return "igp-cost";
    case BgpDecisionStep::RouterId:
        return "router-id";
    case BgpDecisionStep::PeerAddress:
        return "peer-address";
    case BgpDecisionStep::Multipath:
        return "multipath";
    case BgpDecisionStep::Withdrawn:
        return "withdrawn";
    }
    return "?";
}

namespace
{

/// One step: negative when a is better, positive when b is, zero when the step cannot decide.
using Step = std::pair<BgpDecisionStep, std::function<int64_t(const BgpRoute&, const BgpRoute&)>>;

const std::array<Step, 10>&
Steps()
{
    static const std::array<Step, 10> kSteps{{
        {BgpDecisionStep::Local,
         [](const BgpRoute& a, const BgpRoute& b) { return int64_t(b.local) - int64_t(a.local); }},
        {BgpDecisionStep::Weight,
         [](const BgpRoute& a, const BgpRoute& b) { return int64_t(b.weight) - int64_t(a.weight); }},
        {BgpDecisionStep::LocalPref,
         [](const BgpRoute& a, const BgpRoute& b) {
             return int64_t(b.LocalPref()) - int64_t(a.LocalPref());
         }},
        {BgpDecisionStep::AsPathLength,
         [](const BgpRoute& a, const BgpRoute& b) {
             return int64_t(a.AsPathLength()) - int64_t(b.AsPathLength());
         }},
        {BgpDecisionStep::Origin,
         [](const BgpRoute& a, const BgpRoute& b) {
             auto o = [](const BgpRoute& r) {
                 return int64_t(r.attributes.origin.value_or(BgpOrigin::Incomplete));
             };
             return o(a) - o(b);
         }},
        {BgpDecisionStep::Med,
         [](const BgpRoute& a, const BgpRoute& b) {
             if (a.attributes.FirstAsn() != b.attributes.FirstAsn())
             {
                 return int64_t(0);
             }
             return int64_t(a.attributes.med.value_or(0)) - int64_t(b.attributes.med.value_or(0));
         }},
        {BgpDecisionStep::EbgpOverIbgp,
         [](const BgpRoute& a, const BgpRoute& b) { return int64_t(b.ebgp) - int64_t(a.ebgp); }},
        {BgpDecisionStep::IgpCost,
         [](const BgpRoute& a, const BgpRoute& b) { return int64_t(a.igpCost) - int64_t(b.igpCost); }},
        {BgpDecisionStep::RouterId,
         [](const BgpRoute& a, const BgpRoute& b) {
             return int64_t(a.peerRouterId) - int64_t(b.peerRouterId);
         }},
        {BgpDecisionStep::PeerAddress,
         [](const BgpRoute& a, const BgpRoute& b) {
             return int64_t(a.peerAddress) - int64_t(b.peerAddress);
         }},
    }};
    return kSteps;
}

} // namespace

BgpComparison
CompareBgpRoutes(const BgpRoute& a, const BgpRoute& b)
{
    for (const auto& [step, cmp] : Steps())
    {
        const int64_t c = cmp(a, b);
        if (c != 0)
        {
            return {c < 0, step};
        }
    }
    return {true, BgpDecisionStep::PeerAddress};
}

BgpSelection
SelectBgpRoutes(const std::vector<BgpRoute>& candidates, uint32_t maxPaths)
{
    BgpSelection s;
    if (candidates.empty())
    {
        return s;
    }
    s.best = 0;
    for (int i = 1; i < static_cast<int>(candidates.size()); ++i)
    {
        if (!CompareBgpRoutes(candidates[s.best], candidates[i]).firstIsBetter)
        {
            s.best = i;
        }
    }
    if (candidates.size() == 1)
    {
        s.reason = BgpDecisionStep::OnlyRoute;
        s.multipath = {0};
        return s;
    }
    // Multipath: equal through IGP cost, and from the same neighbouring AS.
    s.multipath.push_back(s.best);
    const auto& best = candidates[s.best];
    std::vector<bool> inSet(candidates.size(), false);
    inSet[s.best] = true;
    for (int i = 0; i < static_cast<int>(candidates.size()) && s.multipath.size() < maxPaths; ++i)
    {
        if (i == s.best)
        {
            continue;
        }
        const auto& c = candidates[i];
        const BgpComparison cmp = CompareBgpRoutes(best, c);
        const bool equalThroughIgp = cmp.step == BgpDecisionStep::RouterId ||
                                     cmp.step == BgpDecisionStep::PeerAddress;
        if (equalThroughIgp && !c.local && c.attributes.FirstAsn() == best.attributes.FirstAsn())
        {
            s.multipath.push_back(i);
            inSet[i] = true;
        }
    }
    // The reason: the step at which the best beat the strongest candidate left out; when every
    // candidate is installed, "multipath".
    int runnerUp = -1;
    for (int i = 0; i < static_cast<int>(candidates.size()); ++i)
    {
        if (!inSet[i] &&
            (runnerUp < 0 || !CompareBgpRoutes(candidates[runnerUp], candidates[i]).firstIsBetter))
        {
            runnerUp = i;
        }
    }
    s.reason = runnerUp >= 0 ? CompareBgpRoutes(best, candidates[runnerUp]).step
                             : BgpDecisionStep::Multipath;
    return s;
}

} // namespace expressroute
} // namespace ns3
