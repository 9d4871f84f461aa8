// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-resilience-analysis.h"

#include "expressroute-resilience-enumerator.h"

#include "ns3/abort.h"
#include "ns3/assert.h"
#include "ns3/log.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/push_relabel_max_flow.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteResilienceAnalysis");

namespace
{

using FlowTraits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
using FlowGraph = boost::adjacency_list<
    boost::vecS,
    boost::vecS,
    boost::directedS,
    boost::no_property,
    boost::property<boost::edge_capacity_t,
                    int64_t,
                    boost::property<boost::edge_residual_capacity_t,
                                    int64_t,
                                    boost::property<boost::edge_reverse_t,
                                                    FlowTraits::edge_descriptor>>>>;

/// A small flow network: site -> CE -> [PE] -> circuit link -> MSEE -> backbone -> gateway.
class FlowNetwork
{
  public:
    FlowNetwork()
        : m_g(3)
    {
    }

    static constexpr std::size_t kSource = 0;
    static constexpr std::size_t kSink = 1;
    static constexpr std::size_t kCore = 2; ///< the backbone, uncapacitated

    /// The vertex of an element, created on first use.
    std::size_t Vertex(uint32_t element)
    {
        auto [it, inserted] = m_vertex.emplace(element, boost::num_vertices(m_g));
        if (inserted)
        {
            boost::add_vertex(m_g);
        }
        return it->second;
    }

    void AddEdge(std::size_t u, std::size_t v, int64_t capacity)
    {
        auto cap = boost::get(boost::edge_capacity, m_g);
        auto rev = boost::get(boost::edge_reverse, m_g);
        auto e = boost::add_edge(u, v, m_g).first;
        auto r = boost::add_edge(v, u, m_g).first;
        cap[e] = capacity;
        cap[r] = 0;
        rev[e] = r;
        rev[r] = e;
    }

    int64_t MaxFlow() { return boost::push_relabel_max_flow(m_g, kSource, kSink); }

  private:
    FlowGraph m_g;
    std::map<uint32_t, std::size_t> m_vertex;
};

} // namespace

std::string
ToString(Alternative a)
{
    switch (a)
    {
    case Alternative::None:
        return "none";
    case Alternative::LinkVnet:
        return "link";
    case Alternative::UpgradeTier:
        return "upgrade";
    }
    return "?";
}

ResilienceAnalysis::ResilienceAnalysis(const ResilienceGraph& graph)
    : m_graph(graph),
      m_baseView(graph.ViewWithout({})),
      m_capacity(graph.GetPairs().size())
{
}

BackboneView
ResilienceAnalysis::ViewWithout(const std::vector<uint32_t>& failed) const
{
    const bool backbone = std::any_of(failed.begin(), failed.end(), [this](uint32_t e) {
        return m_graph.GetElements()[e].IsBackbone();
    });
    return backbone ? m_graph.ViewWithout(failed) : m_baseView;
}

uint64_t
ResilienceAnalysis::SetNumber(uint64_t n, const std::vector<uint32_t>& elements)
{
    NS_ASSERT_MSG(elements.size() == 1 || elements.size() == 2, "singles and doubles only");
    if (elements.size() == 1)
    {
        return elements[0] + 1;
    }
    const uint64_t i = elements[0];
    const uint64_t j = elements[1];
    NS_ASSERT(i < j);
    // Doubles starting with 0..i-1 come first: sum over k < i of (n - 1 - k).
    return n + i * (2 * n - i - 1) / 2 + (j - i - 1) + 1;
}

bool
ResilienceAnalysis::IsShort(uint32_t pair, const PairState& state) const
{
    const auto& p = m_graph.GetPairs()[pair];
    return state.reachable && (state.capacityToVnetBps < p.demandToVnetBps ||
                               state.capacityFromVnetBps < p.demandFromVnetBps);
}

bool
ResilienceAnalysis::LegUp(uint32_t legIndex,
                          uint32_t vnetRegion,
                          const std::vector<uint32_t>& failed,
                          const BackboneView& view) const
{
    const auto& leg = m_graph.GetLegs()[legIndex];
    for (uint32_t e : leg.elements)
    {
        if (std::find(failed.begin(), failed.end(), e) != failed.end())
        {
            return false;
        }
    }
    return view.Connected(leg.attachRegion, vnetRegion);
}

PairState
ResilienceAnalysis::Evaluate(uint32_t pair, const std::vector<uint32_t>& failed) const
{
    std::vector<uint32_t> sorted(failed);
    std::sort(sorted.begin(), sorted.end());
    return Evaluate(pair, sorted, ViewWithout(sorted));
}

std::vector<PairState>
ResilienceAnalysis::EvaluateAll(const std::vector<uint32_t>& failed) const
{
    std::vector<uint32_t> sorted(failed);
    std::sort(sorted.begin(), sorted.end());
    const BackboneView view = ViewWithout(sorted);
    std::vector<PairState> out;
    for (uint32_t p = 0; p < m_graph.GetPairs().size(); ++p)
    {
        out.push_back(Evaluate(p, sorted, view));
    }
    return out;
}

PairState
ResilienceAnalysis::Evaluate(uint32_t pairIndex,
                             const std::vector<uint32_t>& failed,
                             const BackboneView& view) const
{
    ++m_evaluations;
    const auto& pair = m_graph.GetPairs()[pairIndex];
    const auto& vnet = m_graph.GetVnets()[pair.vnet];
    const auto& legs = m_graph.GetLegs();
    PairState state;
    auto isFailed = [&failed](uint32_t e) {
        return std::find(failed.begin(), failed.end(), e) != failed.end();
    };
    if (isFailed(m_graph.GetRegions()[vnet.region].element))
    {
        return state; // the VNet itself is gone (RegionOutage): no alternative can help
    }
    const bool gatewayUp = !isFailed(vnet.gateway);
    // The surviving paths, in the order BGP prefers them: the site's own legs (shortest
    // AS_PATH), the other sites' legs over the WAN, the VPNs (LOCAL_PREF 50).
    std::vector<uint32_t> up;      // positions in linkedLegs
    std::vector<uint32_t> transit; // positions in transitLegs
    for (uint32_t i = 0; gatewayUp && i < pair.linkedLegs.size(); ++i)
    {
        if (LegUp(pair.linkedLegs[i], vnet.region, failed, view))
        {
            up.push_back(i);
        }
    }
    for (uint32_t i = 0; gatewayUp && i < pair.transitLegs.size(); ++i)
    {
        if (LegUp(pair.transitLegs[i], vnet.region, failed, view))
        {
            transit.push_back(i);
        }
    }
    std::vector<uint32_t> vpnsUp; // VPN connection indices
    for (uint32_t k : pair.vpns)
    {
        const auto& e = m_graph.GetVpns()[k].elements;
        if (std::none_of(e.begin(), e.end(), isFailed))
        {
            vpnsUp.push_back(k);
        }
    }
    state.reachable = !up.empty() || !transit.empty() || !vpnsUp.empty();
    if (!state.reachable)
    {
        if (!gatewayUp)
        {
            return state; // the gateway is gone and no VPN: no circuit can help
        }
        // Which surviving circuit of the site could carry it: one whose tier allows the
        // region (link it) before one whose tier forbids it (upgrade it).
        for (uint32_t l : pair.otherLegs)
        {
            if (!LegUp(l, vnet.region, failed, view))
            {
                continue;
            }
            const auto& leg = legs[l];
            const auto& circuit = m_graph.GetCircuits()[leg.circuit];
            if (m_graph.TierAllows(circuit.tier, leg.location, vnet.region))
            {
                state.alternative = Alternative::LinkVnet;
                state.alternativeCircuit = leg.circuit;
                break;
            }
            if (state.alternative == Alternative::None)
            {
                state.alternative = Alternative::UpgradeTier;
                state.alternativeCircuit = leg.circuit;
            }
        }
        return state;
    }

    // Redundancy: the elements whose single failure would take down every surviving path are
    // the intersection of the paths' kill sets: a leg's own elements and the backbone links
    // that separate its attachment region from the VNet's (an attachment region's outage leaves
    // its router up); a VPN's own elements. The VNet's ExpressRoute gateway is every leg's and
    // is left out (inherent when only legs are left, and a surviving VPN does not need it), as
    // is its region (every path ends there).
    std::vector<uint32_t> common;
    std::vector<uint32_t> kill;
    std::vector<uint32_t> next;
    bool started = false;
    auto intersect = [&](std::vector<uint32_t>& set) {
        if (!started)
        {
            common.swap(set);
            started = true;
            return;
        }
        next.clear();
        std::set_intersection(common.begin(), common.end(), set.begin(), set.end(),
                              std::back_inserter(next));
        common.swap(next);
    };
    for (uint32_t k : vpnsUp)
    {
        kill = m_graph.GetVpns()[k].elements;
        intersect(kill);
    }
    auto legKill = [&](uint32_t legIndex) {
        const auto& leg = legs[legIndex];
        kill.assign(leg.elements.begin(), leg.elements.end());
        view.AppendSeparators(leg.attachRegion, vnet.region, kill);
        std::sort(kill.begin(), kill.end());
        intersect(kill);
    };
    for (std::size_t k = 0; k < up.size() && !(started && common.empty()); ++k)
    {
        legKill(pair.linkedLegs[up[k]]);
    }
    for (std::size_t k = 0; k < transit.size() && !(started && common.empty()); ++k)
    {
        legKill(pair.transitLegs[transit[k]]);
    }
    state.redundant = common.empty();
    if (!up.empty())
    {
        std::tie(state.capacityToVnetBps, state.capacityFromVnetBps) =
            Capacity(pairIndex, up, false);
    }
    else if (!transit.empty())
    {
        state.siteLink = legs[pair.transitLegs[transit.front()]].siteLink;
        state.viaCircuit = legs[pair.transitLegs[transit.front()]].circuit;
        std::tie(state.capacityToVnetBps, state.capacityFromVnetBps) =
            Capacity(pairIndex, transit, true);
    }
    else
    {
        // Over VPN: the first surviving connection (one per pair in practice).
        const auto& vpn = m_graph.GetVpns()[vpnsUp.front()];
        state.vpn = vpnsUp.front();
        state.capacityToVnetBps = vpn.capacityBps;
        state.capacityFromVnetBps = vpn.capacityBps;
    }
    return state;
}

std::pair<uint64_t, uint64_t>
ResilienceAnalysis::Capacity(uint32_t pairIndex,
                             const std::vector<uint32_t>& upLegs,
                             bool transit) const
{
    const auto& pair = m_graph.GetPairs()[pairIndex];
    const auto& pairLegs = transit ? pair.transitLegs : pair.linkedLegs;
    const bool cacheable = pairLegs.size() <= 63;
    uint64_t mask = transit ? uint64_t{1} << 63 : 0;
    if (cacheable)
    {
        for (uint32_t i : upLegs)
        {
            mask |= uint64_t{1} << i;
        }
        auto it = m_capacity[pairIndex].find(mask);
        if (it != m_capacity[pairIndex].end())
        {
            return it->second;
        }
    }
    const auto& vnet = m_graph.GetVnets()[pair.vnet];
    auto flow = [&](bool gatewayCap) {
        int64_t total = static_cast<int64_t>(vnet.gatewayBps);
        for (uint32_t i : upLegs)
        {
            total += static_cast<int64_t>(m_graph.GetLegs()[pairLegs[i]].bandwidthBps);
        }
        const int64_t inf = total + 1;
        FlowNetwork net;
        std::set<std::size_t> wanAdded;
        for (uint32_t i : upLegs)
        {
            const auto& leg = m_graph.GetLegs()[pairLegs[i]];
            const std::size_t ce = net.Vertex(leg.ce);
            if (leg.siteLink == kNoIndex)
            {
                net.AddEdge(FlowNetwork::kSource, ce, inf);
            }
            else
            {
                // Over the WAN: the site link's bandwidth caps every leg behind it.
                const auto& link = m_graph.GetSiteLinks()[leg.siteLink];
                const std::size_t wan = net.Vertex(link.element);
                if (wanAdded.insert(wan).second)
                {
                    net.AddEdge(FlowNetwork::kSource, wan, static_cast<int64_t>(link.bandwidthBps));
                }
                net.AddEdge(wan, ce, inf);
            }
            std::size_t edge = ce;
            if (leg.pe != kNoIndex)
            {
                // The PE's access runs at 10 Gbps (TopologyBuilder::AccessRate), never below a
                // provider circuit's bandwidth: uncapacitated here.
                edge = net.Vertex(leg.pe);
                net.AddEdge(ce, edge, inf);
            }
            const std::size_t msee = net.Vertex(leg.msee);
            net.AddEdge(edge, msee, static_cast<int64_t>(leg.bandwidthBps));
            net.AddEdge(msee, FlowNetwork::kCore, inf);
        }
        net.AddEdge(FlowNetwork::kCore,
                    FlowNetwork::kSink,
                    gatewayCap ? static_cast<int64_t>(vnet.gatewayBps) : inf);
        return static_cast<uint64_t>(net.MaxFlow());
    };
    const uint64_t from = flow(true);
    // FastPath sends on-premises -> VM traffic around the gateway's data path (§6, FP).
    const uint64_t to = vnet.fastPath ? flow(false) : from;
    if (cacheable)
    {
        m_capacity[pairIndex].emplace(mask, std::make_pair(to, from));
    }
    return {to, from};
}

ResilienceResult
ResilienceAnalysis::Run(uint32_t depth) const
{
    NS_ABORT_MSG_UNLESS(depth == 1 || depth == 2, "depth must be 1 or 2, got " << depth);
    const uint64_t before = m_evaluations;
    ResilienceResult result;
    result.depth = depth;
    const uint64_t n = m_graph.GetElements().size();
    result.doubleSets = depth == 2 ? n * (n - 1) / 2 : 0;
    result.failureSets = n + result.doubleSets;
    ResilienceEnumerator enumerator(*this, m_graph, result);
    enumerator.Singles();
    if (depth == 2)
    {
        enumerator.Doubles();
    }
    result.pairEvaluations = m_evaluations - before;
    NS_LOG_INFO("depth=" << depth << " sets=" << result.failureSets
                         << " compound=" << result.compoundDoubles.size()
                         << " evaluations=" << result.pairEvaluations);
    return result;
}

} // namespace expressroute
} // namespace ns3
