// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-resilience-site-pairs.h"

#include "expressroute-output-writer.h"
#include "expressroute-resilience-findings.h"

#include <algorithm>

namespace ns3
{
namespace expressroute
{

namespace
{

std::vector<uint32_t>
Union(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b)
{
    std::vector<uint32_t> out(a);
    out.insert(out.end(), b.begin(), b.end());
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

uint32_t
CircuitIndex(const ResilienceGraph& g, const std::string& name)
{
    for (uint32_t c = 0; c < g.GetCircuits().size(); ++c)
    {
        if (g.GetCircuits()[c].name == name)
        {
            return c;
        }
    }
    return kNoIndex;
}

} // namespace

std::vector<SitePair>
BuildSitePairs(const ResilienceGraph& g)
{
    std::vector<SitePair> pairs;
    auto pairOf = [&pairs](uint32_t a, uint32_t b) -> SitePair& {
        for (auto& p : pairs)
        {
            if (p.siteA == a && p.siteB == b)
            {
                return p;
            }
        }
        pairs.push_back(SitePair{a, b, {}});
        return pairs.back();
    };
    const auto& legs = g.GetLegs();
    for (const auto& gr : g.GetGlobalReach())
    {
        uint32_t ca = CircuitIndex(g, gr.circuitA);
        uint32_t cb = CircuitIndex(g, gr.circuitB);
        const auto* a = &g.GetCircuits()[ca];
        const auto* b = &g.GetCircuits()[cb];
        if (a->site == b->site || !a->provisioned || !b->provisioned)
        {
            continue; // no pair of sites, or a circuit that carries nothing
        }
        if (a->site > b->site)
        {
            std::swap(a, b);
        }
        SitePair& pair = pairOf(a->site, b->site);
        for (uint32_t k = 0; k < 2; ++k)
        {
            const auto& la = legs[a->legs[k]];
            const auto& lb = legs[b->legs[k]];
            SitePath path;
            path.name = gr.name + "/" + ToString(la.role);
            path.elements = Union(la.elements, lb.elements);
            path.regionA = la.attachRegion;
            path.regionB = lb.attachRegion;
            path.capacityBps = std::min(a->bandwidthBps, b->bandwidthBps);
            path.rttS = 2 * (la.edgeDelayS + g.BackboneDelayS(la.attachRegion, lb.attachRegion) +
                             lb.edgeDelayS);
            pair.paths.push_back(std::move(path));
        }
    }
    // The VPN hubs: a VNet's VPN gateway with a connection from each site; a site link between
    // them first.
    for (auto& pair : pairs)
    {
        for (const auto& link : g.GetSiteLinks())
        {
            if (std::minmax(link.sites[0], link.sites[1]) != std::minmax(pair.siteA, pair.siteB))
            {
                continue;
            }
            SitePath path;
            path.wan = true;
            path.name = link.name;
            path.elements = Union({g.GetSites()[pair.siteA].ces.front(), link.element},
                                  {g.GetSites()[pair.siteB].ces.front()});
            path.capacityBps = link.bandwidthBps;
            path.rttS = 2 * (2 * g.GetLanDelayS() + link.delayS);
            pair.paths.insert(pair.paths.begin(), std::move(path));
        }
        const auto& vpns = g.GetVpns();
        for (const auto& va : vpns)
        {
            for (const auto& vb : vpns)
            {
                if (va.site != pair.siteA || vb.site != pair.siteB || va.vnet != vb.vnet)
                {
                    continue;
                }
                SitePath path;
                path.vpn = true;
                path.name = va.name + " + " + vb.name;
                path.elements = Union(va.elements, vb.elements);
                path.regionA = path.regionB = g.GetVnets()[va.vnet].region;
                path.capacityBps = std::min(va.capacityBps, vb.capacityBps);
                path.rttS = 2 * (2 * g.GetLanDelayS() + va.internetS + vb.internetS);
                pair.paths.push_back(std::move(path));
            }
        }
    }
    return pairs;
}

SitePairState
EvaluateSitePair(const SitePair& pair,
                 const std::vector<uint32_t>& failed,
                 const BackboneView& view)
{
    SitePairState state;
    for (uint32_t i = 0; i < pair.paths.size(); ++i)
    {
        const auto& path = pair.paths[i];
        const bool elementsUp = std::none_of(path.elements.begin(),
                                             path.elements.end(),
                                             [&failed](uint32_t e) {
                                                 return std::binary_search(failed.begin(),
                                                                           failed.end(),
                                                                           e);
                                             });
        if (elementsUp && (path.wan || view.Connected(path.regionA, path.regionB)))
        {
            state.reachable = true;
            state.path = i;
            return state; // in preference order: WAN, Global Reach, VPN
        }
    }
    return state;
}

std::vector<SitePairFinding>
FindSitePairFindings(const ResilienceGraph& g, const std::vector<SitePair>& pairs)
{
    std::vector<SitePairFinding> out(pairs.size());
    for (uint32_t p = 0; p < pairs.size(); ++p)
    {
        out[p].pair = p;
    }
    if (pairs.empty())
    {
        return out;
    }
    const BackboneView base = g.ViewWithout({});
    for (uint32_t e = 0; e < g.GetElements().size(); ++e)
    {
        const bool backbone = g.GetElements()[e].IsBackbone();
        const BackboneView view = backbone ? g.ViewWithout({e}) : BackboneView{};
        for (uint32_t p = 0; p < pairs.size(); ++p)
        {
            const SitePairState s = EvaluateSitePair(pairs[p], {e}, backbone ? view : base);
            if (!s.reachable)
            {
                out[p].cutBy.push_back(e);
            }
            else if (pairs[p].paths[s.path].vpn)
            {
                out[p].vpnBy.push_back(e);
            }
        }
    }
    auto names = [&g](const std::vector<uint32_t>& elements) {
        std::vector<std::string> n;
        for (uint32_t e : elements)
        {
            n.push_back(g.GetElements()[e].name);
        }
        return Join(n);
    };
    for (auto& f : out)
    {
        const auto& pair = pairs[f.pair];
        const auto& gr = pair.paths.front(); // the preferred path
        std::string text = g.GetSites()[pair.siteA].name + " <-> " + g.GetSites()[pair.siteB].name +
                           " over " + (gr.wan ? "site link " + gr.name : "Global Reach") +
                           " (RTT " + FormatFixed(gr.rttS * 1e3, 1) + " ms): ";
        text += f.cutBy.empty() ? "no single failure cuts it"
                                : "cut by " + names(f.cutBy);
        const SitePath* vpn = nullptr;
        for (const auto& path : pair.paths)
        {
            vpn = vpn ? vpn : (path.vpn ? &path : nullptr);
        }
        if (!f.vpnBy.empty() && vpn)
        {
            text += "; over VPN " + vpn->name + " at " + FormatBandwidth(vpn->capacityBps) +
                    " (about " + FormatFixed(vpn->rttS / gr.rttS, 1) + "x the RTT: " +
                    FormatFixed(vpn->rttS * 1e3, 1) + " ms) after losing " + names(f.vpnBy);
        }
        f.text = text + ".";
    }
    return out;
}

} // namespace expressroute
} // namespace ns3
